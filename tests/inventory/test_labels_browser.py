"""In the browser: the officer picks a shipment's units, a sheet and a start place, and downloads the PDF."""

from pathlib import Path

import pytest

from tests.browser import login, needs_chromium

from .labels_helpers import read_pdf

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.fixture(autouse=True)
def _labels_settings(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}


def test_officer_downloads_a_sheet_of_a_shipments_labels(desktop, live_server, officer, shipped_kit, tmp_path):
    page = desktop
    login(page, live_server, "officer")
    page.goto(f"{live_server.url}{shipped_kit.get_absolute_url()}")
    page.click("[data-testid=labels-link]")
    boxes = page.locator("input[name=unit]")
    assert boxes.count() == 3
    left_out = boxes.nth(0).get_attribute("aria-label")
    boxes.nth(0).uncheck()
    page.select_option("#id_preset", "a4-2x5-99x57")
    page.fill("#id_start", "3")
    with page.expect_download() as info:  # a small sheet downloads at once, in one step
        page.click("[data-testid=make-pdf]")
    path = Path(tmp_path / "labels.pdf")
    info.value.save_as(path)
    codes = read_pdf(path.read_bytes())
    tags = {u.asset_tag for u in shipped_kit.units.all() if u.display_tag != left_out}
    assert len(codes["qr"]) == 2 and set(codes["code128"]) == tags
