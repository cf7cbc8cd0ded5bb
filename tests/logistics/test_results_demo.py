"""On the demo, the programme's key results are there as indicators with their targets, the
results page shows every one of them, and an administrator can change them in the admin."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from logistics.models import Indicator, Programme
from logistics.results.indicators import REGISTRY
from logistics.results.periods import Quarter
from tests.logistics.iati_validation import schema_errors
from tests.logistics.test_results_indicators import recompute, values

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER), transaction.atomic():
        call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def test_the_demo_programme_has_every_indicator_and_the_overviews_targets(demo, db):
    programme = Programme.objects.get()
    assert programme.funder_reference == "World Bank 8709-KZ"
    targets = dict(programme.indicators.values_list("code", "target"))
    assert set(targets) == set(REGISTRY)
    assert (targets["teaching_aids_delivered"], targets["didactic_units_delivered"]) == (1830, 20000)
    assert all(i.definition in REGISTRY for i in Indicator.objects.all())


def test_the_demos_figures_agree_with_its_raw_rows(demo, db):
    now = Quarter.of(timezone.localdate())
    got = values(now)
    assert got == recompute(now.end)
    assert got["teaching_aids_delivered"] > 0 and got["furniture_installed"] > 0
    # The demo's closed verification round: some delivered units verified, some of those in use.
    assert 0 < got["verified_on_site"] < 100 and 0 < got["in_use"] < 100


def test_the_demo_manager_sees_every_indicator(demo, db, client):
    client.force_login(User.objects.get(username="manager"))
    reply = client.get(reverse("logistics:results"))
    assert reply.status_code == 200
    assert [r.indicator.code for r in reply.context["report"].results] == list(REGISTRY)
    assert len(reply.context["breakdown"]) >= 1


def test_an_administrator_edits_an_indicator_choosing_its_definition_from_the_registry(demo, db, client):
    client.force_login(User.objects.get(username="admin"))
    indicator = Indicator.objects.get(code="furniture_installed")
    page = client.get(reverse("admin:logistics_indicator_change", args=[indicator.pk]))
    assert page.status_code == 200
    assert all(f'value="{code}"' in page.content.decode() for code in REGISTRY)
    assert client.get(reverse("admin:logistics_programme_changelist")).status_code == 200


def test_the_demos_iati_file_validates_against_the_official_schema(demo, db, tmp_path):
    out = tmp_path / "demo.xml"
    call_command("programme_report", "--period", str(Quarter.of(timezone.localdate())), "--format", "iati",
                 "--out", str(out), stdout=StringIO(), stderr=StringIO())
    assert schema_errors(out.read_bytes()) == []
