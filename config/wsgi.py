import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Load the URLconf, and with it every view module, now instead of on the first request; then take
# all that out of the garbage collector's sight. It lives as long as the process, and walking it
# (about 130,000 objects, some 50 ms here) stalled whichever scan happened to set off a full collection.
get_resolver().url_patterns  # noqa: B018 (loaded for its side effect)
gc.freeze()
