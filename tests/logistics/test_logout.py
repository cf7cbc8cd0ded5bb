"""Staff log out of a shared phone: the reply asks the browser to forget the receipt and visit pages'
offline copy, and the logged-out page does it itself where the browser ignores that (issue 11)."""

from django.urls import reverse

from logistics.views.sign_out import CLEAR_SITE_DATA


def test_logging_out_asks_the_browser_to_forget_the_offline_copy(client, staff):
    client.force_login(staff)
    reply = client.post(reverse("logout"))
    assert reply.status_code == 200
    assert reply["Clear-Site-Data"] == CLEAR_SITE_DATA == '"cache", "storage"'
    page = reply.content.decode()
    assert 'data-testid="logged-out"' in page
    assert "/static/logistics/receive/forget.js" in page
    assert f'data-worker="{reverse("logistics:receive-sw")} {reverse("logistics:visit-sw")}"' in page
    assert "_auth_user_id" not in client.session


def test_the_logout_button_warns_of_unsent_scans_on_every_page(client, staff, shipped_kit):
    client.force_login(staff)
    for url in (reverse("home"), reverse("logistics:receive", args=[shipped_kit.pk])):
        page = client.get(url).content.decode()
        assert "/static/logistics/receive/logout.js" in page
        assert "data-unsent-warning=\"Scans not sent yet from this phone: %(count)s." in page


def test_nothing_is_cleared_by_a_mere_visit(client, staff):
    """The clearing runs only after a real logout (a POST with its CSRF token), never from a link."""
    assert client.get(reverse("logout")).status_code == 405
    client.force_login(staff)
    assert "forget.js" not in client.get(reverse("home")).content.decode()
