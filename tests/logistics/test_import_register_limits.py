"""An officer uploads a register that is a zip bomb, too big or stuffed with files: it is refused with a
message naming the file and the limit, before anything is unpacked, and no worker's memory is spent on
it. A file checked but never confirmed does not stay on disk for more than a day."""

import io
import os
import time
import tracemalloc
import zipfile
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse

from inventory.models import Institution
from inventory.workbooks import check_workbook, declared_entries, register_limits
from logistics.importing import registers

from . import import_files

immediate_tasks = import_files.immediate_tasks  # a fixture

MB = 1024 * 1024


def workbook_zip(*, shared_strings_mb=0.0, sheet=b"<worksheet/>", extra_entries=0):
    """An .xlsx-shaped zip, built in memory. The shared strings are one long run of a letter: a few
    kilobytes packed, `shared_strings_mb` unpacked."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared_strings_mb:
            with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as member:
                member.write(b"<sst><si><t>")
                block = b"A" * MB
                for _ in range(int(shared_strings_mb)):
                    member.write(block)
                member.write(b"A" * int((shared_strings_mb % 1) * MB) + b"</t></si></sst>")
        for number in range(extra_entries):
            archive.writestr(f"xl/media/image{number}.png", b"")
    return buffer.getvalue()


def try_upload(client, content, name="register.xlsx", register="institutions"):
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(reverse("logistics:register-try", args=[register]), {"file": upload})


def form_errors(reply):
    return " ".join(" ".join(errors) for section in reply.context["sections"]
                    for errors in section["form"].errors.values())


def test_a_shared_strings_bomb_is_refused_before_the_workbook_is_read(client, officer, immediate_tasks,
                                                                      settings):
    settings.LANGUAGE_CODE = "en"
    bomb = workbook_zip(shared_strings_mb=64)  # 64 MB of shared strings in some 64 KB
    assert len(bomb) < 200 * 1024
    client.force_login(officer)
    try_upload(client, b"name_ru\n", name="warm-up.csv")  # modules, templates, catalogues load once
    kept = set((settings.PRIVATE_ROOT / "registers").iterdir())
    with mock.patch.object(registers, "Dataset") as reader:
        tracemalloc.start()
        reply = try_upload(client, bomb, name="schools-2025.xlsx")
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert reply.status_code == 400
    message = form_errors(reply)
    assert "schools-2025.xlsx" in message and "xl/sharedStrings.xml" in message
    assert "64.0 MB" in message and f"{settings.MAX_REGISTER_PART_MB} MB" in message and "unsafe" in message
    reader.assert_not_called()  # never handed to tablib/openpyxl
    assert peak < 16 * MB  # far below the 64 MB it would unpack to: nothing was inflated
    assert Institution.objects.count() == 0
    assert set((settings.PRIVATE_ROOT / "registers").iterdir()) == kept  # nothing kept for a confirmation


def test_it_refuses_a_small_part_compressed_like_a_bomb(settings):
    settings.LANGUAGE_CODE = "en"
    content = workbook_zip(shared_strings_mb=5)  # within the part limit, but packed a thousand to one
    with mock.patch.object(registers, "Dataset") as reader, pytest.raises(registers.RegisterFileError) as refused:
        registers.try_import("institutions", content, name="lot-12.xlsx")
    reader.assert_not_called()
    message = str(refused.value)
    assert "lot-12.xlsx" in message and "xl/sharedStrings.xml" in message
    assert f"under {settings.XLSX_MAX_RATIO} to 1" in message


def test_it_refuses_a_workbook_over_the_upload_limit_naming_it(client, officer, immediate_tasks, settings):
    settings.LANGUAGE_CODE = "en"
    settings.MAX_REGISTER_UPLOAD_MB = 1
    # Random bytes do not compress: the file is as large on disk as it is unpacked.
    large = workbook_zip(sheet=os.urandom(MB + MB // 4))
    client.force_login(officer)
    reply = try_upload(client, large, name="all-schools.xlsx")
    assert reply.status_code == 400
    assert "“all-schools.xlsx” is 1.3 MB; a register file may be at most 1 MB." in form_errors(reply)


def test_it_refuses_a_sheet_over_the_part_limit_however_honestly_packed(settings):
    settings.LANGUAGE_CODE = "en"
    settings.MAX_REGISTER_PART_MB = 1
    content = workbook_zip(sheet=os.urandom(MB + MB // 2))
    with mock.patch.object(registers, "Dataset") as reader, pytest.raises(registers.RegisterFileError) as refused:
        registers.try_import("catalogue", content, name="catalogue.xlsx")
    reader.assert_not_called()
    message = str(refused.value)
    assert "“catalogue.xlsx” is refused" in message
    assert "xl/worksheets/sheet1.xml" in message and "1.5 MB" in message and "limit is 1 MB" in message


def test_it_counts_the_files_in_a_zip_before_opening_its_directory(client, officer, immediate_tasks, settings):
    settings.LANGUAGE_CODE = "en"
    settings.XLSX_MAX_ENTRIES = 50
    stuffed = workbook_zip(extra_entries=60)
    assert declared_entries(io.BytesIO(stuffed)) == 63
    client.force_login(officer)
    # The count comes from the archive's end record: zipfile never builds its directory.
    with mock.patch("inventory.workbooks.zipfile.ZipFile") as directory:
        reply = try_upload(client, stuffed, name="media.xlsx")
    directory.assert_not_called()
    assert reply.status_code == 400
    assert "“media.xlsx” is refused: The workbook holds 63 files inside; the limit is 50" in form_errors(reply)


def test_an_ordinary_register_workbook_passes_the_check(db):
    content = registers.export("institutions", "xlsx")
    check_workbook(io.BytesIO(content), register_limits())  # raises if refused


def test_the_delivery_import_refuses_the_same_bomb_with_the_same_check(tmp_path, settings):
    from logistics.importing import pipeline

    settings.LANGUAGE_CODE = "en"
    settings.MAX_IMPORT_UNPACKED_MB = 32
    path = tmp_path / "delivery.xlsx"
    path.write_bytes(workbook_zip(shared_strings_mb=40))
    plan = pipeline.check(path)
    assert plan.fatal.code == "zip_unpacked"
    assert "limit is 32 MB" in str(plan.fatal) and "unsafe" in str(plan.fatal)


def test_a_checked_register_never_confirmed_is_removed_after_a_day(client, officer, immediate_tasks, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(officer)
    first = try_upload(client, registers.export("institutions", "xlsx")).context["sections"][0]["trial"].token
    store = settings.PRIVATE_ROOT / "registers"
    forgotten = store / f"{first}.upload"
    day_and_an_hour_ago = time.time() - 25 * 3600
    os.utime(forgotten, (day_and_an_hour_ago, day_and_an_hour_ago))
    recent = try_upload(client, registers.export("catalogue", "xlsx"), register="catalogue")
    second = recent.context["sections"][1]["trial"].token
    # Storing the new trial removed the expired one; the new one waits for its confirmation.
    assert not forgotten.exists() and (store / f"{second}.upload").exists()
    reply = client.post(reverse("logistics:register-confirm", args=["institutions"]), {"token": first},
                        follow=True)
    assert "no longer available" in reply.content.decode()


def test_the_purge_command_removes_only_expired_trials(settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path
    store = tmp_path / "registers"
    store.mkdir()
    old, fresh, other = store / "old.upload", store / "fresh.upload", store / "notes.txt"
    for path in (old, fresh, other):
        path.write_bytes(b"x")
    long_ago = time.time() - (settings.REGISTER_TRIAL_HOURS + 1) * 3600
    for path in (old, other):
        os.utime(path, (long_ago, long_ago))
    out = io.StringIO()
    call_command("purge_trial_uploads", stdout=out)
    assert (old.exists(), fresh.exists(), other.exists()) == (False, True, True)
    assert "Removed 1 unconfirmed register file" in out.getvalue()
