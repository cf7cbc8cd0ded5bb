"""What each role may do is a predicate in inventory.permissions: views reach it through `allowed()`,
templates through the context processor's `may`, and no template names a group."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from inventory.models import Role
from inventory.permissions import ROLE_PREDICATES

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = {  # role -> the predicates that hold for it
    "officer": {"import", "dispatch", "print_labels", "view_coverage", "view_results", "see_faults", "write_off",
                "propose_transfers", "approve_transfers"},
    "administrator": {"import", "dispatch", "print_labels", "view_coverage", "view_results", "import_boundaries",
                      "verify", "open_rounds", "see_faults", "write_off", "propose_transfers", "approve_transfers"},
    "manager": {"view_coverage", "view_results", "verify", "open_rounds", "see_faults", "approve_transfers"},
    "staff": {"install", "verify", "see_faults", "propose_transfers"},
    "monitor": {"verify"},
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_each_role_may_do_exactly_its_work(request, who):
    user = request.getfixturevalue(who)
    assert {name for name, holds in ROLE_PREDICATES.items() if holds(user)} == EXPECTED[who]


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_templates_see_the_same_predicates_and_the_menu_follows_them(client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    reply = client.get("/")
    may = reply.context["may"]
    assert {name for name in ROLE_PREDICATES if may[name]} == EXPECTED[who]
    page = reply.content.decode()
    assert (f'href="{reverse("logistics:imports")}"' in page) == ("import" in EXPECTED[who])
    assert (f'href="{reverse("logistics:coverage")}"' in page) == ("view_coverage" in EXPECTED[who])
    assert (f'href="{reverse("logistics:results")}"' in page) == ("view_results" in EXPECTED[who])
    assert (f'href="{reverse("logistics:install")}"' in page) == ("install" in EXPECTED[who])
    assert (f'href="{reverse("logistics:rounds")}"' in page) == ("verify" in EXPECTED[who])
    assert (f'href="{reverse("logistics:faults")}"' in page) == ("see_faults" in EXPECTED[who])
    assert (f'href="{reverse("logistics:transfers")}"' in page) == bool(
        {"propose_transfers", "approve_transfers"} & EXPECTED[who])


def test_a_guarded_view_refuses_the_wrong_role_and_sends_strangers_to_log_in(client, staff, shipped_kit):
    url = reverse("logistics:shipment-dispatch", args=[shipped_kit.pk])
    assert client.post(url).status_code == 302  # not logged in: the login page
    client.force_login(staff)
    assert client.post(url).status_code == 403


def test_no_template_names_a_role_group():
    groups = "|".join(re.escape(role.value) for role in Role)
    named = [f"{path.relative_to(ROOT)}: {match.group(0)}"
             for path in (ROOT / "templates").rglob("*.html")
             for match in re.finditer(rf"[\"']({groups})[\"']", path.read_text())]
    assert named == []
