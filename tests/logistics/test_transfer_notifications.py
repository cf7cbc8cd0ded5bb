"""The receiving institution's staff are told by e-mail, in their language, when a transfer to them is dispatched."""

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail

from inventory.models import Profile, Role
from logistics import transfers

from .transfer_world import units_at

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def mail_worker(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def person(name, role, institution, language="en"):
    user = User.objects.create_user(name, email=f"{name}@example.org", first_name=name.title())
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    Profile.objects.create(user=user, institution=institution, language=language)
    return user


def test_the_receivers_staff_are_told_of_a_dispatched_transfer_and_nobody_before(school, other_school, staff,
                                                                                officer):
    receiver = person("dana", Role.SCHOOL_STAFF, other_school)
    person("sender", Role.SCHOOL_STAFF, school)
    units = units_at(school, 2, by=staff)
    order = transfers.propose(school.pk, other_school.pk, [u.pk for u in units], by=staff, reason="Class closed")
    transfers.approve(order.pk, by=officer)
    assert mail.outbox == []
    order = transfers.dispatch(order.pk, by=staff)
    assert [m.to for m in mail.outbox] == [[receiver.email]]
    message = mail.outbox[0]
    assert message.subject == f"Transfer {order.number} from School No. 7 is on its way to you"
    assert "2 units" in message.body and "Class closed" in message.body
    assert f"/shipments/{order.shipment_id}/receive/" in message.body


def test_a_refused_dispatch_tells_nobody(school, other_school, staff):
    person("dana", Role.SCHOOL_STAFF, other_school)
    units = units_at(school, 1, by=staff)
    order = transfers.propose(school.pk, other_school.pk, [units[0].pk], by=staff, reason="x")
    with pytest.raises(transfers.TransferError):
        transfers.dispatch(order.pk, by=staff)  # not approved yet
    assert mail.outbox == []
