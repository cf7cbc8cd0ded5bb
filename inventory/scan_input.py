"""What a scanner or a person may send, turned into an asset tag or a precise reason why not.

One function, `read_scan`, owns this. It accepts the tag as printed ("K7QM-X4R9"), the whole QR
URL, any case, look-alike characters, Cyrillic letters that look like Latin ones, and the
keystrokes of a keyboard-wedge scanner when the computer's layout is Russian (ЙЦУКЕН) or Kazakh
(RST KazSSR 903-90, Windows "Kazakh": its digit row types ә і ң ғ ү ұ қ ө һ). It never guesses
on its own: every reading is offered to the tag's check character, which alone decides.
"""

import itertools
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote

from .identifiers import TAG_ALPHABET, TAG_LENGTH, is_well_formed_room_code, is_well_formed_tag

# The same physical keys, as each layout types them: unshifted, then shifted. A wedge scanner
# presses the key a US keyboard would need, so the layout's character names the US one.
_US = ("`1234567890-=qwertyuiop[]asdfghjkl;'zxcvbnm,./",
       '~!@#$%^&*()_+QWERTYUIOP{}ASDFGHJKL:"ZXCVBNM<>?')
_RUSSIAN = ("ё1234567890-=йцукенгшщзхъфывапролджэячсмитьбю.",
            'Ё!"№;%:?*()_+ЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ,')
_KAZAKH = ('("әіңғ,.үұқөһйцукенгшщзхъфывапролджэячсмитьбю№',
           ")!ӘІҢҒ;:ҮҰҚӨҺЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ?")


def _keymap(layout):
    table = {}
    for typed_row, us_row in zip(layout, _US, strict=True):
        for typed, us in zip(typed_row, us_row, strict=True):
            if typed != us:
                table.setdefault(typed, us)
    return str.maketrans(table)


LAYOUTS = {"ru": _keymap(_RUSSIAN), "kk": _keymap(_KAZAKH)}
_LAYOUT_CHARS = {c for layout in (_RUSSIAN, _KAZAKH) for row in layout for c in row if not c.isascii()}

# Cyrillic capitals drawn exactly like Latin ones: a person typing a tag on a Russian phone
# keyboard may pick them without noticing.
_HOMOGLYPHS = str.maketrans("АВЕКМНОРСТХУ", "ABEKMHOPCTXY")

# The tag alphabet has no 0, O, 1, I or L, so one of them in a reading was misread from a
# character the label does have. Each is offered the alphabet's characters it resembles.
LOOKALIKES = {"0": "DQ", "O": "DQ", "1": "7TJ", "I": "7TJ", "L": "7TJ", "|": "7TJ"}
_MAX_LOOKALIKES = 3  # more unreadable characters than this is not a tag worth guessing at

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.·]")
_URL_TAG = re.compile(r"/u/([^/?#\s]+)", re.IGNORECASE)
_URL_ROOM = re.compile(r"/r/([^/?#\s]+)", re.IGNORECASE)
# Some scanners prefix the symbology (AIM identifier "]Q1" for a QR code); it is not content.
_AIM_PREFIX = re.compile(r"^\][A-Za-z][0-9]")
_TAG_SHAPED = set(TAG_ALPHABET) | set(LOOKALIKES)


class Problem:
    EMPTY = "empty"
    MISTYPED = "mistyped"
    NOT_A_TAG = "not_a_tag"


@dataclass(frozen=True)
class ScanInput:
    """The tags a scan may mean (well-formed, most likely first), or the reason it means none."""

    raw: str
    tags: tuple[str, ...] = ()
    problem: str = ""
    # The closest thing to a tag that was read, for a message about a mistyped one.
    typed: str = ""

    @property
    def tag(self):
        return self.tags[0] if self.tags else None


def read_scan(raw):
    """Read what a scanner, a camera or a person sent; see the module's docstring for what it accepts."""
    text = _clean(raw)
    if not text:
        return ScanInput(raw=raw or "", problem=Problem.EMPTY)
    tags, near_misses = [], []
    for reading in _readings(text):
        body = _tag_part(reading)
        if body is None:
            continue
        found = _well_formed(body)
        tags.extend(t for t in found if t not in tags)
        if not found and TAG_LENGTH - 1 <= len(body) <= TAG_LENGTH + 1 and set(body) <= _TAG_SHAPED:
            near_misses.append(body)
    if tags:
        return ScanInput(raw=raw, tags=tuple(tags))
    if near_misses:
        return ScanInput(raw=raw, problem=Problem.MISTYPED, typed=near_misses[0])
    return ScanInput(raw=raw, problem=Problem.NOT_A_TAG)


def _clean(raw):
    text = unicodedata.normalize("NFC", str(raw or ""))
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C").strip()
    return _AIM_PREFIX.sub("", text)


def _readings(text):
    """The text as typed, then as the keys a Russian or Kazakh layout would have turned into it."""
    yield text
    if any(c in _LAYOUT_CHARS for c in text):
        yield text.translate(LAYOUTS["ru"])
        yield text.translate(LAYOUTS["kk"])


def _tag_part(reading):
    """The candidate tag in a reading: the last /u/<tag> of a URL, or the whole text; None for other URLs."""
    if match := _URL_TAG.findall(reading):
        reading = unquote(match[-1])
    elif "://" in reading or reading.lower().startswith("www."):
        return None
    body = _SEPARATORS.sub("", reading).upper().translate(_HOMOGLYPHS)
    return body if body.isalnum() or set(body) <= _TAG_SHAPED else None


def _well_formed(body):
    if len(body) != TAG_LENGTH:
        return []
    unsure = [i for i, c in enumerate(body) if c in LOOKALIKES]
    if len(unsure) > _MAX_LOOKALIKES:
        return []
    options = [LOOKALIKES[c] if i in unsure else c for i, c in enumerate(body)]
    return [tag for tag in ("".join(chars) for chars in itertools.product(*options)) if is_well_formed_tag(tag)]


def read_room(raw):
    """The room code a scan means (its label's /r/<code> URL, or the code typed), or None.

    A room code is shorter than an asset tag, so a unit's label is never read as a room; the
    same keyboard layouts and look-alike letters are undone as for a tag, and the check character
    decides.
    """
    text = _clean(raw)
    for reading in _readings(text) if text else ():
        if match := _URL_ROOM.findall(reading):
            reading = unquote(match[-1])
        elif "://" in reading or _URL_TAG.search(reading):
            continue
        body = _SEPARATORS.sub("", reading).upper().translate(_HOMOGLYPHS)
        if is_well_formed_room_code(body):
            return body
    return None
