"""A delivery import's status changes only through its state table, one step at a time, each step
recorded with who took it; the officer's buttons claim a step instead of writing a status."""

from itertools import product

import pytest
from django.urls import reverse

from inventory.models import UnitEvent
from logistics.importing import states, uploads
from logistics.models import DeliveryImport, DeliveryImportEvent
from logistics.views import imports as import_views
from tests.races import taken_and_refused

from . import import_files
from .import_files import good_rows, latest_import, row, xlsx

world, immediate_tasks = import_files.world, import_files.immediate_tasks  # fixtures
S = DeliveryImport.Status
STEPS = list(product(S, S))


@pytest.fixture
def stored(officer, immediate_tasks, world, tmp_path):
    """A good delivery list, stored as uploaded (no worker has looked at it yet)."""
    with open(xlsx(tmp_path / "d.xlsx", good_rows(world)), "rb") as f:
        return uploads.store(f, name="d.xlsx", by=officer)


def put(record, status):
    # Test set-up only: start from any status without walking the table to it.
    DeliveryImport.objects.filter(pk=record.pk).update(status=status)


@pytest.mark.parametrize(("old", "new"), [s for s in STEPS if s[1] in states.ALLOWED[s[0]]])
def test_each_legal_step_changes_the_status_and_records_who(stored, officer, old, new):
    put(stored, old)
    states.change_status(stored.pk, new, by=officer)
    assert DeliveryImport.objects.get(pk=stored.pk).status == new
    event = DeliveryImportEvent.objects.get(delivery_import=stored)
    assert (event.old_status, event.new_status, event.actor) == (old, new, officer)


@pytest.mark.parametrize(("old", "new"), [s for s in STEPS if s[1] not in states.ALLOWED[s[0]]])
def test_each_illegal_step_is_refused_naming_both_statuses(stored, officer, old, new):
    put(stored, old)
    with pytest.raises(states.TransitionNotAllowed) as refusal:
        states.change_status(stored.pk, new, by=officer)
    assert f"“{S(old).label}”" in str(refusal.value) and f"“{S(new).label}”" in str(refusal.value)
    assert DeliveryImport.objects.get(pk=stored.pk).status == old and not DeliveryImportEvent.objects.exists()


def test_it_keeps_a_lease_only_while_a_job_runs(stored):
    from django.db import IntegrityError
    from django.utils import timezone

    with pytest.raises(IntegrityError):  # the database itself refuses a lease on a finished import
        DeliveryImport.objects.filter(pk=stored.pk).update(status=S.IMPORTED, lease_until=timezone.now())


def test_it_refuses_an_unknown_status_in_the_database(stored):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        DeliveryImport.objects.filter(pk=stored.pk).update(status="lost")


def test_the_history_is_append_only(stored, officer):
    from inventory.models import AppendOnly

    event = states.change_status(stored.pk, S.CHECKING, by=officer).events.get()
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        DeliveryImportEvent.objects.all().delete()


def test_the_officers_confirmation_is_recorded_and_the_units_history_names_them(client, officer, administrator,
                                                                                 world, immediate_tasks, tmp_path):
    client.force_login(officer)
    with open(xlsx(tmp_path / "d.xlsx", good_rows(world)), "rb") as f:
        client.post(reverse("logistics:import-upload"), {"file": f})
    record = latest_import()
    assert record.status == S.CHECKED and record.task_id  # the check ran as a task, its id kept
    client.force_login(administrator)  # another person confirms what the officer uploaded
    client.post(reverse("logistics:import-confirm", args=[record.pk]))
    record.refresh_from_db()
    assert record.status == S.IMPORTED and record.lease_until is None and record.task_id
    steps = list(record.events.values_list("old_status", "new_status", "actor__username"))
    assert steps == [(S.UPLOADED, S.CHECKING, None), (S.CHECKING, S.CHECKED, None),
                     (S.CHECKED, S.IMPORTING, "administrator"), (S.IMPORTING, S.IMPORTED, None)]
    assert set(UnitEvent.objects.values_list("actor__username", flat=True)) == {"administrator"}


def test_it_confirms_once_however_often_the_button_is_pressed(client, officer, stored):
    put(stored, S.CHECKED)
    states.claim_for_import(stored.pk, by=officer)
    with pytest.raises(states.TransitionNotAllowed, match="“Importing”"):
        states.claim_for_import(stored.pk, by=officer)
    assert stored.events.filter(new_status=S.IMPORTING).count() == 1


def test_it_will_not_import_rows_with_problems_unless_the_officer_leaves_them_out(officer, stored):
    put(stored, S.REJECTED)
    DeliveryImport.objects.filter(pk=stored.pk).update(report={"problems_total": 2})
    with pytest.raises(states.TransitionNotAllowed, match="Tick the box"):
        states.claim_for_import(stored.pk, by=officer)
    assert states.claim_for_import(stored.pk, by=officer, skip_rejected=True).skip_rejected is True


def test_checking_again_while_importing_says_so_instead_of_asking_for_an_encoding(client, officer, stored):
    client.force_login(officer)
    put(stored, S.IMPORTING)
    reply = client.post(reverse("logistics:import-recheck", args=[stored.pk]), {"encoding": "cp866"}, follow=True)
    assert "cannot go from “Importing” to “Uploaded”" in reply.text and "Choose an encoding" not in reply.text


def test_a_failed_xlsx_is_checked_again_without_an_encoding(client, officer, stored):
    client.force_login(officer)
    put(stored, S.FAILED)
    client.post(reverse("logistics:import-recheck", args=[stored.pk]), {"encoding": ""})
    assert DeliveryImport.objects.get(pk=stored.pk).status == S.CHECKED


def test_no_view_writes_a_status():
    import inspect

    assert "update(status" not in inspect.getsource(import_views)


def test_the_rejected_rows_file_escapes_a_formula_in_a_header_and_so_in_the_reason(client, officer, world,
                                                                                    immediate_tasks, tmp_path):
    import io

    from openpyxl import load_workbook

    from .import_files import RU

    formula = '=HYPERLINK("http://example.com/x","Дата отгрузки")'
    headers = [*RU[:9], formula]
    rows = [row("W1", world.school.bin, "BR-40", "SN-1", when="31.02.2024"),
            row("W1", world.school.bin, "BR-40", "\uff1d1+1", when="31.02.2024")]
    path = xlsx(tmp_path / "d.xlsx", rows, headers=headers)
    book = load_workbook(path)  # stored as text, as Excel stores '=HYPERLINK(…) typed with an apostrophe
    book.active.cell(row=4, column=10).data_type = "s"
    book.save(path)
    client.force_login(officer)
    with open(path, "rb") as f:
        client.post(reverse("logistics:import-upload"), {"file": f})
    reply = client.get(reverse("logistics:import-rejected", args=[latest_import().pk]))
    sheet = load_workbook(io.BytesIO(reply.content)).active
    header, first, second = list(sheet.values)
    assert header[9] == "'" + formula
    assert first[11].startswith("'=HYPERLINK(") and "date" in first[11]  # the reason quotes the header
    assert second[8] == "'\uff1d1+1"  # a full-width equals sign is a formula to some programs too
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)



@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_two_confirmations_at_the_same_moment_import_once(officer, administrator, immediate_tasks, world, tmp_path):
    with open(xlsx(tmp_path / "d.xlsx", good_rows(world)), "rb") as f:
        record = uploads.store(f, name="d.xlsx", by=officer)
    put(record, S.CHECKED)
    jobs = [lambda user=user: states.claim_for_import(record.pk, by=user) for user in (officer, administrator)]
    assert taken_and_refused(jobs, states.TransitionNotAllowed) == (1, 1)
    assert record.events.filter(new_status=S.IMPORTING).count() == 1
