"""E-mail to the people a step concerns, each in their own language, sent by the task worker.

A service calls `notify(users, "transfer_incoming", transfer=order)` inside the transaction of its
step. The mail is queued only when that transaction commits, so a refused or rolled-back step tells
nobody, and the worker renders and sends it, so no request waits on a mail server. The objects
travel to the worker as references and are read again there: the mail says what is true when it
is written, in the language each reader last chose (`Profile.language`).

Templates: templates/mail/<kind>.subject.txt and templates/mail/<kind>.txt, with the objects, the
`recipient` and `site_url` in their context.
"""

import logging

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from inventory.models import Role

log = logging.getLogger(__name__)


def notify(users, kind, **objects):
    """Queue mail `kind` about `objects` for `users` with an address, once the caller's transaction commits."""
    recipients = sorted({user.pk for user in users if user.is_active and user.email})
    if not recipients:
        return
    references = {name: [obj._meta.label_lower, obj.pk] for name, obj in objects.items()}
    transaction.on_commit(lambda: send_notification.enqueue(kind, recipients, references))


def staff_of(institution_id):
    """The people working at an institution (its school staff)."""
    return get_user_model().objects.filter(profile__institution_id=institution_id,
                                           groups__name=Role.SCHOOL_STAFF, is_active=True)


def officers():
    return get_user_model().objects.filter(groups__name=Role.PROCUREMENT, is_active=True)


def language_of(user):
    profile = getattr(user, "profile", None)
    return (profile.language if profile else "") or settings.LANGUAGE_CODE


@task()
def send_notification(kind, recipient_ids, references):
    objects = {name: apps.get_model(label).objects.filter(pk=pk).first() for name, (label, pk) in references.items()}
    if None in objects.values():
        # Deleted between the step and the worker (a draft removed): nothing true is left to say.
        log.info("notification %s dropped: %s no longer exists", kind, references)
        return
    people = get_user_model().objects.filter(pk__in=recipient_ids, is_active=True).select_related("profile")
    messages = [_message(kind, person, objects) for person in people if person.email]
    with get_connection() as connection:
        connection.send_messages(messages)


def _message(kind, recipient, objects):
    with translation.override(language_of(recipient)):
        context = {**objects, "recipient": recipient, "site_url": settings.SITE_URL}
        # A subject is one line whatever the template's line breaks.
        subject = " ".join(render_to_string(f"mail/{kind}.subject.txt", context).split())
        body = render_to_string(f"mail/{kind}.txt", context)
    return EmailMessage(subject, body, to=[recipient.email])
