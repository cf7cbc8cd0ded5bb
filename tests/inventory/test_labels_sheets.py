"""The procurement officer's story: label sheets for a shipment, rendered once, downloaded as a PDF;
and everyone else's limits."""

from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from inventory import label_batches, labels
from inventory.models import LabelBatch
from tests import factories

from .labels_helpers import read_pdf


@pytest.fixture(autouse=True)
def _labels_settings(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}


def form_url(shipment):
    return reverse("logistics:labels-shipment", args=[shipment.pk])


def options(**extra):
    return {"preset": "a4-3x8-70x37", "start": 1, "copies": 1, "language": "ru", **extra}


def download(client, batch_url):
    batch = LabelBatch.objects.get(pk=int(batch_url.rstrip("/").split("/")[-1]))
    reply = client.get(reverse("logistics:labels-batch-pdf", args=[batch.pk]))
    assert reply.status_code == 200 and reply["Content-Type"] == "application/pdf"
    return b"".join(reply.streaming_content)


def test_officer_prints_a_shipments_labels_starting_at_place_5(client, officer, shipped_kit):
    client.force_login(officer)
    page = client.get(form_url(shipped_kit))
    assert page.status_code == 200 and shipped_kit.units.first().display_tag in page.text
    units = list(shipped_kit.units.order_by("serial"))
    reply = client.post(form_url(shipped_kit), {**options(start=5, copies=2), "unit": [u.pk for u in units[:2]]})
    # A small sheet is the download itself, named after what it holds; the batch stays in the history.
    assert reply.status_code == 200 and reply["Content-Type"] == "application/pdf"
    assert f"{shipped_kit.waybill_number.lower()}.pdf" in reply["Content-Disposition"].lower()
    assert LabelBatch.objects.get().is_ready
    pdf = b"".join(reply.streaming_content)
    assert sorted(read_pdf(pdf)["code128"]) == sorted([u.asset_tag for u in units[:2]] * 2)
    assert len(PdfReader(BytesIO(pdf)).pages) == 1


def test_asking_twice_for_the_same_batch_renders_it_once(client, officer, shipped_kit, monkeypatch):
    client.force_login(officer)
    rendered = []
    real = labels.render_sheets
    monkeypatch.setattr(labels, "render_sheets", lambda *a, **k: rendered.append(1) or real(*a, **k))
    ids = list(shipped_kit.units.values_list("pk", flat=True))
    first = client.post(form_url(shipped_kit), {**options(), "unit": ids})
    second = client.post(form_url(shipped_kit), {**options(), "unit": ids})
    assert b"".join(first.streaming_content) == b"".join(second.streaming_content)
    assert LabelBatch.objects.count() == 1 and rendered == [1]
    client.post(form_url(shipped_kit), {**options(start=2), "unit": ids})
    assert LabelBatch.objects.count() == 2 and rendered == [1, 1]


def test_a_large_batch_renders_in_the_background_with_progress(client, officer, school, monkeypatch):
    monkeypatch.setattr(label_batches, "SYNC_LIMIT", 2)
    shipment = factories.shipment(school, units=30, by=officer)
    client.force_login(officer)
    reply = client.post(reverse("logistics:labels-institution", args=[school.pk]),
                        {**options(), "unit": list(shipment.units.values_list("pk", flat=True))})
    batch = LabelBatch.objects.get()
    assert batch.task_id and batch.status == LabelBatch.Status.READY
    status = client.get(reverse("logistics:labels-batch-status", args=[batch.pk])).json()
    assert status["percent"] == 100 and status["download"]
    assert len(read_pdf(download(client, reply.url))["qr"]) == shipment.units.count()


@pytest.mark.parametrize(("posted", "message"), [
    ({"preset": "a4-9x9-nonsense"}, "no label sheet called"),
    ({"start": 25}, "start at a place from 1 to 24"),
    ({"start": 0}, "greater than or equal to 1"),
    ({"copies": 50}, "less than or equal to 10"),
])
def test_it_explains_a_bad_choice_and_writes_nothing(client, officer, shipped_kit, posted, message):
    client.force_login(officer)
    ids = list(shipped_kit.units.values_list("pk", flat=True))
    reply = client.post(form_url(shipped_kit), {**options(**posted), "unit": ids}, HTTP_ACCEPT_LANGUAGE="en")
    assert reply.status_code == 200 and message in reply.text
    assert not LabelBatch.objects.exists()


def test_it_asks_for_at_least_one_unit(client, officer, shipped_kit):
    client.force_login(officer)
    reply = client.post(form_url(shipped_kit), options(), HTTP_ACCEPT_LANGUAGE="en")
    assert "Choose at least one unit" in reply.text and not LabelBatch.objects.exists()


def test_a_shipment_without_units_gets_a_message_not_an_empty_pdf(client, officer, school):
    empty = factories.shipment(school, units=0, counted=5, dispatched=False)
    client.force_login(officer)
    reply = client.post(form_url(empty), options(), HTTP_ACCEPT_LANGUAGE="en")
    assert reply.status_code == 200 and "no units" in reply.text and not LabelBatch.objects.exists()


def test_too_many_units_get_a_limit_message(client, officer, school, monkeypatch):
    monkeypatch.setattr(label_batches.labels, "MAX_LABELS", 4)  # 200,000 real units would take minutes to make
    shipment = factories.shipment(school, units=5, by=officer)
    client.force_login(officer)
    url = reverse("logistics:labels-institution", args=[school.pk])
    reply = client.post(url, {**options(), "unit": list(shipment.units.values_list("pk", flat=True))},
                        HTTP_ACCEPT_LANGUAGE="en")
    assert "at most 4" in reply.text and not LabelBatch.objects.exists()


def test_only_officers_and_administrators_print_sheets(client, shipped_kit, staff, manager, administrator):
    for user, expected in ((staff, 403), (manager, 403), (administrator, 200)):
        client.force_login(user)
        assert client.get(form_url(shipped_kit)).status_code == expected, user


def test_a_batch_is_not_shown_to_those_who_may_not_print(client, officer, staff, shipped_kit):
    client.force_login(officer)
    client.post(form_url(shipped_kit), {**options(), "unit": [shipped_kit.units.first().pk]})
    batch_url = reverse("logistics:labels-batch", args=[LabelBatch.objects.get().pk])
    client.force_login(staff)
    assert client.get(batch_url).status_code == 403
    assert client.get(batch_url + "pdf/").status_code == 403


def test_a_selection_leaves_out_units_the_user_may_not_see(client, officer, shipped_kit):
    client.force_login(officer)
    tags = list(shipped_kit.units.values_list("asset_tag", flat=True))
    reply = client.get(reverse("logistics:labels-selection"), {"tag": [*tags, "ZZZZZZZZ"]}, HTTP_ACCEPT_LANGUAGE="en")
    assert reply.status_code == 200 and "1 of the chosen units" in reply.text
    assert all(t[:4] in reply.text for t in tags)


def test_staff_get_their_own_units_label_but_never_another_schools(client, staff, outsider, shipped_kit):
    unit = shipped_kit.units.first()
    client.force_login(staff)
    png = client.get(reverse("inventory:unit-label-png", args=[unit.asset_tag]))
    svg = client.get(reverse("inventory:unit-label-svg", args=[unit.asset_tag]))
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    assert unit.display_tag in svg.text
    assert "unit-label" in client.get(unit.get_absolute_url()).text
    client.force_login(outsider)
    assert client.get(reverse("inventory:unit-label-png", args=[unit.asset_tag])).status_code == 404


def test_an_unknown_sheet_is_a_clear_400(client, officer, shipped_kit):
    client.force_login(officer)
    unit = shipped_kit.units.first()
    reply = client.get(reverse("inventory:unit-label-png", args=[unit.asset_tag]), {"preset": "nope"})
    assert reply.status_code == 400 and "nope" in reply.text
    assert client.get(reverse("logistics:labels-calibration"), {"preset": "nope"}).status_code == 400
    calibration = client.get(reverse("logistics:labels-calibration"), {"preset": "a4-2x5-99x57"})
    assert calibration.status_code == 200 and calibration.content.startswith(b"%PDF")


def test_an_imports_units_print_all_together(client, officer, school, other_school, monkeypatch):
    from logistics.models import DeliveryImport
    from logistics.views import labels as label_views

    monkeypatch.setattr(label_views, "SELECT_LIMIT", 3)  # above it the form prints everything, unlisted
    delivery = DeliveryImport.objects.create(original_name="delivery.xlsx", file="imports/delivery.xlsx",
                                             sha256="0" * 64, uploaded_by=officer)
    shipments = [factories.shipment(s, units=2, by=officer) for s in (school, other_school)]
    for shipment in shipments:
        shipment.delivery_import = delivery
        shipment.save(update_fields=["delivery_import"])
    factories.shipment(school, units=1, by=officer)  # not in the import
    client.force_login(officer)
    url = reverse("logistics:labels-import", args=[delivery.pk])
    assert 'data-testid="all-units"' in client.get(url).text
    reply = client.post(url, options(preset="a4-2x5-99x57"))
    tags = {u.asset_tag for s in shipments for u in s.units.all()}
    assert set(read_pdf(b"".join(reply.streaming_content))["code128"]) == tags


def test_a_selection_over_the_limit_says_so_instead_of_calling_the_rest_unknown(client, officer, shipped_kit):
    from logistics.views.labels import SELECT_LIMIT

    client.force_login(officer)
    tags = list(shipped_kit.units.values_list("asset_tag", flat=True))
    unknown = [f"ZZ{i:06d}" for i in range(SELECT_LIMIT)]
    reply = client.get(reverse("logistics:labels-selection"), {"tag": [*tags, *unknown]}, HTTP_ACCEPT_LANGUAGE="en")
    assert reply.status_code == 200
    assert f"at most {SELECT_LIMIT} units" in reply.text
    assert f"{SELECT_LIMIT - len(tags)} of the chosen units" in reply.text


@pytest.mark.parametrize(("language", "caption"), [("en", "this line is 100 mm"), ("ru", "длина этой линии 100 мм"),
                                                   ("kk", "бұл сызықтың ұзындығы 100 мм")])
def test_the_calibration_page_speaks_the_readers_language(client, officer, language, caption):
    client.force_login(officer)
    client.cookies["django_language"] = language
    reply = client.get(reverse("logistics:labels-calibration"), {"preset": "a4-3x8-63x34"})
    text = " ".join(PdfReader(BytesIO(reply.content)).pages[0].extract_text().split())
    assert caption in text
