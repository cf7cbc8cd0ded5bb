from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from api import tokens


class Command(BaseCommand):
    help = "Make a personal API token for a user and print it (it is stored only as a hash)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="command line", help="What the token is for.")
        parser.add_argument("--expires-days", type=int, default=None, help="Make it expire after this many days.")

    def handle(self, *args, username, name, expires_days=None, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No user is called “%(name)s”.") % {"name": username})
        if not user.is_active:
            raise CommandError(_("The user “%(name)s” is not active; a token would not work.") % {"name": username})
        try:
            expires_at = timezone.now() + timedelta(days=expires_days) if expires_days is not None else None
            _token, raw = tokens.create_token(user, name=name, expires_at=expires_at)
        except tokens.TokenRefused as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(raw)
