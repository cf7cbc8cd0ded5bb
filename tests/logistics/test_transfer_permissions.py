"""Who may do what with a transfer: staff of the sender, of the receiver and of a third institution,
an officer, a manager, a monitor, and anyone not logged in. Outside one's reach a transfer is not
found (404); a role that sees it but may not take the step gets 403; the anonymous are sent to log in."""

import pytest
from django.urls import reverse

from inventory.models import Role
from logistics import transfers
from logistics.models import TransferOrder
from tests import factories
from tests.conftest import _user

from .transfer_world import units_at

ROLES = ["sender", "receiver", "third", "officer", "manager", "monitor", "anonymous"]
T = TransferOrder.Status

# action -> (the order's state before, method, URL name, expected status by role; missing roles: 404)
MATRIX = {
    "detail": ("proposed", "get", "logistics:transfer",
               {"sender": 200, "receiver": 200, "officer": 200, "manager": 200}),
    "approve": ("proposed", "post", "approve",
                {"sender": 403, "receiver": 403, "officer": 302, "manager": 302}),
    "reject": ("proposed", "post", "reject",
               {"sender": 403, "receiver": 403, "officer": 302, "manager": 302}),
    "cancel": ("proposed", "post", "cancel",
               {"sender": 302, "receiver": 403, "officer": 302, "manager": 403}),
    "dispatch": ("approved", "post", "dispatch",
                 {"sender": 302, "receiver": 403, "officer": 302, "manager": 403}),
    "dispatch-note": ("dispatched", "get", "logistics:transfer-dispatch-note",
                      {"sender": 200, "receiver": 200, "officer": 200, "manager": 200}),
}
# What the step leaves the order in, when it was allowed.
AFTER = {"approve": T.APPROVED, "reject": T.REJECTED, "cancel": T.CANCELLED, "dispatch": T.DISPATCHED}


@pytest.fixture
def people(request, school, other_school, staff, outsider, officer, manager, monitor):
    third = factories.institution("School No. 40")
    return {"sender": staff, "receiver": outsider, "third": _user("third", Role.SCHOOL_STAFF, third),
            "officer": officer, "manager": manager, "monitor": monitor, "anonymous": None}


def order_in(state, school, other_school, staff, officer):
    units = units_at(school, 2, by=staff)
    order = transfers.propose(school.pk, other_school.pk, [u.pk for u in units], by=staff, reason="Class closed")
    if state in ("approved", "dispatched"):
        transfers.approve(order.pk, by=officer)
    if state == "dispatched":
        transfers.dispatch(order.pk, by=staff)
    return order


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(MATRIX))
def test_transfer_urls_answer_by_role(client, people, school, other_school, staff, officer, action, role):
    state, method, name, expected = MATRIX[action]
    order = order_in(state, school, other_school, staff, officer)
    if people[role]:
        client.force_login(people[role])
    url = (reverse("logistics:transfer-step", args=[order.pk, name]) if name in AFTER
           else reverse(name, args=[order.pk]))
    reply = client.get(url) if method == "get" else client.post(url, {"note": ""})
    order.refresh_from_db()
    if role == "anonymous":
        assert reply.status_code == 302 and reply.url.startswith(reverse("login"))
    else:
        assert reply.status_code == expected.get(role, 404)
    allowed = expected.get(role) == 302
    assert order.status == (AFTER[action] if action in AFTER and allowed else state)


@pytest.mark.parametrize("role, status", [("sender", 200), ("receiver", 200), ("third", 200), ("officer", 200),
                                          ("manager", 403), ("monitor", 403)])
def test_who_may_open_the_proposal_form(client, people, school, role, status):
    client.force_login(people[role])
    assert client.get(reverse("logistics:transfer-propose"), {"from": school.pk}).status_code == status


def test_the_list_shows_each_person_only_their_institutions_transfers(client, people, school, other_school, staff,
                                                                    officer):
    order = order_in("proposed", school, other_school, staff, officer)
    for role, sees in [("sender", True), ("receiver", True), ("third", False), ("officer", True),
                       ("manager", True), ("monitor", False)]:
        client.force_login(people[role])
        assert (order.number in client.get(reverse("logistics:transfers")).content.decode()) is sees, role


@pytest.mark.parametrize("role, status", [("receiver", 200), ("sender", 404), ("third", 404), ("officer", 404),
                                          ("manager", 404), ("monitor", 404)])
def test_only_the_receivers_staff_refuse_a_unit_at_receipt(client, people, school, other_school, staff, officer,
                                                           role, status):
    order = order_in("dispatched", school, other_school, staff, officer)
    order.refresh_from_db()
    unit = order.lines.first().unit
    client.force_login(people[role])
    reply = client.post(reverse("logistics:receive-refuse", args=[order.shipment_id]),
                        {"code": unit.asset_tag, "reason": "Not ours"})
    assert reply.status_code == status
    assert order.lines.filter(refused_at__isnull=False).exists() is (status == 200)
