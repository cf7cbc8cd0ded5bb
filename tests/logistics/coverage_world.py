"""A small hand-made region for the coverage page's tests: a city with a special school, a district
with none and a school 119 km away from it, children and specialists, and a delivery."""

from shapely.geometry import box, mapping

from inventory.models import Area, Institution, NeedCategory
from logistics.models import ChildrenInNeed, SpecialistCount
from tests import factories

XSS = "<img src=x onerror=alert(1)>"


def build():
    # The vocabularies come from the data migration (tests/conftest.py refills them after a flush).
    city = factories.area(code="351000000", name="Karaganda city", level=Area.Level.CITY)
    district = factories.area(code="353200000", name="Abay district", level=Area.Level.DISTRICT)
    Area.objects.filter(pk=city.pk).update(boundary=mapping(box(73.0, 49.7, 73.3, 49.9)),
                                           centre_latitude=49.8, centre_longitude=73.1)
    Area.objects.filter(pk=district.pk).update(boundary=mapping(box(72.0, 48.5, 73.0, 49.7)),
                                               centre_latitude=49.6, centre_longitude=72.9)
    special = factories.institution("Special school No. 3 for deaf children", kind=Institution.Kind.SPECIAL_SCHOOL,
                                    in_area=city)
    special.needs.set([NeedCategory.objects.get(code="hearing")])
    near = factories.institution("School No. 1", in_area=city, has_inclusion_classroom=True)
    far = factories.institution(XSS, in_area=district)
    Institution.objects.filter(pk=far.pk).update(latitude=48.8, longitude=72.5)   # about 119 km away
    Institution.objects.filter(pk=near.pk).update(latitude=49.87, longitude=73.1)  # about 8 km away
    for area, need, children in [(city, "hearing", 40), (city, "speech", 20), (district, "speech", 30)]:
        ChildrenInNeed.objects.create(area=area, year=2024, need_id=need, children=children, illustrative=True)
    SpecialistCount.objects.create(area=city, year=2024, kind="speech_therapist", count=3)
    factories.shipment(near, units=4)
    return {"city": city, "district": district, "special": special, "near": near, "far": far}
