"""A project manager opens the results page: every indicator against its target with its trend,
a breakdown they choose, and from any number the institutions or units behind it."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.logistics import results_world

PAGE = reverse("logistics:results")
BEHIND = reverse("logistics:results-behind")


@pytest.fixture
def world(clock, officer):
    return results_world.with_programme_over_two_quarters(clock, officer)


def test_the_manager_sees_each_indicator_against_its_target_with_a_trend(client, manager, world):
    client.force_login(manager)
    reply = client.get(PAGE, {"period": "2025Q1"})
    assert reply.status_code == 200
    html = reply.content.decode()
    cards = dict(re.findall(r'data-indicator="([a-z_]+)".*?data-testid="actual"[^>]*>(?:<strong>)?([^<]+)',
                            html, re.S))
    assert cards["furniture_installed"] == "2"
    assert cards["in_use"] == "—"     # empty, not zero, until a verification round
    assert html.count('<svg class="trend"') == len(cards)
    # The numbers of every chart are there as a table for screen readers.
    assert "<th scope=\"row\">2024Q3</th>" in html and "<th scope=\"row\">2025Q1</th>" in html


def test_the_page_costs_the_same_queries_however_many_units_were_delivered(client, manager, world, officer):
    client.force_login(manager)
    client.get(PAGE)   # the first visit stores the closed quarters' figures (test_results_snapshots)
    results_world.send(world.school, [(world.kit, 20)], by=officer)
    with CaptureQueriesContext(connection) as before:
        client.get(PAGE, {"period": "2025Q1", "dimension": "kind"})
    results_world.send(world.school, [(world.kit, 60)], by=officer)   # three times as many units
    with CaptureQueriesContext(connection) as after:
        client.get(PAGE, {"period": "2025Q1", "dimension": "kind"})
    assert len(after.captured_queries) == len(before.captured_queries) <= 25


def test_each_quarter_of_a_trend_opens_its_own_list(client, manager, world):
    client.force_login(manager)
    html = client.get(PAGE, {"period": "2025Q1"}).content.decode()
    assert f'href="{BEHIND}?indicator=furniture_installed&amp;period=2024Q4">1</a>' in html
    assert f'href="{BEHIND}?indicator=furniture_installed&amp;period=2025Q1">2</a>' in html


def test_the_breakdown_follows_the_chosen_dimension(client, manager, world):
    client.force_login(manager)
    reply = client.get(PAGE, {"period": "2025Q1", "dimension": "settlement"})
    rows = {row["key"]: {i.code: v for i, v in row["values"]} for row in reply.context["breakdown"]}
    assert rows["urban"]["furniture_installed"] == 2 and rows["rural"]["didactic_units_delivered"] == 2
    assert 'data-dimension="settlement"' in reply.content.decode()


def test_a_number_opens_the_institutions_behind_it(client, manager, world):
    client.force_login(manager)
    reply = client.get(BEHIND, {"indicator": "didactic_units_delivered", "period": "2025Q1",
                                "dimension": "settlement", "key": "rural"})
    assert [i.pk for i in reply.context["page"]] == [world.school.pk]
    assert reply.context["value"] == 2


def test_a_number_opens_the_units_behind_it_as_they_were_at_the_quarters_end(client, manager, world):
    client.force_login(manager)
    reply = client.get(BEHIND, {"indicator": "furniture_installed", "period": "2024Q4"})
    assert reply.context["kind"] == "units" and reply.context["page"].paginator.count == 1
    assert client.get(BEHIND, {"indicator": "furniture_installed", "period": "2025Q1"}) \
        .context["page"].paginator.count == 2


def test_an_indicator_not_measured_yet_says_so_instead_of_listing(client, manager, world):
    client.force_login(manager)
    reply = client.get(BEHIND, {"indicator": "verified_on_site", "period": "2025Q1"})
    assert reply.status_code == 200 and b'data-testid="not-measured"' in reply.content


@pytest.mark.parametrize("query", [{"indicator": "made_up"}, {"indicator": "in_use", "period": "2025Q7"},
                                   {"indicator": "in_use", "dimension": "region", "key": "nowhere"},
                                   {"indicator": "in_use", "dimension": "colour", "key": "red"}])
def test_a_list_asked_for_with_unknown_names_is_not_found(client, manager, world, query):
    client.force_login(manager)
    assert client.get(BEHIND, query).status_code == 404


def test_an_unknown_period_or_dimension_falls_back_to_the_latest_quarter_by_region(client, manager, world):
    client.force_login(manager)
    reply = client.get(PAGE, {"period": "1999Q1", "dimension": "colour"})
    assert reply.status_code == 200 and reply.context["dimension"] == "region"


@pytest.mark.parametrize("who", ["manager", "administrator", "officer"])
def test_managers_administrators_and_officers_may_see_the_results(client, request, who, world):
    client.force_login(request.getfixturevalue(who))
    assert client.get(PAGE).status_code == 200
    assert client.get(BEHIND, {"indicator": "in_use"}).status_code == 200


def test_school_staff_may_not_and_strangers_are_sent_to_log_in(client, staff, world):
    assert client.get(PAGE).status_code == 302
    client.force_login(staff)
    assert client.get(PAGE).status_code == 403
    assert client.get(BEHIND, {"indicator": "in_use"}).status_code == 403


@pytest.mark.django_db
def test_without_a_programme_the_page_says_how_to_add_one(client, manager):
    client.force_login(manager)
    assert b'data-testid="no-programme"' in client.get(PAGE).content


@pytest.mark.parametrize("who", ["officer", "manager", "administrator", "staff", "monitor"])
def test_whoever_may_see_results_sees_every_unit_so_the_lists_behind_need_no_filter(request, who):
    from inventory.permissions import may_view_results, sees_everything

    user = request.getfixturevalue(who)
    assert not may_view_results(user) or sees_everything(user)
