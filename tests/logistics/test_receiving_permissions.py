"""Who may do what in a receipt: every role, against its own and another institution's shipment,
on every receipt URL. Outside one's reach a shipment is simply not found (404), exactly as an id
that does not exist; anyone not logged in is sent to log in; every POST needs the CSRF token."""

import io
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from logistics import acts, receiving
from logistics.models import Shipment
from tests import factories

ROLES = ["anonymous", "staff", "outsider", "officer", "manager", "administrator"]
# Which shipment each role may receive: staff work at `school` (own), the outsider at `other_school`.
RECEIVES = {("staff", "own"), ("outsider", "other"), ("administrator", "own"), ("administrator", "other")}
SEES = RECEIVES | {(r, t) for r in ("officer", "manager") for t in ("own", "other")}

# name -> (method, url name, data builder, status when allowed)
ACTIONS = {
    "page": ("get", "logistics:receive", None, 200),
    "state": ("get", "logistics:receive-state", None, 200),
    "scan": ("post", "logistics:receive-scan", lambda s: {"code": s.units.first().asset_tag,
                                                          "scan_id": str(uuid.uuid4())}, 200),
    "damaged": ("post", "logistics:receive-damaged", lambda s: {"code": s.units.first().asset_tag,
                                                                "note": "Cracked"}, 200),
    "quantity": ("post", "logistics:receive-quantity",
                 lambda s: {"line": s.lines.get(item__tracking="counted").pk, "quantity": 5}, 200),
    "close-page": ("get", "logistics:receive-close", None, 200),
    "close": ("post", "logistics:receive-close", lambda s: {}, 302),
    "sign-page": ("get", "logistics:receive-sign", None, 302),  # open receipt: sent to close it first
    "sign": ("post", "logistics:receive-sign", lambda s: {"signer_name": "X"}, 302),
}


@pytest.fixture
def shipments(school, other_school):
    return {"own": factories.shipment(school, units=2, counted=5),
            "other": factories.shipment(other_school, units=2, counted=5)}


def as_role(client, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


@pytest.mark.parametrize("target", ["own", "other"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_receipt_urls_answer_only_those_who_may_receive(client, request, shipments, role, target, action):
    method, name, build, allowed = ACTIONS[action]
    shipment = shipments[target]
    client = as_role(client, request, role)
    url = reverse(name, args=[shipment.pk])
    reply = client.get(url) if method == "get" else client.post(url, build(shipment))
    if role == "anonymous":
        assert reply.status_code == 302 and reply["Location"].startswith(reverse("login"))
    elif (role, target) in RECEIVES:
        assert reply.status_code == allowed, reply.content[:300]
    else:
        assert reply.status_code == 404
    if (role, target) not in RECEIVES:
        shipment.refresh_from_db()
        assert shipment.status == Shipment.Status.DISPATCHED
        assert shipment.closed_at is None


@pytest.mark.parametrize("role", ROLES)
def test_a_guessed_id_is_as_unknown_as_a_missing_one(client, request, shipments, role):
    client = as_role(client, request, role)
    missing = Shipment.objects.order_by("-pk").first().pk + 100
    reply = client.get(reverse("logistics:receive", args=[missing]))
    assert reply.status_code == (302 if role == "anonymous" else 404)


def signature_png():
    image = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    for x in range(40, 260):
        image.putpixel((x, 50 + (x % 20)), (0, 0, 80, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def signed(shipments, staff, outsider):
    """Both shipments closed with a damage photo and a signed act."""
    photos = {}
    for target, who in (("own", staff), ("other", outsider)):
        shipment = shipments[target]
        unit = shipment.units.first()
        image = io.BytesIO()
        Image.new("RGB", (20, 20), "red").save(image, format="JPEG")
        image.name = "photo.jpg"
        photos[target] = receiving.mark_damaged(shipment, unit, by=who, note="Wet", photo=image,
                                                content_type="image/jpeg")
        from logistics.shipments import close_receipt

        close_receipt(shipment.pk, by=who)
        acts.sign_act(shipment.pk, by=who, signer_name="A. B.", signer_position="", signature_png=signature_png())
    return photos


@pytest.mark.parametrize("target", ["own", "other"])
@pytest.mark.parametrize("role", ROLES)
def test_the_act_and_the_damage_photos_are_served_only_to_those_who_see_the_shipment(
        client, request, shipments, signed, role, target):
    client = as_role(client, request, role)
    shipment = shipments[target]
    for url in (reverse("logistics:act", args=[shipment.pk]),
                reverse("logistics:receive-photo", args=[shipment.pk, signed[target].pk])):
        reply = client.get(url)
        if role == "anonymous":
            assert reply.status_code == 302
        elif (role, target) in SEES:
            assert reply.status_code == 200
        else:
            assert reply.status_code == 404


def test_a_photo_is_not_found_through_another_shipment(client, shipments, signed, staff):
    client.force_login(staff)
    foreign_photo = signed["other"].pk
    assert client.get(reverse("logistics:receive-photo", args=[shipments["own"].pk, foreign_photo])).status_code == 404


@pytest.mark.parametrize("action", [a for a, spec in ACTIONS.items() if spec[0] == "post"])
def test_every_receipt_post_needs_the_csrf_token(shipments, staff, action):
    _method, name, build, _allowed = ACTIONS[action]
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff)
    shipment = shipments["own"]
    browser.get(reverse("logistics:receive", args=[shipment.pk]))
    url = reverse(name, args=[shipment.pk])
    assert browser.post(url, build(shipment)).status_code == 403
    token = browser.cookies["csrftoken"].value
    assert browser.post(url, build(shipment), HTTP_X_CSRFTOKEN=token).status_code != 403


def test_anyone_who_scans_a_label_sees_the_item_not_the_shipment(client, shipments):
    unit = shipments["own"].units.first()
    page = client.get(unit.get_absolute_url()).content.decode()
    assert unit.item.name in page
    assert shipments["own"].waybill_number not in page
    assert unit.serial not in page
    assert reverse("logistics:receive", args=[shipments["own"].pk]) not in page
