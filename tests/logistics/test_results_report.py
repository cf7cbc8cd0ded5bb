"""The funder's quarterly report: `manage.py programme_report` writes it as PDF, .xlsx or IATI
activity XML. A closed quarter's report is the same, byte for byte, after later events arrive."""

import shutil
import subprocess
import xml.etree.ElementTree as ET
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from logistics.models import Indicator, Programme
from tests.logistics import results_world
from tests.logistics.iati_validation import schema_errors

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# The order of iati-activity's children in the IATI 2.03 activity schema (those this file writes
# among them; the schema's xsd:sequence is longer).
ACTIVITY_ORDER = ["iati-identifier", "reporting-org", "title", "description", "participating-org",
                  "other-identifier", "activity-status", "activity-date", "contact-info", "activity-scope",
                  "recipient-country", "recipient-region", "location", "sector", "tag", "country-budget-items",
                  "humanitarian-scope", "policy-marker", "collaboration-type", "default-flow-type",
                  "default-finance-type", "default-aid-type", "default-tied-status", "budget",
                  "planned-disbursement", "capital-spend", "transaction", "document-link", "related-activity",
                  "legacy-data", "conditions", "result", "crs-add", "fss"]
PERIOD_ORDER = ["period-start", "period-end", "target", "actual"]


@pytest.fixture
def world(clock, officer):
    world = results_world.build(clock, officer, officer)
    results_world.programme()
    return world


def write(tmp_path, fmt, period="2024Q4", language="en", name=None):
    out = tmp_path / (name or f"report-{period}-{language}.{fmt}")
    call_command("programme_report", "--period", period, "--format", fmt, "--out", str(out),
                 "--language", language, stdout=StringIO(), stderr=StringIO())
    return out.read_bytes()


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "iati"])
def test_a_closed_quarter_reads_the_same_after_the_next_quarters_events(clock, world, officer, tmp_path, fmt):
    before = write(tmp_path, fmt, name=f"before.{fmt}")
    now_before = write(tmp_path, fmt, period="2025Q1", name=f"now-before.{fmt}")
    results_world.next_quarter(clock, world, officer)
    assert write(tmp_path, fmt, name=f"after.{fmt}") == before
    assert write(tmp_path, fmt, period="2025Q1", name=f"now-after.{fmt}") != now_before


def _children(element):
    return [child.tag for child in element]


def _in_order(tags, order):
    positions = [order.index(tag) for tag in tags]
    return positions == sorted(positions)


def test_the_iati_file_has_results_with_baseline_target_and_actual_per_quarter(world, tmp_path):
    root = ET.fromstring(write(tmp_path, "iati"))  # noqa: S314 - our own output, not untrusted input
    assert root.tag == "iati-activities" and root.get("version") == "2.03"
    activity = root.find("iati-activity")
    assert _in_order(_children(activity), ACTIVITY_ORDER), _children(activity)
    assert activity.findtext("iati-identifier") == "XM-DAC-44000-P1"
    assert activity.findtext("iati-identifier").startswith(activity.find("reporting-org").get("ref"))
    titles = {n.get(XML_LANG, "en"): n.text for n in activity.find("title")}
    assert titles == {"en": "Programme", "ru": "Программа", "kk": "Бағдарлама"}
    results = activity.findall("result")
    assert len(results) == Indicator.objects.count()
    for result in results:
        indicator = result.find("indicator")
        assert indicator.get("measure") in {"1", "2"} and indicator.get("ascending") in {"0", "1"}
        assert _children(indicator)[:2] == ["title", "baseline"]
        baseline = indicator.find("baseline")
        assert baseline.get("year") == "2024" and baseline.get("value") == "0"
        periods = indicator.findall("period")
        assert [p.find("period-start").get("iso-date") for p in periods] == ["2024-07-01", "2024-10-01"]
        assert [p.find("period-end").get("iso-date") for p in periods] == ["2024-09-30", "2024-12-31"]
        for period in periods:
            assert _in_order(_children(period), PERIOD_ORDER)
            assert period.find("target").get("value") == "10"
    by_title = {r.find("title/narrative").text: r.find("indicator") for r in results}
    q4 = by_title["discrepancy_rate"].findall("period")[-1]
    assert [a.get("value") for a in q4.findall("actual")] == ["50"]
    assert [t.get("value") for t in q4.findall("target")] == ["10"]
    # Not measured yet: no actual at all, rather than a zero.
    assert by_title["in_use"].find("period/actual") is None
    assert by_title["discrepancy_rate"].get("ascending") == "0"


def test_the_iati_file_validates_against_the_official_2_03_activity_schema(world, tmp_path):
    assert schema_errors(write(tmp_path, "iati")) == []


def test_it_still_validates_without_targets_identifier_or_whole_numbers(world, tmp_path):
    Indicator.objects.filter(code="in_use").update(target=None)
    Indicator.objects.filter(code="discrepancy_rate").update(target="7.5", baseline="2.5")
    Programme.objects.update(iati_identifier="")
    assert schema_errors(write(tmp_path, "iati", period="2025Q1", language="kk")) == []


def test_the_schema_check_catches_a_file_out_of_order(world, tmp_path):
    document = write(tmp_path, "iati").replace(b"<activity-status", b"<activity-statusx", 1)
    assert schema_errors(document)
    swapped = ET.fromstring(write(tmp_path, "iati"))  # noqa: S314 - our own output
    activity = swapped.find("iati-activity")
    identifier = activity.find("iati-identifier")
    activity.remove(identifier)
    activity.append(identifier)
    assert any("iati-identifier" in error for error in schema_errors(ET.tostring(swapped)))


def test_the_workbook_holds_every_table_and_keeps_formula_like_names_as_text(world, tmp_path):
    Indicator.objects.filter(code="in_use").update(name_en="=HYPERLINK(\"http://x\")")
    path = tmp_path / "report.xlsx"
    path.write_bytes(write(tmp_path, "xlsx"))
    book = load_workbook(path)
    assert book.sheetnames == ["Indicators", "Trend by quarter", "By region", "Region", "City or district",
                               "Urban or rural", "Institution kind", "Category of need", "Development sphere"]
    kinds = {row[0]: row for row in book["Institution kind"].iter_rows(values_only=True)}
    assert kinds["University"][1] == 10 and kinds["General education school"][1] == 0
    rows = {row[0]: row for row in book["Indicators"].iter_rows(min_row=2, values_only=True)}
    assert rows["teaching_aids_delivered"][2:5] == (0, 10, 10)
    assert rows["in_use"][1] == "'=HYPERLINK(\"http://x\")" and rows["in_use"][4] is None
    trend = list(book["Trend by quarter"].iter_rows(values_only=True))
    assert trend[0] == ("Indicator", "2024Q3", "2024Q4")


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler's pdftotext is not installed")
def test_the_pdf_tells_the_story_in_the_chosen_language_with_a_table_by_region(world, tmp_path):
    Indicator.objects.filter(code="teaching_aids_delivered").update(name_ru="Поставлено учебных пособий")
    path = tmp_path / "report.pdf"
    path.write_bytes(write(tmp_path, "pdf", language="ru"))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Поставлено учебных пособий" in text
    assert "Karaganda region" in text or "Карагандинская" in text or "Karaganda" in text
    assert "2024Q4" in text


def test_a_period_that_is_not_a_quarter_is_refused_by_name(world, tmp_path):
    with pytest.raises(CommandError, match="2024-12"):
        write(tmp_path, "iati", period="2024-12")
    assert not list(tmp_path.iterdir())


@pytest.mark.django_db
def test_without_a_programme_the_command_says_what_to_do(tmp_path):
    with pytest.raises(CommandError, match="No programme"):
        write(tmp_path, "pdf")
