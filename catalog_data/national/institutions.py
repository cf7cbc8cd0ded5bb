"""National demo step: institutions across the country, each at a point inside its own area.

Invented but plausible: about one in twenty-five a special organisation (special schools, PMPCs,
OPPCs, rehabilitation and autism centres), colleges and universities in the cities, general schools
everywhere, more of everything where people live (cities count three times a rural district).
BINs come from their own invented range (registered in 2009), completed with their check digit.
"""

import random

import numpy as np
import shapely

from inventory.identifiers import complete_bin
from inventory.models import Area, Institution

K = Institution.Kind
# (kind, share, English, Russian, Kazakh name templates)
KINDS = [
    (K.GENERAL_SCHOOL, 0.86, "General school No. {n}, {place}", "Общеобразовательная школа № {n}, {place}",
     "№ {n} жалпы білім беретін мектеп, {place}"),
    (K.ISC, 0.05, "Inclusion support cabinet No. {n}, {place}", "Кабинет поддержки инклюзии № {n}, {place}",
     "№ {n} инклюзияны қолдау кабинеті, {place}"),
    (K.SPECIAL_SCHOOL, 0.02, "Special school No. {n}, {place}", "Специальная школа № {n}, {place}",
     "№ {n} арнайы мектеп, {place}"),
    (K.PMPC, 0.01, "PMPC No. {n}, {place}", "ПМПК № {n}, {place}", "№ {n} ПМПК, {place}"),
    (K.OPPC, 0.012, "OPPC No. {n}, {place}", "КППК № {n}, {place}", "№ {n} ППТК, {place}"),
    (K.REHAB_CENTRE, 0.005, "Rehabilitation centre No. {n}, {place}", "Реабилитационный центр № {n}, {place}",
     "№ {n} оңалту орталығы, {place}"),
    (K.AUTISM_CENTRE, 0.003, "Autism support centre No. {n}, {place}", "Центр поддержки детей с аутизмом № {n}, "
     "{place}", "№ {n} аутизмді қолдау орталығы, {place}"),
    (K.COLLEGE, 0.03, "College No. {n}, {place}", "Колледж № {n}, {place}", "№ {n} колледж, {place}"),
    (K.UNIVERSITY, 0.01, "University No. {n}, {place}", "Университет № {n}, {place}", "№ {n} университет, {place}"),
]
HIGHER = {K.COLLEGE, K.UNIVERSITY}
BIN_PREFIX = "090540"  # YYMM 0905, a resident legal entity (4), a head office (0)


def weights(areas):
    return {a.code: 3 if a.level == Area.Level.CITY else 1 for a in areas}


def points_inside(geometry, count, rng):
    """`count` points drawn evenly inside the polygon (rejection sampling in its bounding box)."""
    west, south, east, north = geometry.bounds
    generator = np.random.default_rng(rng.randrange(2**32))
    found = []
    while len(found) < count:
        xs = generator.uniform(west, east, count * 4)
        ys = generator.uniform(south, north, count * 4)
        inside = shapely.contains_xy(geometry, xs, ys)
        found.extend(zip(ys[inside].round(6).tolist(), xs[inside].round(6).tolist(), strict=True))
    return found[:count]


def load(frame, count, seed):
    """Add `count` institutions (none when the national ones are there already); returns how many."""
    if Institution.objects.filter(bin__startswith=BIN_PREFIX).exists():
        return 0
    rng = random.Random(seed)
    geometries = {str(row["KATO"]): row.geometry for _, row in frame.iterrows()}
    areas = list(Area.objects.filter(code__in=geometries).order_by("code"))
    weight = weights(areas)
    total = sum(weight.values())
    serial, numbers, made = 0, {}, []
    for area in areas:
        share = max(1, round(count * weight[area.code] / total))
        points = points_inside(geometries[area.code], share, rng)
        for latitude, longitude in points:
            kind, _, *templates = _kind(rng, area)
            # From 101: the demo's own Karaganda institutions keep their numbers and names to themselves.
            numbers[(area.code, kind)] = number = numbers.get((area.code, kind), 100) + 1
            place = (area.centre_name_en, area.centre_name_ru, area.centre_name_kk)
            names = [t.format(n=number, place=p) for t, p in zip(templates, place, strict=True)]
            while not (bin_ := complete_bin(f"{BIN_PREFIX}{serial:05d}")):
                serial += 1
            serial += 1
            made.append(Institution(bin=bin_, name_en=names[0], name_ru=names[1], name_kk=names[2], kind=kind,
                                    area=area, settlement=area.centre_name_ru, latitude=latitude,
                                    longitude=longitude, address=f"№ {rng.randint(1, 200)}",
                                    has_inclusion_classroom=kind in HIGHER and rng.random() < 0.5))
    Institution.objects.bulk_create(made, batch_size=2000)
    return len(made)


def _kind(rng, area):
    while True:
        choice = rng.choices(KINDS, weights=[k[1] for k in KINDS])[0]
        # Colleges and universities stand in cities.
        if choice[0] not in HIGHER or area.level == Area.Level.CITY:
            return choice
