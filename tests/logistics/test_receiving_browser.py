"""The whole receipt on a phone, in Debian's chromium: staff log in, scan with the keyboard and with
the camera (Chromium's fake camera shows a real QR label, read by the page's own decoder), lose the
connection and scan on, come back and see the scans sent once, report a damaged unit with a photo,
close the receipt, sign on the screen and download the act."""

import pytest
import qrcode
from django.conf import settings
from PIL import Image
from pypdf import PdfReader

from inventory.models import Unit, UnitEvent
from tests import factories
from tests.browser import CHROMIUM, CHROMIUM_ARGS, PHONE, login, needs_chromium, only_local

pytestmark = [pytest.mark.browser, needs_chromium]


def label_video(url, path, size=(640, 480)):
    """A Y4M video of a printed QR label (what a phone camera would see), for Chromium's fake camera."""
    qr = qrcode.QRCode(border=4, box_size=8)
    qr.add_data(url)
    label = qr.make_image().convert("RGB")
    frame = Image.new("RGB", size, (235, 232, 225))  # a label on a cardboard-coloured box
    label.thumbnail((size[1] - 40, size[1] - 40))
    frame.paste(label, ((size[0] - label.width) // 2, (size[1] - label.height) // 2))
    y, cb, cr = frame.convert("YCbCr").split()
    half = (size[0] // 2, size[1] // 2)
    planes = y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{size[0]} H{size[1]} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(3):
            out.write(b"FRAME\n" + planes)


@pytest.fixture
def camera_phone(chromium, live_server, tmp_path, request):
    """A phone whose camera films the label of the unit the test names in `request.param`-free style."""
    pages = []

    def open_with_label(url):
        video = tmp_path / "label.y4m"
        label_video(url, video)
        browser = chromium.browser_type.launch(
            executable_path=CHROMIUM, headless=True,
            args=[*CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                  f"--use-file-for-fake-video-capture={video}"])
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="ru-RU",
                                      accept_downloads=True)
        context.grant_permissions(["camera"], origin=live_server.url)
        context.route("**/*", only_local)
        page = context.new_page()
        pages.append((browser, context))
        return page

    yield open_with_label
    for browser, context in pages:
        context.close()
        browser.close()


# Predicates passed to wait_for_function are arrow functions: Playwright evaluates a bare expression
# again on every poll with eval(), which the page's Content-Security-Policy refuses.
def outcome_after(page, action, expected):
    """Do `action` and wait until the feedback box shows `expected`."""
    page.evaluate("document.getElementById('feedback').dataset.outcome = ''")
    action()
    page.wait_for_function("o => document.getElementById('feedback').dataset.outcome === o", arg=expected,
                           timeout=15000)


def queue_shows(page, count):
    """Wait for the queue's count: the page writes it after the feedback, once its offline store answers."""
    page.wait_for_function("(n) => document.querySelector('[data-testid=queue-count]').textContent === n",
                           arg=str(count))


def type_scan(page, text):
    page.fill("#scan-code", text)
    page.press("#scan-code", "Enter")


def page_text(page, key):
    """A sentence of the page's script, in the page's language."""
    return page.evaluate("k => JSON.parse(document.getElementById('receipt-data').textContent).text[k]", key)


def received_events(unit):
    return UnitEvent.objects.filter(unit=unit, new_status=Unit.Status.RECEIVED).count()


def test_staff_receive_a_delivery_on_a_phone_offline_and_sign_the_act(camera_phone, live_server, staff, school,
                                                                      tmp_path):
    shipment = factories.shipment(school, units=6)
    typed, filmed, offline_1, offline_2, damaged, missing = shipment.units.order_by("pk")
    page = camera_phone(f"{settings.SITE_URL}/u/{filmed.asset_tag}")
    login(page, live_server, "staff")

    page.goto(f"{live_server.url}{shipment.get_absolute_url()}")
    page.click("[data-testid=receive-link]")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null || "
                           "navigator.serviceWorker.ready.then(() => true)")
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()  # now through the worker, which keeps a copy of the page for offline use
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")

    # The keyboard path: a handheld scanner or a person typing the printed tag.
    outcome_after(page, lambda: type_scan(page, typed.display_tag.lower()), "received")
    assert typed.display_tag in page.text_content("[data-testid=feedback]")
    outcome_after(page, lambda: type_scan(page, typed.asset_tag), "already_received")

    # The camera path: the fake camera films the label; the page's decoder reads it.
    outcome_after(page, lambda: page.click("[data-testid=camera-toggle]"), "received")
    page.click("[data-testid=camera-toggle]")
    assert filmed.display_tag in page.text_content("[data-testid=feedback]")
    page.screenshot(path=tmp_path / "receiving-phone-scanned.png", full_page=True)

    # The connection drops: scans wait on the phone, and the page survives a reload.
    page.context.set_offline(True)
    outcome_after(page, lambda: type_scan(page, offline_1.asset_tag), "queued")
    outcome_after(page, lambda: type_scan(page, f"{settings.SITE_URL}/u/{offline_2.asset_tag}"), "queued")
    queue_shows(page, 2)
    page.reload()
    page.wait_for_selector("[data-testid=queue-count]")
    page.wait_for_function("() => document.querySelector('[data-testid=queue-count]').textContent === '2'")
    assert shipment.waybill_number in page.text_content("h1")
    page.screenshot(path=tmp_path / "receiving-phone-offline.png", full_page=True)
    assert received_events(offline_1) == received_events(offline_2) == 0

    # Back online: the queue is sent, once.
    page.context.set_offline(False)
    page.wait_for_function("() => document.querySelector('[data-testid=queue-count]').textContent === '0'",
                           timeout=20000)
    page.evaluate("window.receipt.flush()")  # a second attempt must not count twice
    assert received_events(offline_1) == received_events(offline_2) == 1
    page.wait_for_function("() => document.getElementById('count-arrived').textContent === '4'")

    # A damaged unit, with a note and a photo taken on the phone.
    photo = tmp_path / "damage.jpg"
    Image.new("RGB", (320, 240), (150, 40, 40)).save(photo, format="JPEG")
    row = page.locator(f"#unit-list li[data-tag='{damaged.asset_tag}']")
    row.locator("summary").click()
    row.locator("textarea").fill("Коробка мокрая, экран треснул")
    row.locator("input[type=file]").set_input_files(str(photo))
    outcome_after(page, lambda: row.locator("button[type=submit]").click(), "damaged")
    assert Unit.objects.get(pk=damaged.pk).status == Unit.Status.DAMAGED

    # Close the receipt; what was never scanned becomes missing.
    page.click("[data-testid=close-link]")
    assert missing.display_tag in page.text_content("[data-testid=summary]")
    page.screenshot(path=tmp_path / "receiving-phone-close.png", full_page=True)
    page.click("[data-testid=close-receipt]")
    page.wait_for_selector("[data-testid=signature-pad][data-ready]")
    assert Unit.objects.get(pk=missing.pk).status == Unit.Status.MISSING

    # Sign on the screen.
    page.fill("#id_signer_name", "Айгерим Сапарова")
    pad = page.locator("[data-testid=signature-pad]")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] * 0.6)
    page.mouse.down()
    for step in range(1, 30):
        page.mouse.move(box["x"] + 20 + step * 9, box["y"] + box["height"] * (0.6 - 0.3 * ((step % 6) / 6)))
    page.mouse.up()
    page.screenshot(path=tmp_path / "receiving-phone-sign.png", full_page=True)
    page.click("[data-testid=sign-act]")
    page.wait_for_selector("[data-testid=act-signed]")

    with page.expect_download() as download:
        page.click("[data-testid=act-download]")
    text = "\n".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    received_at, damaged_at = text.index("Принято / Қабылданды"), text.index("Повреждено / Зақымдалған")
    missing_at, unexpected_at = text.index("Не поступило"), text.index("Не указано в накладной")
    for unit in (typed, filmed, offline_1, offline_2):
        assert received_at < text.index(unit.display_tag) < damaged_at
    assert damaged_at < text.index(damaged.display_tag) < missing_at
    assert "треснул" in text
    assert missing_at < text.index(missing.display_tag) < unexpected_at
    assert shipment.waybill_number in text


def test_the_page_sorts_the_servers_refusals_from_what_is_worth_sending_again(phone, live_server, staff, school,
                                                                               other_school):
    """A refusal is shown and dropped; a lost session keeps the scan for after the next login; a
    shipment no longer available is "not found", not a login problem."""
    from django.contrib.sessions.models import Session

    from inventory.models import Profile
    from logistics import shipments

    shipment = factories.shipment(school, units=3)
    first, second, third = shipment.units.order_by("pk")
    page = phone
    login(page, live_server, "staff")
    page.goto(f"{live_server.url}/shipments/{shipment.pk}/receive/")
    outcome_after(page, lambda: type_scan(page, first.asset_tag), "received")
    assert page.text_content("#count-arrived") == "1"  # counted by the page from the reply's status

    # The session ends (a redirect to the login page): the scan waits for the next login.
    Session.objects.all().delete()
    outcome_after(page, lambda: type_scan(page, second.asset_tag), "queued")
    assert page_text(page, "login") in page.text_content("[data-testid=feedback]")
    queue_shows(page, 1)
    login(page, live_server, "staff")
    page.goto(f"{live_server.url}/shipments/{shipment.pk}/receive/")
    # Not the queue's count: the page is served saying 0 before it has read the queue. The arrived count
    # moves to 2 only when the server has answered the waiting scan.
    page.wait_for_function("() => document.getElementById('count-arrived').textContent === '2'")
    queue_shows(page, 0)
    assert received_events(second) == 1

    # Someone else closed the receipt meanwhile (409): said, and not kept.
    shipments.close_receipt(shipment.pk, by=staff)
    outcome_after(page, lambda: type_scan(page, third.asset_tag), "failed")
    # The list of refusals is written after the feedback: wait for it rather than read it at once.
    page.wait_for_function("(waybill) => document.querySelector('[data-testid=failures]').textContent"
                           ".includes(waybill)", arg=shipment.waybill_number)
    queue_shows(page, 0)

    # The user was moved to another school (404): "not found", not a login problem, not kept.
    Profile.objects.filter(user=staff).update(institution=other_school)
    outcome_after(page, lambda: type_scan(page, third.display_tag), "failed")
    assert page_text(page, "not_found") in page.text_content("[data-testid=feedback]")
    queue_shows(page, 0)
    assert Unit.objects.get(pk=third.pk).status == Unit.Status.MISSING
