"""Who is trying to log in from where, and what a locked-out visitor sees (django-axes' hooks)."""

import math

from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render


def client_address(request):
    """The address the nearest trusted proxy saw, or the peer's when no proxy is trusted.

    Each proxy appends the address it received the request from to X-Forwarded-For, so with N trusted
    proxies the N-th entry from the right is the client as our own first proxy saw it; anything further
    left was written by the client and proves nothing.
    """
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR")


def locked_out(request, original_response=None, credentials=None):
    """The login page's layout saying that logging in is paused, and for how long (429)."""
    minutes = math.ceil(get_cool_off(request).total_seconds() / 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes},
                  status=settings.AXES_HTTP_RESPONSE_CODE)
