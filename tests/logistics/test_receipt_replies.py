"""The receipt page and the server speak one reply format, written down in logistics/receipt_replies.py.

The server side: every reply of the scan, state, damage and quantity endpoints has exactly the
documented keys. The script side: the page's modules read no key that is not documented (the
browser test runs them against the real views). And the page's script reaches the phone whole:
the offline worker caches every module by the URL the page asks for, also under production's
hashed file names."""

import io
import json
import re
import uuid
from pathlib import Path

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from PIL import Image

from config.static_storage import StaticStorage
from inventory.models import StatusGroups
from logistics import receipt_replies as replies
from logistics.views.receiving import RECEIPT_MODULES
from tests import factories

UNKNOWN = "4006381333931"


def keys(typed_dict):
    return set(typed_dict.__annotations__)


def post_scan(client, shipment, code, scan_id=None):
    return client.post(reverse("logistics:receive-scan", args=[shipment.pk]),
                       {"code": code, "scan_id": str(scan_id or uuid.uuid4())})


def test_every_scan_reply_has_exactly_the_documented_keys(client, shipped_kit, staff, other_school, school):
    theirs = factories.shipment(other_school, units=1).units.get()
    stray = factories.shipment(school, units=1).units.get()
    client.force_login(staff)
    unit = shipped_kit.units.first()
    wrong = unit.asset_tag[:-1] + ("2" if unit.asset_tag[-1] != "2" else "3")
    scan_id = uuid.uuid4()
    answers = [post_scan(client, shipped_kit, code, sid)
               for code, sid in [(unit.asset_tag, scan_id), (unit.asset_tag, scan_id), (unit.asset_tag, None),
                                 (theirs.asset_tag, None), (stray.asset_tag, None), (UNKNOWN, None), (wrong, None)]]
    assert [a.json()["outcome"] for a in answers] == [
        "received", "received", "already_received", "other_institution", "not_in_shipment", "unknown_code",
        "mistyped"]
    for answer in answers:
        assert answer.status_code == 200
        assert set(answer.json()) == keys(replies.ScanReply)
    assert answers[0].json()["status"] == "received"
    assert answers[3].json()["status"] == ""  # another institution's unit: nothing of ours changed


def test_every_refusal_is_an_error_reply(client, shipped_kit, staff):
    client.force_login(staff)
    unit = shipped_kit.units.first()
    scan_id = uuid.uuid4()
    post_scan(client, shipped_kit, unit.asset_tag, scan_id)
    refusals = [
        client.post(reverse("logistics:receive-scan", args=[shipped_kit.pk]), {"code": "", "scan_id": "x"}),
        post_scan(client, shipped_kit, shipped_kit.units.last().asset_tag, scan_id),
        client.post(reverse("logistics:receive-damaged", args=[shipped_kit.pk]), {"code": UNKNOWN, "note": "x"}),
        client.post(reverse("logistics:receive-quantity", args=[shipped_kit.pk]), {"line": 1, "quantity": -1}),
    ]
    client.post(reverse("logistics:receive-close", args=[shipped_kit.pk]))
    refusals.append(post_scan(client, shipped_kit, unit.asset_tag))
    assert [r.status_code for r in refusals] == [400, 409, 400, 400, 409]
    for reply in refusals:
        assert set(reply.json()) == keys(replies.ErrorReply)
        assert reply.json()["error"]


def test_the_state_damage_and_quantity_replies_have_exactly_the_documented_keys(client, school, staff):
    pack = factories.shipment(school, units=2, counted=30)
    client.force_login(staff)
    unit = pack.units.first()
    state = client.get(reverse("logistics:receive-state", args=[pack.pk])).json()
    assert set(state) == keys(replies.StateReply)
    assert set(state["counts"]) == keys(replies.Counts)
    assert all(set(row) == keys(replies.UnitRow) for row in state["units"])

    photo = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(photo, format="PNG")
    photo.seek(0)
    damaged = client.post(reverse("logistics:receive-damaged", args=[pack.pk]),
                          {"code": unit.asset_tag, "note": "Wet", "photo": photo}).json()
    assert set(damaged) == keys(replies.DamageReply)
    assert (damaged["tag"], damaged["status"]) == (unit.asset_tag, "damaged")

    line = pack.lines.get(quantity_expected=30)
    counted = client.post(reverse("logistics:receive-quantity", args=[pack.pk]), {"line": line.pk, "quantity": 30})
    assert set(counted.json()) == keys(replies.QuantityReply)


def test_the_script_reads_only_documented_reply_keys():
    documented = set().union(*(keys(t) for t in (replies.ErrorReply, replies.ScanReply, replies.StateReply,
                                                 replies.DamageReply, replies.QuantityReply)))
    read = {key for path in RECEIPT_MODULES.glob("*.js")
            for key in re.findall(r"\breply\.(\w+)", path.read_text())}
    assert read, "the modules name the server's reply `reply`"
    assert read <= documented, read - documented
    assert "counts" not in read


def test_the_page_gives_the_script_the_status_groups_and_the_login_address(client, shipped_kit, staff):
    client.force_login(staff)
    page = client.get(reverse("logistics:receive", args=[shipped_kit.pk])).content.decode()
    data = json.loads(re.search(r'<script id="receipt-data" type="application/json">(.*?)</script>', page, re.S)[1])
    assert data["groups"] == StatusGroups.as_data()
    assert data["urls"]["login"] == reverse("login")
    assert '<script type="module" src="/static/logistics/receive/main.js">' in page


def test_the_offline_worker_caches_every_module_of_the_page(client):
    worker = client.get(reverse("logistics:receive-sw")).content.decode()
    modules = sorted(p.name for p in RECEIPT_MODULES.glob("*.js"))
    assert {"main.js", "queue.js", "network.js", "camera.js"} <= set(modules)
    for name in modules:
        assert f'"{staticfiles_storage.url(f"logistics/receive/{name}")}"' in worker


def test_in_production_the_modules_name_each_other_by_their_hashed_names(tmp_path, settings):
    """Under the manifest storage the page loads main.<hash>.js; what it names must be what the worker caches."""
    storage = StaticStorage(location=tmp_path, base_url="/static/")
    source = FileSystemStorage(location=RECEIPT_MODULES)
    sources = {f"logistics/receive/{p.name}": (source, p.name) for p in RECEIPT_MODULES.glob("*.js")}
    for name, (_storage, file_name) in sources.items():
        storage.save(name, source.open(file_name))
    for _name, _hashed, processed in storage.post_process(sources):
        assert not isinstance(processed, Exception), processed
    main = storage.stored_name("logistics/receive/main.js")
    assert main != "logistics/receive/main.js"
    named = set(re.findall(r'from "\./([^"]+)";', (tmp_path / main).read_text()))
    expected = {Path(storage.stored_name(f"logistics/receive/{n}")).name
                for n in ("camera.js", "feedback.js", "forms.js", "network.js", "offline_copy.js", "plural.js",
                          "queue.js", "units.js", "wedge.js")}
    assert named == expected


def test_the_page_gives_its_script_every_plural_form_of_a_count_it_fills_in(client, shipped_kit, staff, settings):
    from django.utils import translation

    client.force_login(staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    with translation.override("ru"):
        page = client.get(reverse("logistics:receive", args=[shipped_kit.pk])).content.decode()
    data = json.loads(re.search(r'id="receipt-data" type="application/json">(.*?)</script>', page, re.S).group(1))
    forms = data["text"]["sent_later"]
    assert set(forms) == {"one", "few", "many", "other"}
    assert len({forms["one"], forms["few"], forms["many"]}) == 3  # Russian: 1 сканирование, 3 …ия, 5 …ий
