"""A project manager imports the statistics of need that the coverage map divides by."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from logistics.models import ChildrenInNeed, SpecialistCount
from tests import factories


@pytest.fixture
def areas(db):
    return {"abai": factories.area(code="353200000", name="Abai", level="district"),
            "saran": factories.area(code="352200000", name="Saran", level="city")}


def run(path):
    out = io.StringIO()
    try:
        call_command("import_statistics", str(path), stdout=out, stderr=out)
    except CommandError as exc:
        return out.getvalue() + str(exc)
    return out.getvalue()


def test_children_by_category_and_specialists_come_in_from_csv_and_xlsx(areas, tmp_path):
    csv_path = tmp_path / "children.csv"
    csv_path.write_text("area;year;category;children;illustrative\n353200000;2024;hearing;12;yes\n"
                        "Сарань;2024;Нарушения слуха;7;no\nAbay district;2023;autism;3;\n", encoding="utf-8")
    assert "Imported 3 new" in run(csv_path)
    book = openpyxl.Workbook()
    book.active.append(["Area", "Year", "Specialist", "Count"])
    book.active.append(["Saran'", 2024, "speech_therapist", 4])
    book.active.append(["353200000", 2024, "Deaf educator", 0])
    book.save(tmp_path / "staff.xlsx")
    assert "Imported 2 new" in run(tmp_path / "staff.xlsx")
    assert ChildrenInNeed.objects.get(area=areas["saran"], year=2024, need="hearing").children == 7
    assert ChildrenInNeed.objects.get(area=areas["abai"], year=2024).illustrative is True
    assert SpecialistCount.objects.get(area=areas["saran"], kind="speech_therapist").count == 4


def test_importing_again_replaces_figures_instead_of_doubling_them(areas, tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("area,year,category,children\n353200000,2024,hearing,12\n", encoding="utf-8")
    run(path)
    path.write_text("area,year,category,children\n353200000,2024,hearing,15\n", encoding="utf-8")
    assert "0 new and 1 updated" in run(path)
    assert ChildrenInNeed.objects.get().children == 15


@pytest.mark.parametrize("row, message", [
    ("353200000,2024,hearing,-3", "row 3: children '-3' is not a whole number of zero or more"),
    ("353200000,2024,hearing,many", "row 3: children 'many' is not a whole number"),
    ("353200000,2024,hearing,2.5", "row 3: children '2.5' is not a whole number"),
    ("Atlantis,2024,hearing,4", "row 3: unknown area 'Atlantis'"),
    ("353200000,24,hearing,4", "row 3: year '24' is not a year"),
    ("353200000,2024,telepathy,4", "row 3: unknown category of need 'telepathy'"),
    ("353200000,2024,speech,1", "row 3: this area, year and category already appear above"),
])
def test_a_bad_row_is_named_and_nothing_is_imported(areas, tmp_path, row, message):
    path = tmp_path / "c.csv"
    path.write_text(f"area,year,category,children\n353200000,2024,speech,5\n{row}\n", encoding="utf-8")
    output = run(path)
    assert message in output and "Nothing was imported" in output
    assert not ChildrenInNeed.objects.exists()


def test_an_unknown_specialist_is_named(areas, tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("area,year,specialist,count\n352200000,2024,wizard,1\n", encoding="utf-8")
    assert "row 2: unknown specialist 'wizard'" in run(path)
    assert not SpecialistCount.objects.exists()


def test_a_file_with_the_wrong_header_is_refused(areas, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("where,when,what\nA,B,C\n", encoding="utf-8")
    assert "the header must be" in run(path)


def test_a_file_that_is_not_a_spreadsheet_is_refused(areas, tmp_path):
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%PDF")
    assert "use a .csv or .xlsx file" in run(path)
