"""The pages each role uses: who may open what, what the page shows, and what stays hidden.

The cast comes from tests/conftest.py: `staff` works at `school`, `outsider` at `other_school`,
and `shipped_kit` is a dispatched shipment of three units on its way to `school`."""

import pytest
from django.conf import settings
from django.urls import reverse

from inventory import lifecycle
from inventory.models import DevelopmentSphere, Item, NeedCategory, Unit
from tests import factories

S = Unit.Status


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def braille_display(db):
    item = factories.item(code="AS-001", category=Item.Category.ASSISTIVE, name="Refreshable Braille display")
    item.spheres.set([DevelopmentSphere.objects.get(code="sensory")])
    item.needs.set([NeedCategory.objects.get(code="vision")])
    return item


@pytest.fixture
def ball_pool(db):
    item = factories.item(code="AX-003", category=Item.Category.AUXILIARY, name="Ball pool")
    item.spheres.set([DevelopmentSphere.objects.get(code="physical")])
    item.needs.set([NeedCategory.objects.get(code="autism")])
    return item


# --- Logging in and the home page


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, db):
    reply = client.get("/")
    assert reply.status_code == 302
    assert reply.url.startswith(reverse("login"))
    assert client.get(reverse("login")).status_code == 200


def test_a_wrong_password_is_refused_with_a_message(client, officer):
    reply = client.post(reverse("login"), {"username": "officer", "password": "wrong"})
    assert reply.status_code == 200
    assert not reply.wsgi_request.user.is_authenticated
    assert reply.context["form"].errors


@pytest.mark.parametrize("who", ["officer", "manager", "administrator", "staff"])
def test_each_role_logs_in_and_lands_on_its_home_page(client, request, shipped_kit, who):
    request.getfixturevalue(who)
    reply = client.post(reverse("login"), {"username": who, "password": "pass-word-123"}, follow=True)
    assert reply.status_code == 200
    assert reply.context["user_role"] == {"officer": "procurement_officer", "manager": "project_manager",
                                     "administrator": "administrator", "staff": "school_staff"}[who]


def test_staff_see_the_shipment_on_its_way_to_their_school(client, staff, shipped_kit, school):
    client.force_login(staff)
    reply = client.get("/")
    assert [s.pk for s in reply.context["awaiting"]] == [shipped_kit.pk]
    assert reply.context["institution"] == school
    assert shipped_kit.waybill_number in reply.content.decode()


def test_the_outsider_sees_nothing_of_another_schools_shipment(client, outsider, shipped_kit):
    client.force_login(outsider)
    reply = client.get("/")
    assert list(reply.context["awaiting"]) == []
    assert reply.context["units_total"] == 0
    assert shipped_kit.waybill_number not in reply.content.decode()


def test_the_manager_sees_counts_for_the_whole_programme(client, manager, shipped_kit):
    client.force_login(manager)
    reply = client.get("/")
    assert reply.context["units_total"] == 3
    cards = {c["value"]: c["n"] for c in reply.context["shipment_cards"]}
    assert cards["dispatched"] == 1
    assert any(a.code == shipped_kit.destination.area.code for a in reply.context["areas"])


def test_the_officer_sees_drafts_to_dispatch(client, officer, school):
    draft = factories.shipment(school, units=2, dispatched=False, by=officer)
    client.force_login(officer)
    assert [s.pk for s in client.get("/").context["drafts"]] == [draft.pk]


def test_a_user_without_a_role_is_told_to_ask_for_one(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody"))
    reply = client.get("/")
    assert reply.context["user_role"] is None
    assert reply.context["units_total"] == 0


# --- Catalogue


def test_the_catalogue_filters_by_category_sphere_and_need(client, officer, braille_display, ball_pool):
    client.force_login(officer)

    def codes(**params):
        return [i.code for i in client.get(reverse("inventory:items"), params).context["page"]]

    assert codes() == ["AS-001", "AX-003"]
    assert codes(category="assistive") == ["AS-001"]
    assert codes(sphere="physical") == ["AX-003"]
    assert codes(need="vision") == ["AS-001"]
    assert codes(q="pool") == ["AX-003"]
    assert codes(category="no-such-category") == ["AS-001", "AX-003"]


def test_an_item_page_shows_translated_status_labels_not_codes(english, staff, shipped_kit):
    english.force_login(staff)
    item = shipped_kit.units.first().item
    reply = english.get(reverse("inventory:item", args=[item.code]))
    assert reply.status_code == 200
    assert [(r["label"], r["n"]) for r in reply.context["by_status"]] == [("In transit", 3)]
    assert ">in_transit<" not in reply.content.decode()


def test_the_catalogue_counts_only_the_units_the_user_may_see(client, staff, outsider, officer, shipped_kit):
    item = shipped_kit.units.first().item

    def count_for(user):
        client.force_login(user)
        page = client.get(reverse("inventory:items"), {"q": item.code}).context["page"]
        return {i.code: i.unit_count for i in page}[item.code]

    assert count_for(officer) == 3
    assert count_for(staff) == 3
    assert count_for(outsider) == 0


def test_an_unknown_item_code_is_not_found(client, officer):
    client.force_login(officer)
    assert client.get(reverse("inventory:item", args=["NO-SUCH"])).status_code == 404


def test_the_catalogue_needs_a_login(client, braille_display):
    assert client.get(reverse("inventory:items")).status_code == 302


# --- Institutions


def test_the_institution_register_searches_by_bin_and_filters_by_kind(client, manager, school, other_school):
    client.force_login(manager)
    reply = client.get(reverse("inventory:institutions"), {"q": school.bin})
    assert [i.pk for i in reply.context["page"]] == [school.pk]
    reply = client.get(reverse("inventory:institutions"), {"kind": "special_school"})
    assert list(reply.context["page"]) == []


def test_staff_see_their_own_schools_equipment(english, staff, shipped_kit, school):
    english.force_login(staff)
    reply = english.get(reverse("inventory:institution", args=[school.pk]))
    assert reply.status_code == 200
    assert reply.context["units_total"] == 3
    assert [r["label"] for r in reply.context["by_status"]] == ["In transit"]


def test_the_outsider_sees_another_school_in_the_register_but_not_its_units(client, outsider, shipped_kit, school):
    client.force_login(outsider)
    reply = client.get(reverse("inventory:institution", args=[school.pk]))
    assert reply.status_code == 200
    assert reply.context["units_total"] == 0
    for unit in shipped_kit.units.all():
        assert unit.display_tag not in reply.content.decode()


def test_an_unknown_institution_is_not_found(client, officer):
    client.force_login(officer)
    assert client.get(reverse("inventory:institution", args=[999999])).status_code == 404


# --- The unit page a QR label opens


def test_an_anonymous_visitor_sees_only_the_item_and_the_programme(client, shipped_kit):
    unit = shipped_kit.units.first()
    reply = client.get(unit.get_absolute_url())
    page = reply.content.decode()
    assert reply.status_code == 200
    assert unit.item.name in page and str(settings.PROGRAMME_NAME) in page
    assert unit.serial not in page
    assert shipped_kit.destination.name not in page
    assert shipped_kit.waybill_number not in page
    assert 'data-testid="unit-history"' not in page


def test_staff_see_the_units_destination_status_and_full_history(english, staff, shipped_kit):
    english.force_login(staff)
    unit = shipped_kit.units.first()
    lifecycle.change_status(unit.pk, S.RECEIVED, by=staff, place_id=shipped_kit.destination_id,
                            reference=shipped_kit.waybill_number)
    reply = english.get(unit.get_absolute_url())
    page = reply.content.decode()
    assert unit.serial in page and shipped_kit.destination.name in page
    assert [e.new_status for e in reply.context["events"]] == [S.EXPECTED, S.IN_TRANSIT, S.RECEIVED]
    assert "Received" in page and shipped_kit.waybill_number in page


def test_the_outsider_sees_no_details_of_another_schools_unit(client, outsider, shipped_kit):
    client.force_login(outsider)
    unit = shipped_kit.units.first()
    reply = client.get(unit.get_absolute_url())
    assert reply.status_code == 200
    assert not reply.context["may_see"]
    assert unit.serial not in reply.content.decode()
    assert shipped_kit.waybill_number not in reply.content.decode()


def test_a_tag_typed_in_lower_case_or_with_its_hyphen_finds_the_unit(client, shipped_kit):
    unit = shipped_kit.units.first()
    reply = client.get(f"/u/{unit.display_tag.lower()}")
    assert reply.status_code == 302
    assert reply.url == unit.get_absolute_url()


def test_a_mistyped_or_unknown_tag_is_not_found(client, shipped_kit):
    tag = shipped_kit.units.first().asset_tag
    swapped = tag[1] + tag[0] + tag[2:] if tag[0] != tag[1] else tag[:2] + tag[3] + tag[2] + tag[4:]
    for wrong in (swapped, "ABC", "2222222X"):
        assert client.get(f"/u/{wrong}").status_code == 404, wrong


# --- Shipments


def test_a_large_shipment_lists_its_units_a_page_at_a_time(client, officer, school, monkeypatch):
    from logistics.views import shipments as shipment_views

    monkeypatch.setattr(shipment_views, "UNITS_PER_PAGE", 2)
    big = factories.shipment(school, units=5, by=officer)
    client.force_login(officer)
    first = client.get(big.get_absolute_url())
    last = client.get(big.get_absolute_url(), {"page": "99"})
    assert len(first.context["units"]) == 2 and len(last.context["units"]) == 1
    assert "page=2" in first.content.decode()
    assert client.get(big.get_absolute_url(), {"page": "x"}).status_code == 200


def test_staff_open_their_shipment_but_not_another_schools(client, staff, outsider, shipped_kit):
    client.force_login(staff)
    assert client.get(shipped_kit.get_absolute_url()).status_code == 200
    client.force_login(outsider)
    assert client.get(shipped_kit.get_absolute_url()).status_code == 404
    assert client.get(reverse("logistics:shipments")).context["page"].paginator.count == 0


def test_the_officer_dispatches_a_draft_and_staff_may_not(client, officer, staff, school):
    draft = factories.shipment(school, units=2, dispatched=False, by=officer)
    url = reverse("logistics:shipment-dispatch", args=[draft.pk])
    client.force_login(staff)
    assert client.post(url).status_code == 403
    client.force_login(officer)
    assert client.get(url).status_code == 405
    reply = client.post(url, follow=True)
    assert reply.status_code == 200
    draft.refresh_from_db()
    assert draft.status == "dispatched"
    assert set(draft.units.values_list("status", flat=True)) == {S.IN_TRANSIT}


def test_dispatching_twice_shows_why_and_changes_nothing(client, officer, shipped_kit):
    client.force_login(officer)
    reply = client.post(reverse("logistics:shipment-dispatch", args=[shipped_kit.pk]), follow=True)
    assert shipped_kit.waybill_number in next(str(m) for m in reply.context["messages"])
    assert shipped_kit.units.first().events.count() == 2


def test_the_shipment_list_filters_by_status_and_searches_waybills(client, officer, shipped_kit, school):
    factories.shipment(school, units=1, dispatched=False, by=officer)
    client.force_login(officer)
    reply = client.get(reverse("logistics:shipments"), {"status": "dispatched"})
    assert [s.pk for s in reply.context["page"]] == [shipped_kit.pk]
    reply = client.get(reverse("logistics:shipments"), {"q": shipped_kit.waybill_number})
    assert [s.pk for s in reply.context["page"]] == [shipped_kit.pk]


# --- Languages


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_language_switch_changes_the_page_language(client, officer, language):
    client.force_login(officer)
    reply = client.post(reverse("set_language"), {"language": language, "next": "/"}, follow=True)
    assert f'<html lang="{language}">' in reply.content.decode()


def test_every_page_names_its_icon_and_the_icon_is_served(client, officer):
    from django.contrib.staticfiles import finders

    client.force_login(officer)
    page = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/inventory/favicon.svg" type="image/svg+xml">' in page
    assert finders.find("inventory/favicon.svg")
