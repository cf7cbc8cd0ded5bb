"""Demo step: the institutions of the Karaganda region — special organisations, general schools
with their inclusion support cabinets, universities and colleges.

Deterministic: the general schools come from a seeded random generator, BINs from fixed ranges
completed with their check digit, so every run writes the same rows (update_or_create by BIN).
Positions are a small seeded offset from the settlement's centre (the CSV's coordinates); the
addresses and BINs are invented. Rural schools sit in the district centres.
"""

import random
from dataclasses import dataclass

from inventory.identifiers import complete_bin
from inventory.models import Area, Institution, NeedCategory

from .places import UNITS
from .special import OTHER_NAMES, OTHER_NEEDS, OTHERS, SPECIAL_SCHOOLS

K = Institution.Kind
SEED = 35  # the region's KATO prefix; any fixed number would do

# General schools per area, roughly in proportion to population.
GENERAL_SCHOOLS = {
    "351000000": 58, "352400000": 22, "351600000": 12, "352200000": 8, "352800000": 8, "352100000": 3,
    "353200000": 8, "353600000": 5, "354000000": 9, "354800000": 6, "355200000": 6, "355600000": 7,
    "356400000": 6,
}
STREETS = ["ул. Абая", "ул. Гоголя", "ул. Жамбыла", "ул. Сатпаева", "ул. Толе би", "ул. Бухар-Жырау",
           "ул. Казыбек би", "ул. Ауэзова", "ул. Шокана Уалиханова", "ул. Мира", "ул. Школьная",
           "ул. Абылай хана", "ул. Строителей", "ул. Юбилейная"]

UNIVERSITIES = [  # area, kind, inclusion classroom, en, ru, kk, address
    ("351000000", K.UNIVERSITY, True, "Buketov Karaganda University",
     "Карагандинский университет имени академика Е. А. Букетова",
     "Академик Е. А. Бөкетов атындағы Қарағанды университеті", "ул. Университетская, 28"),
    ("351000000", K.UNIVERSITY, True, "Bolashak Academy", "Академия «Болашак»", "«Болашақ» академиясы",
     "ул. Ерубаева, 16"),
    ("351000000", K.UNIVERSITY, False, "Abylkas Saginov Karaganda Technical University",
     "Карагандинский технический университет имени Абылкаса Сагинова",
     "Әбілқас Сағынов атындағы Қарағанды техникалық университеті", "пр. Нурсултана Назарбаева, 56"),
    ("351000000", K.UNIVERSITY, False, "Karaganda Medical University", "Медицинский университет Караганды",
     "Қарағанды медицина университеті", "ул. Гоголя, 40"),
    ("352400000", K.UNIVERSITY, True, "Karaganda Industrial University", "Карагандинский индустриальный университет",
     "Қарағанды индустриялық университеті", "пр. Республики, 30"),
    ("351000000", K.COLLEGE, True, "Pedagogical college, Karaganda", "Педагогический колледж, Караганда",
     "Педагогикалық колледж, Қарағанды", "ул. Ермекова, 31"),
    ("351600000", K.COLLEGE, True, "Pedagogical college, Balkhash", "Педагогический колледж, Балхаш",
     "Педагогикалық колледж, Балқаш", "ул. Ленина, 14"),
    ("352400000", K.COLLEGE, False, "Humanitarian and technical college, Temirtau",
     "Гуманитарно-технический колледж, Темиртау", "Гуманитарлық-техникалық колледж, Теміртау", "ул. Мира, 52"),
    ("354800000", K.COLLEGE, True, "Agricultural and pedagogical college, Karkaralinsk",
     "Аграрно-педагогический колледж, Каркаралинск", "Аграрлық-педагогикалық колледж, Қарқаралы",
     "ул. Аубакирова, 3"),
]


@dataclass
class Bins:
    """Consecutive valid BINs from a fixed, invented range (registered 2001, a legal entity)."""

    prefix: str  # YYMM of registration, 4 = resident legal entity, 0 = head office
    serial: int = 0

    def next(self):
        while True:
            self.serial += 1
            if value := complete_bin(f"{self.prefix}{self.serial:05d}"):
                return value


def _near(rng, area, spread):
    return (round(area.centre_latitude + rng.uniform(-spread, spread), 6),
            round(area.centre_longitude + rng.uniform(-spread, spread) * 1.5, 6))


def _address(rng):
    return f"{rng.choice(STREETS)}, {rng.randint(1, 120)}"


def _put(bin_, *, area, kind, names, rng, needs=(), at=None, address=None, inclusion=False):
    latitude, longitude = at or _near(rng, area, 0.03 if area.level == Area.Level.CITY else 0.008)
    institution, _ = Institution.objects.update_or_create(bin=bin_, defaults={
        "name_en": names[0], "name_ru": names[1], "name_kk": names[2], "kind": kind, "area": area,
        "settlement": area.centre_name_ru, "address": address or _address(rng), "latitude": latitude,
        "longitude": longitude, "has_inclusion_classroom": inclusion})
    institution.needs.set(needs)
    return institution


def _place(area):
    return area.centre_name_en, area.centre_name_ru, area.centre_name_kk


def load():
    rng = random.Random(SEED)
    areas = {a.code: a for a in Area.objects.filter(code__in=UNITS)}
    needs = {n.code: n for n in NeedCategory.objects.all()}
    made = 0

    special_bins = Bins("010740")
    for code, number, need, templates in SPECIAL_SCHOOLS:
        names = [t.format(n=number) for t in templates]
        _put(special_bins.next(), area=areas[code], kind=K.SPECIAL_SCHOOL, names=names, rng=rng,
             needs=[needs[need]])
        made += 1
    for kind, places in OTHERS.items():
        served = needs.values() if OTHER_NEEDS[kind] == "*" else [needs[c] for c in OTHER_NEEDS[kind]]
        for code, count in places:
            area = areas[code]
            for number in range(1, count + 1):
                names = [t.format(n=number, place=p) for t, p in zip(OTHER_NAMES[kind], _place(area), strict=True)]
                _put(special_bins.next(), area=area, kind=kind, names=names, rng=rng, needs=served)
                made += 1

    general_bins, isc_bins = Bins("010940"), Bins("011140")
    templates = ("General school No. {n}, {place}", "Общеобразовательная школа № {n}, {place}",
                 "№ {n} жалпы білім беретін мектеп, {place}")
    isc_templates = ("Inclusion support cabinet at school No. {n}, {place}",
                     "Кабинет поддержки инклюзии при школе № {n}, {place}",
                     "№ {n} мектеп жанындағы инклюзияны қолдау кабинеті, {place}")
    for code, count in GENERAL_SCHOOLS.items():
        area = areas[code]
        for number in range(1, count + 1):
            names = [t.format(n=number, place=p) for t, p in zip(templates, _place(area), strict=True)]
            # About one school in four has special classes for some categories of need.
            special_classes = rng.sample(sorted(needs), k=rng.choice([1, 2])) if rng.random() < 0.25 else []
            school = _put(general_bins.next(), area=area, kind=K.GENERAL_SCHOOL, names=names, rng=rng,
                          needs=[needs[c] for c in special_classes], inclusion=rng.random() < 0.15)
            made += 1
            if number % 7 == 1:  # the first school of each seven hosts an inclusion support cabinet
                names = [t.format(n=number, place=p) for t, p in zip(isc_templates, _place(area), strict=True)]
                _put(isc_bins.next(), area=area, kind=K.ISC, names=names, rng=rng, needs=list(needs.values()),
                     at=(school.latitude, school.longitude), address=school.address)
                made += 1

    higher_bins = Bins("011340")
    for code, kind, inclusion, en, ru, kk, address in UNIVERSITIES:
        _put(higher_bins.next(), area=areas[code], kind=kind, names=(en, ru, kk), rng=rng, address=address,
             inclusion=inclusion, needs=list(needs.values()) if inclusion else [])
        made += 1
    return f"{made} institutions"
