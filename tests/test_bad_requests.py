"""A NUL character typed or pasted into a search box or a URL gets a clear 400, never a 500:
PostgreSQL refuses such strings, so before the guard every filtering view broke on them there."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("url", [
    "/catalogue/?q=a%00b",
    "/catalogue/?sphere=%00",
    "/institutions/?q=%00&area=%00",
    "/shipments/?q=%00",
    "/labels/units/?tag=AB%00CD",
    "/catalogue/A%00B/",
])
def test_it_refuses_a_nul_in_the_query_or_path_with_a_clear_message(client, officer, url):
    client.force_login(officer)
    reply = client.get(url)
    assert reply.status_code == 400
    assert "NUL" in reply.content.decode()


def test_it_refuses_a_nul_in_form_data(client, officer):
    client.force_login(officer)
    reply = client.post(reverse("logistics:labels-selection"), {"tag": "AB\x00CD"})
    assert reply.status_code == 400


def test_ordinary_searches_still_work(client, officer, shipped_kit):
    client.force_login(officer)
    reply = client.get(reverse("logistics:shipments"), {"q": shipped_kit.waybill_number})
    assert reply.status_code == 200
    assert shipped_kit.waybill_number in reply.content.decode()
