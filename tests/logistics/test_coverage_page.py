"""A project manager opens the coverage page, filters it and takes the table away as a spreadsheet."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from tests.logistics import coverage_world

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def world(db):
    return coverage_world.build()


@pytest.fixture(autouse=True)
def _english(settings):
    # The assertions read English labels; the translations are checked elsewhere.
    settings.LANGUAGE_CODE = "en"


def test_manager_sees_the_district_without_an_organisation_flagged(client, manager, world):
    client.force_login(manager)
    page = client.get(reverse("logistics:coverage"))
    assert page.status_code == 200
    rows = {r["code"]: r for r in page.context["rows"]}
    assert rows["353200000"]["flagged"] and rows["353200000"]["special_orgs"] == 0
    assert not rows["351000000"]["flagged"] and rows["351000000"]["children_per_org"] == 60
    assert rows["351000000"]["expected"] == 4
    assert page.context["report"].uncovered["inst_id"].tolist() == [world["far"].pk]
    html = page.content.decode()
    assert 'data-area="353200000"' in html and "Coverage" in html


def test_the_map_is_served_with_the_apps_own_leaflet_and_escapes_names(client, manager, world):
    client.force_login(manager)
    reply = client.get(reverse("logistics:coverage-map"))
    html = reply.content.decode()
    assert reply.status_code == 200 and reply["X-Frame-Options"] == "SAMEORIGIN"
    assert '<script src="/static/vendor/leaflet/leaflet.js">' in html
    assert "cdn" not in html.lower() and "code.jquery.com" not in html
    assert coverage_world.XSS not in html
    assert '"code": "353200000"' in html and "gap-flag" in html          # the flagged district's label


def test_the_standalone_map_needs_no_server(client, manager, world):
    client.force_login(manager)
    reply = client.get(reverse("logistics:coverage-map") + "?download=1")
    html = reply.content.decode()
    assert "attachment" in reply["Content-Disposition"]
    assert "/static/" not in html and "L.markerClusterGroup" in html and "leaflet-control-layers" in html


def test_a_shorter_distance_finds_more_uncovered_schools(client, manager, world):
    client.force_login(manager)
    assert len(client.get(reverse("logistics:coverage"), {"km": "200"}).context["report"].uncovered) == 0
    report = client.get(reverse("logistics:coverage"), {"km": "5"}).context["report"]
    assert len(report.uncovered) == 2                       # School No. 1 sits 8 km from the special school
    assert report.distances[world["near"].pk] == pytest.approx(8.0, abs=1.0)


def test_deliveries_are_broken_down_by_category_of_need_and_sphere(client, manager, world):
    client.force_login(manager)
    report = client.get(reverse("logistics:coverage")).context["report"]
    by_need = {row["code"]: row for row in report.by_need}
    assert by_need["hearing"]["children"] == 40 and by_need["speech"]["children"] == 50
    assert len(report.by_sphere) == 6


def test_a_category_filter_narrows_children_and_organisations(client, manager, world):
    client.force_login(manager)
    page = client.get(reverse("logistics:coverage"), {"need": "speech"})
    rows = {r["code"]: r for r in page.context["rows"]}
    # The only special school serves hearing: for speech the city has no organisation either.
    assert rows["351000000"]["special_orgs"] == 0 and rows["351000000"]["children"] == 20


@pytest.mark.parametrize("bad", [{"need": "telepathy"}, {"region": "999"}, {"year": "1850"}, {"measure": "x"},
                                 {"category": "rockets"}, {"sphere": "<b>"}, {"km": "-5"}, {"km": "far"}])
def test_an_unknown_filter_value_gets_a_message_not_an_error(client, manager, world, bad):
    client.force_login(manager)
    page = client.get(reverse("logistics:coverage"), bad)
    assert page.status_code == 400
    assert "Some filter values do not exist" in page.content.decode()
    assert client.get(reverse("logistics:coverage-map"), bad).status_code == 400
    assert client.get(reverse("logistics:coverage-export-csv"), bad).status_code == 400


def test_the_table_exports_to_csv_with_formulas_neutralised(client, manager, world):
    from inventory.models import Area

    Area.objects.filter(pk=world["district"].pk).update(name_ru="=HYPERLINK(\"http://x\")", name_en="=cmd")
    client.force_login(manager)
    reply = client.get(reverse("logistics:coverage-export-csv"))
    table = list(csv.reader(io.StringIO(reply.content.decode("utf-8-sig"))))
    assert table[0][0] == "Area"
    names = [row[0] for row in table[1:]]
    assert all(not name.startswith("=") for name in names) and any(name.startswith("'=") for name in names)


def test_the_table_exports_to_xlsx(client, manager, world):
    client.force_login(manager)
    reply = client.get(reverse("logistics:coverage-export-xlsx"), {"year": "2024"})
    sheet = openpyxl.load_workbook(io.BytesIO(reply.content)).active
    values = list(sheet.values)
    assert len(values) == 3 and "Gaps" in values[0]


def test_school_staff_may_not_see_coverage(client, staff, world):
    client.force_login(staff)
    assert client.get(reverse("logistics:coverage")).status_code == 403
    assert client.get(reverse("logistics:coverage-map")).status_code == 403


def test_the_procurement_officer_may_look(client, officer, world):
    client.force_login(officer)
    assert client.get(reverse("logistics:coverage")).status_code == 200


def test_coverage_map_command_writes_a_standalone_file(world, tmp_path):
    from django.core.management import CommandError, call_command

    out = tmp_path / "map.html"
    call_command("coverage_map", "--region", "KZ35", "--out", str(out), stdout=io.StringIO())
    html = out.read_text(encoding="utf-8")
    assert "/static/" not in html and "gap-flag" in html and coverage_world.XSS not in html
    with pytest.raises(CommandError, match="No region"):
        call_command("coverage_map", "--region", "Atlantis", "--out", str(out))


def test_an_empty_register_gets_a_message(client, manager):
    client.force_login(manager)
    page = client.get(reverse("logistics:coverage"))
    assert page.status_code == 200 and "No regions have been set up yet" in page.content.decode()
