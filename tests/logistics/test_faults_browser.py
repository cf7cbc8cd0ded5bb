"""In Debian's chromium: a phone with no account opens a unit's label, reads how to use it and reports a
problem; an officer triages it into a repair and closes it; the label's page and the history show the path."""

import pytest

from inventory.models import Unit
from logistics.models import FaultReport, RepairOrder
from tests.browser import login, needs_chromium

from .fault_world import arrived_units

pytestmark = [pytest.mark.browser, needs_chromium]


def test_a_phone_reports_a_problem_and_the_officer_has_it_repaired(phone, desktop, live_server, school, officer,
                                                                  tmp_path):
    unit = arrived_units(school, by=officer, count=1, item_months=12)[0]
    item = unit.item
    item.guidance_ru = "Включите камеру синей кнопкой и откалибруйте взгляд ребёнка."
    item.lectures = [{"title": "Лекция 12: айтрекер на уроке", "url": "https://edu.example.kz/lectures/12"}]
    item.save()

    page = phone  # no login: anyone who scans the label
    page.goto(f"{live_server.url}/u/{unit.asset_tag}")
    assert "синей кнопкой" in page.text_content("[data-testid=unit-guidance]")
    assert page.get_attribute("[data-testid=unit-lectures] a", "href") == "https://edu.example.kz/lectures/12"
    assert school.name_ru in page.text_content("[data-testid=unit-holder]")
    page.screenshot(path=tmp_path / "label-phone.png", full_page=True)
    page.click("[data-testid=report-problem]")
    page.check("input[name=kind][value=broken]")
    page.fill("textarea[name=text]", "Камера не включается.")
    page.fill("input[name=contact]", "+7 701 123 45 67")
    page.screenshot(path=tmp_path / "report-phone.png", full_page=True)
    page.click("[data-testid=report-form] button[type=submit]")
    page.wait_for_selector("[data-testid=report-sent]")
    report = FaultReport.objects.get()

    office = desktop
    login(office, live_server, "officer")
    office.goto(f"{live_server.url}/faults/")
    office.click(f"text={report.number}")
    office.check("input[name=outcome][value=needs_repair]")
    office.fill("#id_supplier", "Tech Service LLP")
    office.click("[data-testid=triage-form] button[type=submit]")
    office.wait_for_selector("[data-testid=repair]")
    assert "12" in office.text_content("[data-testid=repair-warranty]") or RepairOrder.objects.get().under_warranty
    assert Unit.objects.get(pk=unit.pk).status == Unit.Status.DAMAGED
    office.click("[data-testid=send-form] button[type=submit]")
    office.wait_for_selector("[data-testid=return-form]")
    office.check("input[name=outcome][value=repaired]")
    office.click("[data-testid=return-form] button[type=submit]")
    office.wait_for_selector("[data-testid=repair-outcome]")
    office.screenshot(path=tmp_path / "fault-desktop.png", full_page=True)
    repair = RepairOrder.objects.get()
    assert Unit.objects.get(pk=unit.pk).status == Unit.Status.INSTALLED

    office.goto(f"{live_server.url}/u/{unit.asset_tag}")
    history = office.text_content("[data-testid=unit-history]")
    assert history.count(repair.number) == 2
    page.goto(f"{live_server.url}/u/{unit.asset_tag}")
    assert page.text_content("[data-testid=unit-service]").count(repair.number) == 2
    page.screenshot(path=tmp_path / "label-after-phone.png", full_page=True)
