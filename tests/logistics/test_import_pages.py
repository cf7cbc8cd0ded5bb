"""The officer's import on the web: upload, preview, confirm, history, downloads; and every bad file
gets a clear message, never a 500, and leaves the database as it was."""

import io
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from inventory.models import Unit
from logistics.models import DeliveryImport, Shipment

from . import import_files
from .import_files import RU, db_state, good_rows, latest_import, row, write_csv, xlsx

world, immediate_tasks = import_files.world, import_files.immediate_tasks  # fixtures

FIXTURES = Path(__file__).parent / "fixtures"
S = DeliveryImport.Status


def upload(client, path, **fields):
    with open(path, "rb") as f:
        return client.post(reverse("logistics:import-upload"), {"file": f, **fields}, follow=True)


@pytest.fixture
def logged_in(client, officer, immediate_tasks):
    client.force_login(officer)
    return client


def test_officer_uploads_sees_the_preview_confirms_and_finds_the_shipment(logged_in, world, tmp_path):
    reply = upload(logged_in, xlsx(tmp_path / "Поставка сентябрь.xlsx", good_rows(world, count=3)))
    assert reply.status_code == 200
    record = latest_import()
    assert record.status == S.CHECKED and record.rows_total == 4
    page = reply.content.decode()
    assert "№ накладной" in page and world.school.name_ru in page  # decoded headers, summary per destination
    assert Shipment.objects.count() == 0  # nothing written before confirmation
    reply = logged_in.post(reverse("logistics:import-confirm", args=[record.pk]), follow=True)
    record.refresh_from_db()
    assert record.status == S.IMPORTED and (record.shipments_created, record.units_created) == (1, 3)
    assert "ТН-000101" in reply.content.decode()
    assert Shipment.objects.get().delivery_import == record
    history = logged_in.get(reverse("logistics:imports")).content.decode()
    assert "Поставка сентябрь.xlsx" in history and "officer" in history.lower()


def test_the_original_file_is_kept_and_downloadable(logged_in, world, tmp_path):
    path = xlsx(tmp_path / "d.xlsx", good_rows(world))
    upload(logged_in, path)
    reply = logged_in.get(reverse("logistics:import-file", args=[latest_import().pk]))
    assert b"".join(reply.streaming_content) == path.read_bytes()
    assert latest_import().size == path.stat().st_size


def test_rejected_rows_download_as_xlsx_with_reasons_and_read_back_once_fixed(logged_in, world, tmp_path):
    rows = [*good_rows(world, count=2), row("W2", world.school.bin, "BR-40", "SN-9", when="31.02.2024")]
    upload(logged_in, xlsx(tmp_path / "d.xlsx", rows))
    record = latest_import()
    assert record.status == S.REJECTED and record.rows_rejected == 1
    reply = logged_in.get(reverse("logistics:import-rejected", args=[record.pk]))
    sheet = load_workbook(io.BytesIO(reply.content)).active
    header, *data = list(sheet.values)
    assert header[:10] == tuple(RU) and len(data) == 1
    assert data[0][8] == "SN-9" and data[0][10] == 8 and "31.02.2024" in str(data[0][9])
    assert "Дата отгрузки" in data[0][11]  # the reason names the column
    # The officer fixes the date and uploads just that row: it reads back, the reason column ignored.
    sheet.cell(row=2, column=10, value="28.02.2024")
    fixed = tmp_path / "fixed.xlsx"
    sheet.parent.save(fixed)
    upload(logged_in, fixed)
    assert latest_import().status == S.CHECKED and latest_import().report["ignored"] != []


def test_confirming_a_file_with_problems_needs_the_officer_to_leave_them_out_explicitly(logged_in, world, tmp_path):
    rows = [*good_rows(world, count=2), row("W2", world.school.bin, "BR-40", "SN-9", when="31.02.2024")]
    upload(logged_in, xlsx(tmp_path / "d.xlsx", rows))
    record = latest_import()
    logged_in.post(reverse("logistics:import-confirm", args=[record.pk]))
    assert Unit.objects.count() == 0 and DeliveryImport.objects.get(pk=record.pk).status == S.REJECTED
    logged_in.post(reverse("logistics:import-confirm", args=[record.pk]), {"skip_rejected": "on"})
    assert Unit.objects.count() == 2 and DeliveryImport.objects.get(pk=record.pk).status == S.IMPORTED


def test_a_second_confirmation_imports_nothing_more(logged_in, world, tmp_path):
    upload(logged_in, xlsx(tmp_path / "d.xlsx", good_rows(world)))
    url = reverse("logistics:import-confirm", args=[latest_import().pk])
    logged_in.post(url)
    state = db_state()
    reply = logged_in.post(url, follow=True)
    assert reply.status_code == 200 and db_state() == state


def test_reuploading_the_same_file_reports_its_rows_as_already_imported(logged_in, world, tmp_path):
    path = xlsx(tmp_path / "d.xlsx", good_rows(world, count=3))
    upload(logged_in, path)
    logged_in.post(reverse("logistics:import-confirm", args=[latest_import().pk]))
    state = db_state()
    reply = upload(logged_in, path)
    record = latest_import()
    assert record.rows_already_imported == 4 and record.report["has_work"] is False
    assert "Confirm the import" not in reply.content.decode() and db_state() == state


def test_the_officer_chooses_another_encoding_when_the_headers_look_wrong(logged_in, world, tmp_path):
    rows = [[str(v).replace("«", "").replace("»", "") for v in r] for r in good_rows(world)]
    path = write_csv(tmp_path / "d.csv", rows, encoding="cp866")
    upload(logged_in, path)
    record = latest_import()
    assert record.report.get("encoding") == "cp1251"  # strict UTF-8 fails; 1251 decodes, garbled
    assert "№ накладной" not in str(record.report)
    logged_in.post(reverse("logistics:import-recheck", args=[record.pk]), {"encoding": "cp866"})
    record.refresh_from_db()
    assert record.status == S.CHECKED and record.report["columns"]["waybill"] == "№ накладной"


def test_the_status_endpoint_reports_progress_for_the_polling_page(logged_in, world, tmp_path):
    from logistics.importing import progress

    upload(logged_in, xlsx(tmp_path / "d.xlsx", good_rows(world)))
    record = latest_import()
    DeliveryImport.objects.filter(pk=record.pk).update(status=S.IMPORTING)
    progress.save(record.pk, "writing", 40, 80)
    state = logged_in.get(reverse("logistics:import-status", args=[record.pk])).json()
    assert (state["running"], state["percent"], state["phase"]) == (True, 50, "writing")
    assert 'data-import-status="' in logged_in.get(reverse("logistics:import", args=[record.pk])).content.decode()


def test_the_template_downloads_with_headers_in_three_languages(logged_in, world):
    reply = logged_in.get(reverse("logistics:import-template"))
    rows = list(load_workbook(io.BytesIO(reply.content)).active.values)
    assert "№ накладной / Жүкқұжат № / Waybill No." in rows[3]
    assert rows[4][5] == world.display.code


def test_school_staff_and_managers_cannot_reach_the_imports(client, staff, manager, immediate_tasks):
    # The role never reaches imports, whichever id: 403, not 404.
    for user in (staff, manager):
        client.force_login(user)
        assert client.get(reverse("logistics:imports")).status_code == 403
        assert client.get(reverse("logistics:import", args=[1])).status_code == 403


# --- Bad input: a clear message, nothing written, never a 500 ------------------------------------------

def _pdf(path):
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n")


def _png(path):
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))


def _garbage(path):
    import random

    path.write_bytes(random.Random(1).randbytes(5000))


def _empty(path):
    path.write_bytes(b"")


def _encrypted(path):
    path.write_bytes((FIXTURES / "encrypted-delivery.xlsx").read_bytes())


def _no_header(path):
    book = Workbook()
    for values in (["Отчёт"], ["Итого", 12], ["Подпись", "Иванов"]):
        book.active.append(values)
    book.save(path)


def _zip_bomb(path):
    # A member declaring 600 MB of zeros (it compresses to well under a megabyte); it is refused from
    # the zip directory, before a single byte is inflated.
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = bytes(1 << 20)
            for _ in range(600):
                member.write(block)


def _plain_zip(path):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.txt", "not a workbook")


def _formulas(path):
    book = Workbook()
    sheet = book.active
    sheet.append(RU)
    sheet.append(["W1", "ТОО", "Лот", "=TEXT(A1)", "", "BR-40", "", 1, "SN-1", "05.09.2025"])
    book.save(path)


BAD_FILES = {
    "renamed_pdf.xlsx": (_pdf, "PDF"),
    "photo.xlsx": (_png, "PNG"),
    "garbage.csv": (_garbage, "binary data"),
    "encrypted.xlsx": (_encrypted, "password"),
    "no_header.xlsx": (_no_header, "No header row"),
    "bomb.xlsx": (_zip_bomb, "unsafe"),
    "archive.xlsx": (_plain_zip, "not an Excel workbook"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_file_that_is_not_a_delivery_list_gets_a_clear_message(logged_in, world, tmp_path, settings, name):
    settings.LANGUAGE_CODE = "en"
    make, words = BAD_FILES[name]
    make(tmp_path / name)
    state = db_state()
    reply = upload(logged_in, tmp_path / name)
    assert reply.status_code == 200
    record = latest_import()
    assert record.status == S.REJECTED
    assert words in reply.content.decode()
    assert 'data-testid="upload-again"' in reply.content.decode()  # the officer tries another file from here
    assert logged_in.post(reverse("logistics:import-confirm", args=[record.pk]), follow=True).status_code == 200
    assert db_state() == state


def test_an_empty_file_is_refused_by_the_form(logged_in, tmp_path, settings):
    settings.LANGUAGE_CODE = "en"
    _empty(tmp_path / "empty.xlsx")
    reply = upload(logged_in, tmp_path / "empty.xlsx")
    assert reply.status_code == 400 and "empty" in reply.content.decode()
    assert DeliveryImport.objects.count() == 0


def test_a_formula_that_excel_never_calculated_is_named_with_its_cell(logged_in, world, tmp_path):
    _formulas(tmp_path / "f.xlsx")
    upload(logged_in, tmp_path / "f.xlsx")
    [problem] = latest_import().report["problems"]
    assert problem[0] == 2 and problem[1] == "БИН получателя" and problem[3] == "formula_no_value"


def test_an_upload_over_the_size_limit_is_refused_before_it_is_read(logged_in, world, tmp_path, settings):
    settings.MAX_IMPORT_UPLOAD_MB = 1
    path = write_csv(tmp_path / "big.csv", [row(f"W{n}", world.school.bin, "BR-40", f"SN-{n}")
                                            for n in range(40_000)])
    assert path.stat().st_size > 2 * 1024 * 1024
    reply = upload(logged_in, path)
    assert reply.status_code == 200 and "1 MB" in reply.content.decode()
    assert DeliveryImport.objects.count() == 0


def test_a_one_gigabyte_upload_is_refused_by_its_declared_length(logged_in):
    reply = logged_in.post(reverse("logistics:import-upload"), data=b"x", content_type="application/octet-stream",
                           CONTENT_LENGTH=str(1 << 30), follow=True)
    assert reply.status_code == 200 and DeliveryImport.objects.count() == 0
    assert "1024" in reply.content.decode()


def test_a_file_with_more_rows_than_allowed_is_refused(logged_in, world, tmp_path):
    # 200,000 rows of CSV: refused by its length, before any row is checked.
    path = tmp_path / "huge.csv"
    with open(path, "w", encoding="utf-8") as f:
        f.write(";".join(RU) + "\n")
        line = ";".join(str(v) for v in row("W1", world.school.bin, "BR-40", "SN")) + "\n"
        f.write(line * 200_000)
    state = db_state()
    upload(logged_in, path)
    assert latest_import().report["fatal"]["code"] == "too_many_rows" and db_state() == state


def test_a_workbook_with_more_rows_than_allowed_is_refused(logged_in, world, tmp_path, settings):
    settings.MAX_IMPORT_ROWS = 100
    upload(logged_in, xlsx(tmp_path / "d.xlsx", [row("W1", world.school.bin, "BR-40", f"S{n}") for n in range(200)]))
    assert latest_import().report["fatal"]["code"] == "too_many_rows"


def test_a_csv_is_named_as_the_officer_named_it_never_by_its_stored_name(logged_in, world, tmp_path):
    reply = upload(logged_in, write_csv(tmp_path / "сентябрь.csv", good_rows(world)))
    page = reply.content.decode()
    stored = Path(latest_import().file.name).name
    assert "сентябрь.csv" in page and stored not in page
    assert "Header row 1." in page and "of the sheet" not in page  # a CSV has no sheet to name


def test_the_templates_example_row_never_becomes_a_shipment(logged_in, world, tmp_path):
    from openpyxl import load_workbook as read

    template = logged_in.get(reverse("logistics:import-template")).content
    sheet = read(io.BytesIO(template)).active
    path = tmp_path / "filled-in.xlsx"
    sheet.append(row("ТН-000777", world.school.bin, "BR-40", "SN-REAL-1"))  # the officer's real row below it
    sheet.parent.save(path)
    upload(logged_in, path)
    record = latest_import()
    problems = [(line, code) for line, _column, _value, code, _params in record.report["problems"]]
    assert problems == [(5, "template_example")]
    logged_in.post(reverse("logistics:import-confirm", args=[record.pk]), {"skip_rejected": "on"})
    assert list(Shipment.objects.values_list("waybill_number", flat=True)) == ["ТН-000777"]


def test_a_dispatch_date_after_today_is_pointed_out_before_confirming(logged_in, world, tmp_path):
    from datetime import timedelta

    from django.utils import timezone

    soon = (timezone.localdate() + timedelta(days=30)).strftime("%d.%m.%Y")
    rows = [row("ТН-000901", world.school.bin, "BR-40", "SN-F1", when=soon),
            row("ТН-000902", world.school.bin, "BR-40", "SN-F2")]
    page = upload(logged_in, xlsx(tmp_path / "d.xlsx", rows)).content.decode()
    assert 'data-testid="future-dates"' in page and "ТН-000901" in page.split('data-testid="future-dates"')[1]
    assert "ТН-000902" not in page.split('data-testid="future-dates"')[1].split("</p>")[0]
    assert latest_import().status == S.CHECKED  # a warning, not a problem: the officer may still confirm
