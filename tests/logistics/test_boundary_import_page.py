"""An administrator loads Karaganda's districts from another publisher's national file on the web page:
checks it, ticks the suggested typo, sees old and new outlines, confirms, and finds it in the history."""

from pathlib import Path

import pytest
from django.urls import reverse

from inventory.models import Area
from logistics.models import BoundaryImport
from tests.logistics.test_boundaries_foreign import KARAGANDA, national_file, register, stored  # noqa: F401

# `register`: the demo's regions and Karaganda units, and namesake districts in two other regions.
pytestmark = [pytest.mark.filterwarnings("ignore:'crs' was not provided"), pytest.mark.usefixtures("register")]


def upload(client, path, **fields):
    with open(path, "rb") as f:
        return client.post(reverse("logistics:boundaries-check"), {"file": f, "level": "district", **fields})


def test_administrator_checks_accepts_the_typo_previews_and_stores(client, administrator, tmp_path):
    client.force_login(administrator)
    page = upload(client, national_file(tmp_path), within="Karaganda Region")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="Termitau=352400000"' in html and "Did you mean Temirtau city (352400000)?" in html
    assert "confirm-boundaries" not in html and stored() == set()          # a problem: nothing to confirm yet

    checked = page.context["checked"].initial
    again = client.post(reverse("logistics:boundaries-check"), {
        "token": checked["token"], "file_name": checked["file_name"], "level": "district",
        "within": "Karaganda Region", "accept": "Termitau=352400000"})
    html = again.content.decode()
    assert again.context["plan"].ok and "confirm-boundaries" in html
    assert html.count('<g data-area="35') == 13 and 'class="new"' in html
    assert 'type="hidden" name="accept" value="Termitau=352400000"' in html

    done = client.post(reverse("logistics:boundaries-confirm"), {
        "token": checked["token"], "file_name": checked["file_name"], "level": "district",
        "within": "Karaganda Region", "accept": "Termitau=352400000"}, follow=True)
    assert "Stored 13 boundaries from national.gpkg." in done.content.decode()
    assert stored() == KARAGANDA
    (record,) = BoundaryImport.objects.all()
    assert (record.stored, record.actor, record.accepted) == (13, administrator, {"Termitau": "352400000"})
    assert record.left_out == 25                      # the Abay and Pavlodar regions' districts
    assert "national.gpkg" in done.content.decode()   # in the history table


def test_the_preview_shows_the_stored_outline_beside_the_new_one(client, administrator, tmp_path):
    Area.objects.filter(code="351000000").update(boundary={"type": "Polygon", "coordinates": [
        [[73.0, 49.7], [73.3, 49.7], [73.3, 49.9], [73.0, 49.9], [73.0, 49.7]]]})
    client.force_login(administrator)
    html = upload(client, national_file(tmp_path), within="KAZ011", skip_unmatched="on").content.decode()
    group = html.split('<g data-area="351000000">', 1)[1].split("</g>", 1)[0]
    assert 'class="old"' in group and 'class="new"' in group


def test_it_stores_nothing_from_a_confirm_whose_file_has_problems(client, administrator, tmp_path):
    client.force_login(administrator)
    checked = upload(client, national_file(tmp_path), within="KAZ011").context["checked"].initial
    reply = client.post(reverse("logistics:boundaries-confirm"), {**checked, "level": "district", "within": "KAZ011"},
                        follow=True)
    assert "Nothing was imported" in reply.content.decode()
    assert stored() == set() and not BoundaryImport.objects.exists()


def test_another_administrators_upload_is_not_found(client, administrator, tmp_path, django_user_model):
    client.force_login(administrator)
    checked = upload(client, national_file(tmp_path), within="KAZ011").context["checked"].initial
    other = django_user_model.objects.create_user("admin2", password="x")
    other.groups.set(administrator.groups.all())
    client.force_login(other)
    reply = client.post(reverse("logistics:boundaries-confirm"), {**checked, "level": "district"})
    assert reply.status_code == 404 and stored() == set()


def test_it_refuses_a_file_that_is_not_geodata_by_name(client, administrator, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello", encoding="utf-8")
    client.force_login(administrator)
    reply = upload(client, path)
    assert reply.status_code == 400 and "notes.txt: upload a GeoJSON" in reply.content.decode()


def test_a_project_manager_may_not_open_it(client, manager):
    client.force_login(manager)
    assert client.get(reverse("logistics:boundaries")).status_code == 403


def test_unconfirmed_uploads_are_purged_after_the_trial_hours(client, administrator, tmp_path, settings):
    import io
    import os
    import time

    from django.core.management import call_command

    client.force_login(administrator)
    upload(client, national_file(tmp_path), within="KAZ011")
    (kept,) = (Path(settings.PRIVATE_ROOT) / "boundary_uploads").glob("*/*")
    long_ago = time.time() - (settings.REGISTER_TRIAL_HOURS + 1) * 3600
    os.utime(kept, (long_ago, long_ago))
    out = io.StringIO()
    call_command("purge_trial_uploads", stdout=out)
    assert not kept.exists() and "Removed 1 unconfirmed boundary file" in out.getvalue()
