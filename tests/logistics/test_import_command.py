"""The same import from a terminal: manage.py import_deliveries FILE [--dry-run]."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from logistics.models import DeliveryImport, Shipment

from . import import_files
from .import_files import db_state, good_rows, row, xlsx

world, immediate_tasks = import_files.world, import_files.immediate_tasks  # fixtures


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_deliveries", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_dry_run_reports_what_would_be_created_and_writes_nothing(world, officer, tmp_path, immediate_tasks):
    state = db_state()
    out, err = run(xlsx(tmp_path / "d.xlsx", good_rows(world, count=3)), "--dry-run")
    [line] = [text for text in out.splitlines() if world.school.bin in text]
    assert "1 " in line and "3 " in line  # 1 shipment, 2 lines, 3 units for the school
    assert "4/4" in err  # the progress bar finished the checking phase
    assert db_state() == state and DeliveryImport.objects.count() == 0


def test_an_import_from_the_terminal_is_kept_in_the_history_with_a_progress_bar(world, officer, tmp_path,
                                                                               immediate_tasks):
    _out, err = run(xlsx(tmp_path / "d.xlsx", good_rows(world, count=3)), "--user", "officer")
    record = DeliveryImport.objects.get()
    assert (record.status, record.uploaded_by, record.units_created) == ("imported", officer, 3)
    assert Shipment.objects.get().delivery_import == record
    assert "[" in err and "]" in err and "3/3" in err  # the bar reached the end of the writing phase


def test_problems_are_listed_by_row_and_nothing_is_written(world, officer, tmp_path, immediate_tasks):
    rows = [*good_rows(world, count=2), row("W2", world.school.bin, "BR-40", "SN-9", when="31.02.2024")]
    state = db_state()
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_deliveries", str(xlsx(tmp_path / "d.xlsx", rows)), "--user", "officer", stdout=out,
                     stderr=StringIO())
    assert "31.02.2024" in out.getvalue() and " 8," in out.getvalue()
    assert db_state() == state and DeliveryImport.objects.get().status == "rejected"


def test_a_one_gigabyte_file_is_refused_before_it_is_read(tmp_path, officer, immediate_tasks):
    path = tmp_path / "huge.xlsx"
    with open(path, "wb") as f:
        f.truncate(1 << 30)  # sparse: takes no disk space
    with pytest.raises(CommandError, match="1024"):
        run(path, "--dry-run")
    assert DeliveryImport.objects.count() == 0


def test_a_file_that_is_not_a_spreadsheet_is_refused_with_its_reason(tmp_path, db, immediate_tasks):
    path = tmp_path / "scan.xlsx"
    path.write_bytes(b"%PDF-1.7\n...")
    with pytest.raises(CommandError, match="PDF"):
        run(path, "--dry-run")
