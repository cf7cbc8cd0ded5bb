"""Demo step: Kazakhstan, its 20 regions, and the Karaganda region's 6 cities and 7 districts.

Region codes: the 9-digit KATO code of a region is its two-digit prefix followed by zeros, and
the same two digits make its ISO 3166-2 code (KZ-35) and the boundary files' pcode (KZ35), so
`import_boundaries` can match every region by code. The Karaganda units and their centres come
from karaganda_admin_centres.csv (coordinates © OpenStreetMap contributors, ODbL).
"""

import csv
from pathlib import Path

from inventory.models import Area

CENTRES_CSV = Path(__file__).with_name("karaganda_admin_centres.csv")
COUNTRY_CODE = "000000000"
KARAGANDA_REGION = "350000000"

REGIONS = [  # KATO prefix, English, Russian, Kazakh (as in the 2024 boundary files)
    ("10", "Abay region", "Абайская область", "Абай облысы"),
    ("11", "Akmola region", "Акмолинская область", "Ақмола облысы"),
    ("15", "Aktobe region", "Актюбинская область", "Ақтөбе облысы"),
    ("19", "Almaty region", "Алматинская область", "Алматы облысы"),
    ("23", "Atyrau region", "Атырауская область", "Атырау облысы"),
    ("27", "West Kazakhstan region", "Западно-Казахстанская область", "Батыс Қазақстан облысы"),
    ("31", "Zhambyl region", "Жамбылская область", "Жамбыл облысы"),
    ("33", "Zhetysu region", "Жетысуская область", "Жетісу облысы"),
    ("35", "Karaganda region", "Карагандинская область", "Қарағанды облысы"),
    ("39", "Kostanay region", "Костанайская область", "Қостанай облысы"),
    ("43", "Kyzylorda region", "Кызылординская область", "Қызылорда облысы"),
    ("47", "Mangystau region", "Мангистауская область", "Маңғыстау облысы"),
    ("55", "Pavlodar region", "Павлодарская область", "Павлодар облысы"),
    ("59", "North Kazakhstan region", "Северо-Казахстанская область", "Солтүстік Қазақстан облысы"),
    ("61", "Turkestan region", "Туркестанская область", "Түркістан облысы"),
    ("62", "Ulytau region", "Улытауская область", "Ұлытау облысы"),
    ("63", "East Kazakhstan region", "Восточно-Казахстанская область", "Шығыс Қазақстан облысы"),
    ("71", "Astana (city)", "Астана (город)", "Астана (қала)"),
    ("75", "Almaty (city)", "Алматы (город)", "Алматы (қала)"),
    ("79", "Shymkent (city)", "Шымкент (город)", "Шымкент (қала)"),
]

# The 13 second-level units: KATO -> English, Russian, Kazakh name of the unit itself
# (the CSV names their centres).
UNITS = {
    "351000000": ("Karaganda city", "г. Караганда", "Қарағанды қаласы"),
    "352400000": ("Temirtau city", "г. Темиртау", "Теміртау қаласы"),
    "351600000": ("Balkhash city", "г. Балхаш", "Балқаш қаласы"),
    "352200000": ("Saran city", "г. Сарань", "Саран қаласы"),
    "352800000": ("Shakhtinsk city", "г. Шахтинск", "Шахтинск қаласы"),
    "352100000": ("Priozersk city", "г. Приозёрск", "Приозёрск қаласы"),
    "353200000": ("Abay district", "Абайский район", "Абай ауданы"),
    "353600000": ("Aktogay district", "Актогайский район", "Ақтоғай ауданы"),
    "354000000": ("Bukhar-Zhyrau district", "Бухар-Жырауский район", "Бұқар жырау ауданы"),
    "354800000": ("Karkaraly district", "Каркаралинский район", "Қарқаралы ауданы"),
    "355200000": ("Nura district", "Нуринский район", "Нұра ауданы"),
    "355600000": ("Osakarov district", "Осакаровский район", "Осакаров ауданы"),
    "356400000": ("Shet district", "Шетский район", "Шет ауданы"),
}


def centres():
    """The CSV's rows, keyed by the unit's KATO code."""
    with CENTRES_CSV.open(encoding="utf-8") as f:
        return {row["unit_kato"]: row for row in csv.DictReader(f)}


def load():
    country, _ = Area.objects.update_or_create(code=COUNTRY_CODE, defaults={
        "name_en": "Kazakhstan", "name_ru": "Казахстан", "name_kk": "Қазақстан", "level": Area.Level.COUNTRY,
        "iso_code": "KZ", "parent": None, "centre_name_en": "Astana", "centre_name_ru": "Астана",
        "centre_name_kk": "Астана", "centre_latitude": 51.128207, "centre_longitude": 71.430411})
    for prefix, en, ru, kk in REGIONS:
        Area.objects.update_or_create(code=f"{prefix}0000000", defaults={
            "name_en": en, "name_ru": ru, "name_kk": kk, "level": Area.Level.REGION, "parent": country,
            "iso_code": f"KZ-{prefix}"})
    region = Area.objects.get(code=KARAGANDA_REGION)
    Area.objects.filter(pk=region.pk).update(centre_name_en="Karaganda", centre_name_ru="Караганда",
                                             centre_name_kk="Қарағанды", centre_latitude=49.816128,
                                             centre_longitude=73.102662)
    for code, row in centres().items():
        en, ru, kk = UNITS[code]
        Area.objects.update_or_create(code=code, defaults={
            "name_en": en, "name_ru": ru, "name_kk": kk, "parent": region,
            "level": Area.Level.CITY if row["kind"] == "city" else Area.Level.DISTRICT,
            "centre_name_en": row["centre_en"], "centre_name_ru": row["centre_ru"],
            "centre_name_kk": row["centre_kk"], "centre_latitude": float(row["lat"]),
            "centre_longitude": float(row["lon"])})
    return f"1 country, {len(REGIONS)} regions, {len(UNITS)} cities and districts"
