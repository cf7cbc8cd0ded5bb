"""A user makes a personal token on the tokens page, a program uses it, the user revokes it."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from api import tokens
from api.models import ApiToken

UNITS = "/api/v1/units/"


def bearer(raw):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def test_staff_make_a_token_see_it_once_use_it_and_revoke_it(client, staff, shipped_kit):
    client.force_login(staff)
    page = client.post(reverse("api:tokens"), {"name": "school register sync"})
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    raw = page.context["created"]["raw"]
    assert raw in page.content.decode()

    reply = bearer(raw).get(UNITS)
    assert reply.status_code == 200
    assert {u["asset_tag"] for u in reply.json()["results"]} == {u.asset_tag for u in shipped_kit.units.all()}

    again = client.get(reverse("api:tokens")).content.decode()
    assert raw not in again  # shown once only
    token = ApiToken.objects.get(user=staff)
    assert token.prefix in again and token.last_used_at is not None

    client.post(reverse("api:token-revoke", args=[token.pk]))
    refused = bearer(raw).get(UNITS)
    assert refused.status_code == 401
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["status"] == 401 and refused.json()["detail"]


def test_it_keeps_only_the_hash_of_a_token(staff):
    token, raw = tokens.create_token(staff, name="n")
    stored = ApiToken.objects.filter(pk=token.pk).values_list("key_hash", "prefix").get()
    assert raw not in stored[0] and stored[0] == tokens.digest(raw)
    assert raw.startswith(stored[1]) and len(stored[1]) < len(raw) // 3


def test_it_refuses_an_expired_token(staff):
    token, raw = tokens.create_token(staff, name="n", expires_at=timezone.now() + timedelta(days=1))
    assert bearer(raw).get(UNITS).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert bearer(raw).get(UNITS).status_code == 401


def test_it_refuses_the_token_of_a_deactivated_user(staff):
    _token, raw = tokens.create_token(staff, name="n")
    staff.is_active = False
    staff.save()
    assert bearer(raw).get(UNITS).status_code == 401


@pytest.mark.parametrize("header", ["Bearer iet_madeup", "Bearer", "Bearer a b", "Token \u00e9", "Bearer " + "x" * 500])
def test_a_wrong_or_malformed_token_is_a_401_problem(db, header):
    reply = APIClient().get(UNITS, HTTP_AUTHORIZATION=header)
    assert reply.status_code == 401 and reply.json()["status"] == 401


def test_anonymous_gets_401_with_the_scheme_to_use(db):
    reply = APIClient().get(UNITS)
    assert reply.status_code == 401
    assert reply["WWW-Authenticate"].startswith("Bearer")
    assert reply["Content-Type"] == "application/problem+json"


def test_a_user_cannot_revoke_another_users_token(client, staff, outsider):
    token, raw = tokens.create_token(outsider, name="theirs")
    client.force_login(staff)
    client.post(reverse("api:token-revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is None and bearer(raw).get(UNITS).status_code == 200


def test_the_page_refuses_a_nameless_token_or_an_expiry_in_the_past(client, staff):
    client.force_login(staff)
    assert client.post(reverse("api:tokens"), {"name": ""}).status_code == 400
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert client.post(reverse("api:tokens"), {"name": "n", "expires_on": yesterday}).status_code == 400
    assert not ApiToken.objects.exists()


def test_the_page_is_for_logged_in_users_only(client, db):
    reply = client.get(reverse("api:tokens"))
    assert reply.status_code == 302 and reverse("login") in reply["Location"]


def test_the_command_prints_a_token_that_works(staff):
    out = StringIO()
    call_command("api_token", "staff", "--name", "nightly export", stdout=out)
    raw = out.getvalue().strip()
    assert ApiToken.objects.get(user=staff).name == "nightly export"
    assert bearer(raw).get(UNITS).status_code == 200


def test_too_many_requests_for_one_token_get_429(staff, settings):
    settings.API_THROTTLE_RATE = "3/minute"
    _token, raw = tokens.create_token(staff, name="n")
    client = bearer(raw)
    assert [client.get(UNITS).status_code for _ in range(4)] == [200, 200, 200, 429]
    _other, raw2 = tokens.create_token(staff, name="another")
    assert bearer(raw2).get(UNITS).status_code == 200  # counted per token


def test_the_command_makes_an_expiring_token_and_refuses_an_unknown_user(staff):
    from django.core.management.base import CommandError

    call_command("api_token", "staff", "--expires-days", "7", stdout=StringIO())
    token = ApiToken.objects.get(user=staff)
    assert timedelta(days=6) < token.expires_at - timezone.now() <= timedelta(days=7)
    with pytest.raises(CommandError):
        call_command("api_token", "nobody", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("api_token", "staff", "--expires-days", "0", stdout=StringIO())
