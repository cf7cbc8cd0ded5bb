"""The standard Django admin dressed as the app: the app's header colour and stylesheet, a way back to
the app, and the app's menu leads administrators there (and nobody else)."""

from django.urls import reverse


def test_the_admin_wears_the_apps_colours_and_links_back_to_it(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="pass-word-123")
    client.force_login(admin)
    page = client.get(reverse("admin:index")).text
    assert "inventory/admin" in page and ".css" in page
    assert f'<a class="back-to-app" href="{reverse("home")}" data-testid="admin-back-to-app">' in page


def test_the_apps_menu_leads_administrators_to_the_admin_and_nobody_else(client, django_user_model, staff):
    admin = django_user_model.objects.create_superuser("root", password="pass-word-123")
    client.force_login(admin)
    assert f'href="{reverse("admin:index")}"' in client.get("/").text
    client.force_login(staff)
    assert f'href="{reverse("admin:index")}"' not in client.get("/").text
