from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from api import tokens


class Command(BaseCommand):
    help = "Make a personal API token for a user and print it (it is stored only as a hash)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="command line", help="What the token is for.")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No user is called “%(name)s”.") % {"name": username})
        if not user.is_active:
            raise CommandError(_("The user “%(name)s” is not active; a token would not work.") % {"name": username})
        try:
            _token, raw = tokens.create_token(user, name=name)
        except tokens.TokenRefused as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(raw)
