"""The officer's whole import in the browser, with the real background worker between the steps."""

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from inventory.models import Unit
from logistics.models import Shipment
from tests.browser import login, needs_chromium

from . import import_files
from .import_files import good_rows, row, xlsx

pytestmark = [pytest.mark.browser, needs_chromium]
world, private_storage = import_files.world, import_files.private_storage  # fixtures


def run_worker():
    """What `manage.py db_worker` does beside the app: take the queued tasks and run them."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def upload(page, path):
    page.set_input_files("[data-testid=upload-form] input[type=file]", str(path))
    page.click("[data-testid=upload-form] button[type=submit]")
    page.wait_for_selector("[data-testid=progress] progress")  # queued: the bar waits for the worker
    run_worker()


def test_officer_fixes_rejected_rows_and_watches_the_import_finish(desktop, live_server, officer, world,
                                                                    private_storage, tmp_path):
    page = desktop
    rows = [*good_rows(world, count=3),
            row("ТН-000202", world.other.bin, "TAB-10", "T-77", when="31.02.2024")]
    login(page, live_server, "officer")
    page.goto(f"{live_server.url}/imports/")
    upload(page, xlsx(tmp_path / "Поставка.xlsx", rows))

    # The page polls and, once the check is done, shows the problem with its row, column and value.
    problems = page.wait_for_selector("[data-testid=problems]", timeout=20_000)
    assert "31.02.2024" in problems.inner_text() and "9" in problems.inner_text()  # title block, header, 4 rows
    assert Shipment.objects.count() == 0

    with page.expect_download() as download:
        page.click("[data-testid=download-rejected]")
    assert download.value.suggested_filename.endswith(".xlsx")
    download.value.save_as(tmp_path / "rejected.xlsx")
    rejected = load_workbook(tmp_path / "rejected.xlsx")
    sheet = rejected.active
    assert sheet.max_row == 2 and sheet.cell(row=2, column=9).value == "T-77"

    # The valid rows go in now; the rejected one is left out on purpose.
    page.check("[data-testid=confirm-form] input[name=skip_rejected]")
    page.click("[data-testid=confirm-form] button[type=submit]")
    page.wait_for_selector("[data-testid=progress]")
    run_worker()
    page.wait_for_selector("[data-testid=result]", timeout=20_000)
    assert Unit.objects.count() == 3

    # The officer fixes the date in the downloaded file and uploads just that row.
    sheet.cell(row=2, column=10, value="28.02.2024")
    fixed = tmp_path / "исправлено.xlsx"
    rejected.save(fixed)
    page.goto(f"{live_server.url}/imports/")
    upload(page, fixed)
    page.wait_for_selector("[data-testid=confirm-form]", timeout=20_000)
    assert world.other.name_ru in page.inner_text("[data-testid=summary]")
    page.click("[data-testid=confirm-form] button[type=submit]")
    progress = page.wait_for_selector("[data-testid=progress] progress")
    assert progress.is_visible()
    run_worker()
    result = page.wait_for_selector("[data-testid=created-shipments]", timeout=20_000)
    assert "ТН-000202" in result.inner_text()

    page.click("text=ТН-000202")
    assert "T-77" in page.content()
    assert set(Unit.objects.values_list("serial", flat=True)) == {"SN-0001", "SN-0002", "SN-0003", "T-77"}
    page.goto(f"{live_server.url}/imports/")
    assert page.locator("[data-testid=import-history] tr").count() == 3  # the header and two imports
