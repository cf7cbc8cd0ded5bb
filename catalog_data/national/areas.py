"""National demo step: every region's real districts and cities (224 units, 2024), with their boundaries.

Names and KATO codes come from the bundled level-2 boundary file (geokz, CC BY 4.0); the boundaries
go through `logistics.boundaries`, matched by KATO code, as `manage.py import_boundaries` would take
them. The file names no administrative centres: an area's centre here is the point deepest inside
it (its name the area's own), good enough for a demo's map and its distances.
"""

from inventory.models import Area
from logistics import boundaries

from ..places import COUNTRY_CODE
from ..statistics import BOUNDARIES

ADM2 = BOUNDARIES / "kaz_admbnda_adm2_2024.zip"
# The three cities with a region's status: their subdivisions are urban districts.
CITY_REGIONS = {"71", "75", "79"}


def read():
    """The level-2 features as a GeoDataFrame in WGS 84."""
    return boundaries.read_file(ADM2)


def is_city(kato):
    """KATO's third digit 1 or 2 marks a city (or town) of regional significance."""
    return kato[:2] in CITY_REGIONS or kato[2] in "12"


def names(row, city):
    en, ru, kk = str(row["ADM2_EN"]), str(row["ADM2_RU"]), str(row["ADM2_KK"])
    if row["KATO"][:2] in CITY_REGIONS:
        return f"{en} district", f"{ru} район", f"{kk} ауданы"
    if city:
        return f"{en} city", f"г. {ru}", f"{kk} қаласы"
    return f"{en} district", f"{ru} район", f"{kk} ауданы"


def load(frame):
    """Create the areas the register lacks (the demo's Karaganda units stay as they are), then their boundaries."""
    regions = {a.code[:2]: a for a in Area.objects.filter(level=Area.Level.REGION, parent__code=COUNTRY_CODE)}
    known = set(Area.objects.filter(level__in=[Area.Level.DISTRICT, Area.Level.CITY]).values_list("code", flat=True))
    new = []
    for _, row in frame.iterrows():
        kato = str(row["KATO"])
        if kato in known:
            continue
        city = is_city(kato)
        en, ru, kk = names(row, city)
        centre = row.geometry.representative_point()
        new.append(Area(code=kato, level=Area.Level.CITY if city else Area.Level.DISTRICT, parent=regions[kato[:2]],
                        name_en=en, name_ru=ru, name_kk=kk, centre_name_en=str(row["ADM2_EN"]),
                        centre_name_ru=str(row["ADM2_RU"]), centre_name_kk=str(row["ADM2_KK"]),
                        centre_latitude=round(centre.y, 6), centre_longitude=round(centre.x, 6)))
    Area.objects.bulk_create(new)
    if new:
        plan = boundaries.plan_import(ADM2, "district")
        if not plan.ok:
            raise boundaries.BoundaryFileError("; ".join(plan.problems))
        boundaries.apply_import(plan)
    return len(new)
