"""Under the Content-Security-Policy, in Debian's chromium: the receipt page's camera decoder (WebAssembly),
offline worker and damage photo, the signature pad, the coverage map and an admin change form all
work, and the browser reports not a single blocked script, style, image or worker."""

import pytest
from django.conf import settings
from django.urls import reverse
from PIL import Image

from inventory.models import Unit
from tests import factories
from tests.browser import login, needs_chromium
from tests.logistics import coverage_world

from .test_receiving_browser import camera_phone, outcome_after, type_scan  # noqa: F401  (camera_phone: fixture)

pytestmark = [pytest.mark.browser, needs_chromium]

# Runs in every frame before the page's own scripts: each violation is handed to the test at once,
# so one found just before a navigation is not lost with the page.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.reportViolation(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${where}`);
});
"""


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    """Photos and acts go to the test's own folder, never into the checkout."""
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}


def watch_policy(page):
    """Violations and console messages about the Content Security Policy on this page's context."""
    found = []
    page.context.expose_function("reportViolation", lambda text: found.append(text))
    page.context.add_init_script(REPORT_VIOLATIONS)
    page.on("console", lambda m: found.append(m.text) if "Content Security Policy" in m.text else None)
    return found


def test_the_receipt_camera_offline_worker_photo_and_signature_work_under_the_policy(
        camera_phone, live_server, staff, school, tmp_path):  # noqa: F811
    shipment = factories.shipment(school, units=3)
    filmed, damaged, _missing = shipment.units.order_by("pk")
    page = camera_phone(f"{settings.SITE_URL}/u/{filmed.asset_tag}")
    violations = watch_policy(page)
    login(page, live_server, "staff")

    reply = page.goto(f"{live_server.url}{reverse('logistics:receive', args=[shipment.pk])}")
    assert "wasm-unsafe-eval" in reply.headers["content-security-policy"]
    assert "camera=(self)" in reply.headers["permissions-policy"]
    page.wait_for_function("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")

    # The camera: no BarcodeDetector in this chromium, so the vendored WebAssembly decoder reads the label.
    outcome_after(page, lambda: page.click("[data-testid=camera-toggle]"), "received")
    page.click("[data-testid=camera-toggle]")
    assert Unit.objects.get(pk=filmed.pk).status == Unit.Status.RECEIVED

    photo = tmp_path / "damage.jpg"
    Image.new("RGB", (320, 240), (150, 40, 40)).save(photo, format="JPEG")
    row = page.locator(f"#unit-list li[data-tag='{damaged.asset_tag}']")
    row.locator("summary").click()
    row.locator("textarea").fill("Wet box")
    row.locator("input[type=file]").set_input_files(str(photo))
    outcome_after(page, lambda: row.locator("button[type=submit]").click(), "damaged")

    page.click("[data-testid=close-link]")
    page.click("[data-testid=close-receipt]")
    page.wait_for_selector("[data-testid=signature-pad][data-ready]")
    page.fill("#id_signer_name", "Aigerim Saparova")
    box = page.locator("[data-testid=signature-pad]").bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 60)
    page.mouse.down()
    for step in range(1, 25):
        page.mouse.move(box["x"] + 20 + step * 10, box["y"] + 60 + (step % 5) * 8)
    page.mouse.up()
    page.click("[data-testid=sign-act]")
    page.wait_for_selector("[data-testid=act-signed]")
    assert violations == []

    # The watch works: an inline script injected into the page is blocked and reported.
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
                  " document.body.append(s); }")
    assert page.evaluate("window.ran") is None
    page.wait_for_timeout(200)
    assert any("script-src" in v for v in violations)


def test_the_coverage_map_draws_under_the_policy(desktop, live_server, manager):
    coverage_world.build()
    violations = watch_policy(desktop)
    login(desktop, live_server, "manager")

    desktop.goto(f"{live_server.url}{reverse('logistics:coverage')}")
    frame = desktop.frame_locator("[data-testid=coverage-map]")
    frame.locator(".leaflet-container").wait_for()
    frame.locator(".gap-flag[data-area='353200000']").wait_for()
    # The map's own <style> block (nonced) paints the legend and the institution markers.
    swatch = frame.locator("[data-testid=map-legend] i[class^='c-']").first
    assert swatch.evaluate("i => getComputedStyle(i).backgroundColor") not in ("", "rgba(0, 0, 0, 0)")
    dot = frame.locator(".inst-dot").first
    dot.wait_for()
    assert dot.evaluate("d => getComputedStyle(d).backgroundColor") not in ("", "rgba(0, 0, 0, 0)")
    assert violations == []


def test_an_admin_change_form_works_under_the_policy(desktop, live_server, django_user_model, school):
    django_user_model.objects.create_superuser("root", "root@example.kz", "pass-word-123")
    violations = watch_policy(desktop)
    login(desktop, live_server, "root")

    desktop.goto(f"{live_server.url}{reverse('admin:inventory_institution_change', args=[school.pk])}")
    desktop.wait_for_selector("#institution_form")
    desktop.wait_for_function("() => typeof django !== 'undefined' && typeof django.jQuery === 'function'")
    desktop.goto(f"{live_server.url}{reverse('admin:inventory_institution_changelist')}")
    desktop.wait_for_selector("#changelist")
    assert violations == []
