"""People are told by e-mail, in the language they last chose, once the step they are told about is done."""

import itertools

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.db import transaction

from inventory.models import Profile, Role
from logistics.notifications import notify, officers, staff_of
from tests import factories

MAIL_TEMPLATES = {
    "mail/hello.subject.txt": "{% load i18n %}{% translate 'Shipments' %}\n {{ institution.pk }}",
    "mail/hello.txt": "{{ recipient.username }} {{ site_url }}",
}
NUMBERS = itertools.count(1)
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def mail_worker(settings):
    """The worker runs each queued task at once, and mail templates are the test's own."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "OPTIONS": {
        "loaders": [("django.template.loaders.locmem.Loader", MAIL_TEMPLATES)]}}]


def a_school():
    return factories.institution(name=f"School {next(NUMBERS)}")


def person(name, role, language="", institution=None, email=True):
    user = User.objects.create_user(name, email=f"{name}@example.org" if email else "")
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    Profile.objects.create(user=user, language=language, institution=institution)
    return user


def test_each_reader_gets_the_mail_in_their_language_after_the_step_commits():
    school = a_school()
    aigerim = person("aigerim", Role.SCHOOL_STAFF, "kk", school)
    john = person("john", Role.SCHOOL_STAFF, "en", school)
    with transaction.atomic():
        notify(staff_of(school.pk), "hello", institution=school)
        assert mail.outbox == []  # nothing leaves before the step is saved
    by_reader = {message.to[0]: message for message in mail.outbox}
    assert set(by_reader) == {aigerim.email, john.email}
    assert by_reader[john.email].subject == f"Shipments {school.pk}"
    assert by_reader[aigerim.email].subject == f"Жеткізілімдер {school.pk}"
    assert by_reader[john.email].body.startswith("john http")


def test_a_rolled_back_step_tells_nobody():
    person("olga", Role.PROCUREMENT)
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(officers(), "hello", institution=a_school())
        raise RuntimeError
    assert mail.outbox == []


def test_people_without_an_address_or_of_another_institution_are_not_written_to():
    school, other = a_school(), a_school()
    person("noaddress", Role.SCHOOL_STAFF, institution=school, email=False)
    person("elsewhere", Role.SCHOOL_STAFF, institution=other)
    notify(staff_of(school.pk), "hello", institution=school)
    assert mail.outbox == []


def test_switching_the_language_remembers_it_for_mail(client):
    user = person("dana", Role.MANAGER)
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "kk", "next": "/"})
    user.profile.refresh_from_db()
    assert user.profile.language == "kk"
