"""The Karaganda demo tells the study's story: the numbers a project manager will look for are there,
every unit has a real history, and loading the demo again changes nothing.

The demo is loaded once for the module inside a transaction that is rolled back at the end, so the
other test modules never see it."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.test import override_settings

from catalog_data.items import ITEMS, KITS
from catalog_data.places import centres
from catalog_data.users import DEMO_USERS
from inventory.identifiers import is_valid_bin
from inventory.models import Area, DevelopmentSphere, Institution, Item, KitComponent, Unit, UnitEvent
from logistics.models import Shipment

K = Institution.Kind
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _load():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER), transaction.atomic():
        output = _load()
        yield output
        transaction.set_rollback(True)


def _counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models()
            if m._meta.app_label in {"inventory", "logistics", "auth"}}


def _special():
    return Institution.objects.filter(kind__in=Institution.SPECIAL_KINDS)


def test_the_region_has_34_special_organisations_in_5_of_6_cities_and_3_of_7_district_centres(demo, db):
    region = Area.objects.get(code="350000000")
    cities = region.children.filter(level=Area.Level.CITY)
    districts = region.children.filter(level=Area.Level.DISTRICT)
    assert (cities.count(), districts.count()) == (6, 7)
    assert _special().count() == 34
    assert cities.filter(institutions__kind__in=Institution.SPECIAL_KINDS).distinct().count() == 5
    assert districts.filter(institutions__kind__in=Institution.SPECIAL_KINDS).distinct().count() == 3
    # "in only 3 of the 7 district centres": the rural ones sit in the centre itself.
    for org in _special().filter(area__level=Area.Level.DISTRICT).select_related("area"):
        assert org.settlement == org.area.centre_name_ru


def test_ten_special_schools_cover_six_categories_as_the_study_counts(demo, db):
    schools = Institution.objects.filter(kind=K.SPECIAL_SCHOOL)
    split = dict(schools.values_list("needs__code").annotate(n=Count("pk")))
    assert schools.count() == 10
    assert split == {"developmental_delay": 1, "intellectual_disability": 5, "hearing": 1, "vision": 1,
                     "speech": 1, "mobility": 1}


def test_general_schools_universities_and_colleges_are_spread_over_the_region(demo, db):
    schools = Institution.objects.filter(kind=K.GENERAL_SCHOOL)
    assert schools.count() >= 150
    assert set(schools.values_list("area__code", flat=True)) == set(centres())
    assert Institution.objects.filter(kind=K.ISC).exists()
    assert schools.filter(needs__isnull=False).exists(), "some schools have special classes"
    universities = Institution.objects.filter(kind=K.UNIVERSITY, has_inclusion_classroom=True)
    assert universities.filter(name_en="Buketov Karaganda University").exists()
    assert Institution.objects.filter(kind=K.COLLEGE, has_inclusion_classroom=True).exists()


def test_every_institution_has_a_valid_bin_and_sits_near_its_settlement(demo, db):
    for institution in Institution.objects.select_related("area"):
        assert is_valid_bin(institution.bin), institution.bin
        assert abs(institution.latitude - institution.area.centre_latitude) < 0.1
        assert abs(institution.longitude - institution.area.centre_longitude) < 0.1
        assert institution.name_ru and institution.name_kk and institution.name_en


def test_areas_carry_codes_the_boundary_import_can_match(demo, db):
    regions = Area.objects.filter(level=Area.Level.REGION)
    assert regions.count() == 20
    assert regions.get(iso_code="KZ-35").code == "350000000"
    assert all(r.code == f"{r.iso_code[3:]}0000000" for r in regions)
    for code, row in centres().items():
        area = Area.objects.get(code=code)
        assert (area.centre_latitude, area.centre_longitude) == (float(row["lat"]), float(row["lon"]))
        assert area.centre_name_kk == row["centre_kk"]


def test_the_catalogue_spans_every_category_and_every_sphere_in_three_languages(demo, db):
    items = Item.objects.all()
    assert items.count() >= 60
    assert set(items.values_list("category", flat=True)) == set(Item.Category.values)
    assert set(items.values_list("spheres__code", flat=True)) == set(DevelopmentSphere.objects.values_list(
        "code", flat=True))
    assert set(items.values_list("tracking", flat=True)) == set(Item.Tracking.values)
    assert KitComponent.objects.values("kit").distinct().count() >= 3
    kazakh_letters = set("әғқңөүұһі")
    assert all(i.name_kk != i.name_ru for i in items), "Kazakh names are not Russian copies"
    written_in_kazakh = [i for i in items if set(i.name_kk.lower()) & kazakh_letters]
    assert len(written_in_kazakh) >= 0.9 * len(items)
    assert all(i.needs.exists() and i.spheres.exists() for i in items)


def test_shipments_exist_in_every_status_and_every_unit_has_its_history(demo, db):
    assert set(Shipment.objects.values_list("status", flat=True)) == set(Shipment.Status.values)
    assert Unit.objects.count() >= 100
    last = {}
    for event in UnitEvent.objects.order_by("at", "pk"):
        assert event.old_status == last.get(event.unit_id, ""), "each event starts where the last one ended"
        last[event.unit_id] = event.new_status
    assert last == dict(Unit.objects.values_list("pk", "status"))
    for shipment in Shipment.objects.exclude(status=Shipment.Status.DRAFT):
        assert not shipment.units.filter(status=Unit.Status.EXPECTED).exists(), shipment.waybill_number
        assert UnitEvent.objects.filter(shipment_id=shipment.pk, new_status=Unit.Status.IN_TRANSIT).count() \
            == shipment.units.count()


def test_the_demo_school_has_shipments_waiting_for_its_staff(demo, db):
    staff = next(u for u in DEMO_USERS if u.school)
    waiting = Shipment.objects.filter(destination__staff__user__username=staff.username,
                                      status__in=["dispatched", "partially_received"])
    assert waiting.count() >= 2


def test_loading_the_demo_again_creates_no_duplicates(demo, db):
    before = _counts()
    output = _load()
    assert _counts() == before
    assert "0 new shipments" in output


def test_load_demo_prints_every_demo_user_with_a_password(demo, db):
    for user in DEMO_USERS:
        assert user.username in demo and user.password in demo


@pytest.mark.parametrize("demo_user", DEMO_USERS, ids=lambda u: u.username)
def test_each_demo_user_logs_in_and_sees_the_home_page_of_their_role(demo, db, client, demo_user):
    reply = client.post("/login/", {"username": demo_user.username, "password": demo_user.password}, follow=True)
    assert reply.status_code == 200
    assert reply.context["user"].username == demo_user.username
    assert reply.context["user_role"] == demo_user.role
    if demo_user.school:
        assert len(reply.context["awaiting"]) >= 2
        assert demo_user.school in reply.context["institution"].name_en
    elif demo_user.role == "monitor":
        assert len(reply.context["monitored"]) >= 2 and reply.context["rounds"]
    else:
        assert reply.context["special_total"] == 34


def test_a_closed_round_over_a_sample_found_every_kind_of_answer_and_its_acts_are_signed(demo, db):
    from inventory.models import Room
    from logistics.models import Finding, VerificationAct, VerificationRound

    round_ = VerificationRound.objects.get(selection="sample")
    assert round_.status == "closed" and round_.seed is not None and round_.population
    assert set(round_.institutions.values_list("area__parent__code", flat=True)) <= {"350000000", None}
    visits = round_.visits.all()
    assert visits.count() == round_.institutions.count() >= 2
    assert VerificationAct.objects.filter(visit__in=visits).count() == visits.count()
    findings = Finding.objects.filter(visit__in=visits)
    assert set(findings.values_list("result", flat=True)) == set(Finding.Result.values)
    assert findings.filter(condition="broken").exists() and findings.filter(in_use=False).exists()
    assert Unit.objects.filter(status=Unit.Status.MISSING, findings__result="not_found").exists()
    assert not Unit.objects.filter(status=Unit.Status.INSTALLED, room__isnull=True).exists()
    assert Room.objects.count() >= 3


def test_item_codes_are_unique_and_kits_name_real_components():
    codes = [row[0] for row in ITEMS]
    assert len(codes) == len(set(codes))
    assert {c for parts in KITS.values() for c, _ in parts} | set(KITS) <= set(codes)


def test_the_readme_and_the_demo_loader_offer_the_same_users_and_hints():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    for user in DEMO_USERS:
        line = next(line for line in readme.splitlines() if line.startswith(f"| `{user.username}` |"))
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        assert cells[1] == f"`{user.password}`"
        assert cells[-1].replace("`", "") == user.try_this, user.username


def test_the_demos_history_is_dated_around_each_waybills_dispatch_date(demo, db):
    from datetime import timedelta

    from django.utils import timezone

    from logistics.models import ShipmentEvent

    for shipment in Shipment.objects.exclude(status=Shipment.Status.DRAFT):
        dispatched = ShipmentEvent.objects.get(shipment=shipment, action=ShipmentEvent.Action.DISPATCHED)
        assert timezone.localtime(dispatched.at).date() == shipment.dispatch_date, shipment.waybill_number
        assert timezone.localtime(shipment.dispatched_at).date() == shipment.dispatch_date
        if shipment.closed_at:
            assert timedelta(0) < shipment.closed_at - shipment.dispatched_at < timedelta(days=14)
        events = list(ShipmentEvent.objects.filter(shipment=shipment).order_by("pk").values_list("at", flat=True))
        assert events == sorted(events) and events[-1] <= timezone.now()


def test_the_demo_has_problems_in_every_triage_state_a_repair_under_warranty_and_write_offs(demo, db):
    from logistics.models import FaultReport, RepairOrder, WriteOff

    assert set(FaultReport.objects.values_list("status", flat=True)) == set(FaultReport.Status.values)
    assert RepairOrder.objects.filter(under_warranty=True, status="sent").exists()
    assert WriteOff.objects.count() == 2
    assert all(u.status == "written_off" for w in WriteOff.objects.all() for u in w.units.all())
def test_the_demo_has_a_received_transfer_with_both_documents_one_on_its_way_and_one_to_approve(demo, db):
    from logistics.models import AcceptanceAct, TransferOrder
    from logistics.transfer_acts import render_dispatch_note

    T = TransferOrder.Status
    by_status = {order.status: order for order in TransferOrder.objects.select_related("shipment")}
    assert set(by_status) == {T.CLOSED, T.DISPATCHED, T.PROPOSED}
    done = by_status[T.CLOSED]
    assert AcceptanceAct.objects.filter(shipment=done.shipment).exists()
    assert render_dispatch_note(done).startswith(b"%PDF")
    assert done.lines.filter(refused_at__isnull=False).count() == 1
    assert by_status[T.DISPATCHED].shipment.receipt_is_open
