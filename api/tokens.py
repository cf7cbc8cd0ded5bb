"""Personal API tokens: made, found and revoked here; only their hashes are stored."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApiToken

PREFIX = "iet_"
# last_used_at is written at most this often, so that a busy client does not turn every read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenRefused(Exception):
    """The message is translated and can be shown to the user as it is."""


def digest(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(user, *, name, expires_at=None):
    """Make a token for `user`; returns (ApiToken, the token itself), which is never stored or shown again."""
    name = (name or "").strip()
    if not name:
        raise TokenRefused(_("Give the token a name, so that you can tell it apart later."))
    if len(name) > 100:
        raise TokenRefused(_("A token's name has at most %(count)s characters.") % {"count": 100})
    if expires_at is not None and expires_at <= timezone.now():
        raise TokenRefused(_("The expiry date must be in the future."))
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:len(PREFIX) + 6], key_hash=digest(raw),
                                    expires_at=expires_at)
    return token, raw


def find_active(raw):
    """The active token this string is, with its user, or None (unknown, revoked, expired or inactive user)."""
    if not raw.startswith(PREFIX) or len(raw) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=digest(raw)).first()
    if token is None or not token.is_active() or not token.user.is_active:
        return None
    return token


def note_use(token):
    """Record when the token was last used, at most once a minute."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def revoke(user, token_id):
    """Revoke one of `user`'s tokens (another user's token is not found). Revoking twice changes nothing."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(user=user, pk=token_id).first()
        if token is None:
            raise TokenRefused(_("No such token."))
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token
