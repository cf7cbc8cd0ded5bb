"""Place names and codes as people write them, reduced to keys that compare equal for the same place.

`normalise_name()` folds spelling (case, «ё», hyphens, apostrophes, Latin/Cyrillic, Abai/Abay) and drops
the words that say what kind of place a name is ("District", «район», «ауданы», "г.", "Region", ", Kazakhstan").
`place_key()` adds the known renamings of `catalog_data/place_aliases.csv` (Kievka is Nura); the same table
lists known typos (Termitau), which are only ever *suggested*: a wrong automatic match is worse than none.
"""

import csv
import re
import unicodedata
from functools import cache
from pathlib import Path

ALIASES_CSV = Path(__file__).resolve().parents[1] / "catalog_data" / "place_aliases.csv"

# Words that say what kind of place a name is rather than which one: «Абайский район», «Abay district»,
# «Абай ауданы», «г. Сарань», «Astana (city)», «Карагандинская область», "Temirtau City Administration".
QUALIFIERS = {
    "район", "district", "ауданы", "аудан", "г", "город", "city", "қаласы", "қала", "kalasy", "qalasy",
    "область", "обл", "облысы", "region", "oblast", "oblysy", "of", "the", "р-н", "rayon", "raion", "audany",
    "audani", "province", "провинция", "administration", "akimat", "акимат", "әкімдігі", "municipality",
    "г.а", "га", "ga", "обл.", "town", "regional", "significance", "subordination", "значения",
    "областного", "облыстық", "маңызы", "бар",
}
# A publisher's trailing country name: "Saran, Kazakhstan". Only after a comma, because
# "West Kazakhstan" and «Батыс Қазақстан» are region names in which the word matters.
COUNTRY_SUFFIX = re.compile(r",\s*(republic of\s+)?(kazakhstan|казахстан|қазақстан)\s*$")
APOSTROPHES = "'’ʼ`´ʹ‘\"«»"
CYRILLIC = dict(zip(
    "абвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя",
    ["a", "b", "v", "g", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "k", "l", "m", "n", "n", "o", "o",
     "p", "r", "s", "t", "u", "u", "u", "f", "kh", "h", "ts", "ch", "sh", "sh", "", "i", "i", "", "e", "iu",
     "ia"], strict=True))
# Spellings of the same sound: Abai/Abay, Zhezkazgan/Jezkazgan, Qaraghandy/Karagandy, and Russian х
# against Kazakh қ (Балхаш/Балқаш, Бухар/Бұқар).
LATIN_FOLDS = [("kh", "k"), ("gh", "g"), ("dzh", "j"), ("zh", "j"), ("q", "k"), ("y", "i"), ("w", "v"),
               ("ts", "c"), ("x", "h")]
KATO_LIKE = re.compile(r"^\s*(kz)?\s*-?\s*(\d{1,9})\s*$", re.IGNORECASE)


def normalise_name(name):
    """A spelling-proof key for a place name in Kazakh, Russian or English."""
    text = unicodedata.normalize("NFKC", str(name or "")).lower().replace("ё", "е")
    text = COUNTRY_SUFFIX.sub("", text.strip())
    text = re.sub(r"\([^)]*\)", " ", text)                 # "Astana (city)"
    for mark in APOSTROPHES:
        text = text.replace(mark, "")
    words = [w for w in re.split(r"[\s.,]+", text) if w]
    kept = [w for w in words if w not in QUALIFIERS]
    text = "".join(kept or words)                          # "Region" alone stays a name
    text = "".join(CYRILLIC.get(ch, ch) for ch in text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if ch.isascii() and ch.isalnum())
    for old, new in LATIN_FOLDS:
        text = text.replace(old, new)
    # Russian adjectival forms, in either script: Абайский, Карагандинская, Osakarovskiy.
    stem = re.sub(r"(skii|ski|skaia|skoe|skoi|ckii|ckaia)$", "", text)
    if stem != text and len(stem) > 4:
        stem = re.sub(r"in$", "", stem)                    # Karagandin(skaia) -> Karagand(a)
    text = stem
    text = re.sub(r"(.)\1+", r"\1", text)                  # doubled letters
    return re.sub(r"[aeiou]$", "", text) if len(text) > 3 else text  # Karagandy / Karaganda


def code_to_kato(value):
    """A 9-digit KATO code from a KATO or an OCHA pcode (KZ35 -> 350000000, KZ351000 -> 351000000).

    Anything else (another publisher's pcode such as KAZ011005) gives "": its digits are not KATO digits."""
    found = KATO_LIKE.match(str(value or ""))
    if not found or set(found.group(2)) == {"0"}:
        return ""
    return found.group(2).ljust(9, "0")


@cache
def aliases():
    """{written key: (meant key, kind)} from the alias table; kind is "renamed" or "typo"."""
    with ALIASES_CSV.open(encoding="utf-8") as f:
        return {normalise_name(row["written"]): (normalise_name(row["means"]), row["kind"])
                for row in csv.DictReader(f)}


def place_key(name):
    """The key a name is matched by: its normalised form, or the current name's if the place was renamed."""
    key = normalise_name(name)
    meant, kind = aliases().get(key, (key, ""))
    return meant if kind == "renamed" else key


def known_typo(name):
    """The key of the name a known misspelling stands for, or "": a suggestion, never a match."""
    meant, kind = aliases().get(normalise_name(name), ("", ""))
    return meant if kind == "typo" else ""


def area_keys(area):
    """Every key an area answers to, in its three languages."""
    return {place_key(n) for n in (area.name_en, area.name_ru, area.name_kk)} - {""}
