"""One settings module, driven by the environment (see .env.example for every variable).

The demo and the tests run with no variables at all: SQLite next to the code, DEBUG on.
Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, SITE_URL and usually DATABASE_URL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config import production_environment
from config.production_environment import DEV_ONLY_KEY

BASE_DIR = Path(__file__).resolve().parent.parent
REQUIRED = object()


def env(name, default=REQUIRED):
    if value := os.environ.get(name, ""):
        return value
    if default is REQUIRED:
        raise ImproperlyConfigured(f"Set the environment variable {name}.")
    return default


def env_flag(name, default=False):
    return str(env(name, str(default))).lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [part.strip() for part in env(name, default).split(",") if part.strip()]


DEBUG = env_flag("DEBUG", True)
if not DEBUG and (problems := production_environment.problems(os.environ)):
    # Every problem at once, each naming its variable; scripts/serve.sh prints them without a traceback.
    raise ImproperlyConfigured(" ".join(problems))
# Plain HTTP for the demo on this machine: production_environment refuses it for any non-loopback host.
ALLOW_PLAIN_HTTP = env_flag("ALLOW_PLAIN_HTTP", False)
SECRET_KEY = env("SECRET_KEY", default=DEV_ONLY_KEY if DEBUG else REQUIRED)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else REQUIRED)
# The absolute address printed on QR labels; a label must open the unit page from any phone.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000" if DEBUG else REQUIRED).rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", SITE_URL)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "import_export",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "inventory",
    "logistics",
    "catalog_data",
    "api",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "config.middleware.RejectNulMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "inventory.context_processors.roles",
            ],
        },
    },
]

# SQLite is the default: embedded, nothing to start. WAL lets readers work while one writer
# writes; IMMEDIATE takes the write lock at BEGIN, so two writers queue on the busy timeout
# instead of failing with "database is locked" when a read transaction tries to upgrade.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
DATABASE_URL = env("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    if env_flag("DB_PREPARED_STATEMENTS", True) and DATABASES["default"]["ENGINE"].endswith("postgresql"):
        # PostgreSQL plans a statement once per connection instead of at every execution: a scan
        # repeats the same ten statements, and this halves the database's CPU per scan
        # (scripts/bench_scan.py). Turn it off behind a pooler in transaction mode (PgBouncer < 1.21).
        DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3",
                             "NAME": env("SQLITE_PATH", str(BASE_DIR / "db.sqlite3"))}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The one place SQLite gets its options, whether chosen by default or by DATABASE_URL=sqlite:///…
    # (which once dropped them, and 50 concurrent scans met "database is locked"). Options written
    # in the URL's query string win.
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
    # Keep each worker's connection: opening one (and its PRAGMAs) costs more than a scan's queries.
    DATABASES["default"]["CONN_MAX_AGE"] = 60
    # A file, not the in-memory default: shared-cache memory databases lock whole tables
    # and ignore the busy timeout, so the concurrency tests need the real thing.
    DATABASES["default"].setdefault("TEST", {}).setdefault(
        "NAME", env("SQLITE_TEST_PATH", str(BASE_DIR / "var" / "test.sqlite3")))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Figures cached per version of the data (inventory/data_version.py: home-page counts, the catalogue's
# unit counts, the coverage analysis, the results report) are computed once for all web workers when
# CACHE_DIR names a directory they share; without it each worker keeps its own, and the first request
# to each worker pays (a large region's coverage analysis: 0.6 s at national scale).
if CACHE_DIR := env("CACHE_DIR", ""):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": CACHE_DIR}}

# Background work (large imports, large label batches): Django's task API through the
# django-tasks backport; the database backend needs nothing beside the app but `db_worker`.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# A running job renews its lease as it goes; one whose lease lapsed (its worker was killed) is
# marked failed by the next worker and by the page that shows it (inventory/leases.py).
JOB_LEASE_SECONDS = int(env("JOB_LEASE_SECONDS", "120"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first (it refuses a locked-out username or address before any password is checked), then
# Django's ModelBackend reading the user's roles and institution in the same query as the user.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "inventory.authentication.RolesBackend"]
# Login throttling, on /login/ and /admin/login/ alike: after LOGIN_FAILURE_LIMIT failures for one
# username, or from one address, both are refused for LOGIN_COOLOFF_MINUTES. A school behind one NAT
# address shares the address count: raise the limit there rather than turn the address count off.
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=float(env("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one locks; a list inside would mean both
AXES_VERBOSE = False  # its start-up banner would print before every management command
# Failures are not forgotten at a successful login: an attacker with one account of their own could
# otherwise log in now and then from the same address and wipe the count against someone else's.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "config.login_throttling.locked_out"
AXES_CLIENT_IP_CALLABLE = "config.login_throttling.client_address"
# How many proxies in front append to X-Forwarded-For (the README's deployment: one TLS proxy). With 0
# the peer address counts; trusting more hops than there are would let a client pick its address.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"

LANGUAGE_CODE = "ru"
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# One date format per language (config/formats/<language>/formats.py); templates say |date or |date:"DATETIME_FORMAT".
FORMAT_MODULE_PATH = ["config.formats"]
# Kazakhstan moved to a single UTC+5 zone in 2024; tzdata (a dependency) carries that rule.
TIME_ZONE = "Asia/Almaty"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
# Uploaded photos, signatures and acts live outside the web root and are served only
# through views that check permissions; nothing here is exposed under a URL of its own.
PRIVATE_ROOT = Path(env("PRIVATE_ROOT", str(BASE_DIR / "var" / "private")))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_ROOT), "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "config.static_storage.StaticStorage"
        ),
    },
}

# Upload limits. Delivery spreadsheets are streamed to disk, never held in memory whole.
MAX_IMPORT_UPLOAD_MB = int(env("MAX_IMPORT_UPLOAD_MB", "50"))
MAX_PHOTO_UPLOAD_MB = int(env("MAX_PHOTO_UPLOAD_MB", "8"))
# Register uploads (institutions, catalogue) are read whole into memory, so they are kept small.
MAX_REGISTER_UPLOAD_MB = int(env("MAX_REGISTER_UPLOAD_MB", "10"))
# An .xlsx is a zip; its directory is checked against these before anything is unpacked
# (inventory/workbooks.py). A national register is some 10 MB unpacked; 100,000 delivery rows some 60 MB.
XLSX_MAX_ENTRIES = int(env("XLSX_MAX_ENTRIES", "1000"))
XLSX_MAX_RATIO = int(env("XLSX_MAX_RATIO", "200"))
MAX_IMPORT_UNPACKED_MB = int(env("MAX_IMPORT_UNPACKED_MB", "500"))
MAX_REGISTER_UNPACKED_MB = int(env("MAX_REGISTER_UNPACKED_MB", "100"))
MAX_REGISTER_PART_MB = int(env("MAX_REGISTER_PART_MB", "40"))
# A register file tried but never confirmed is removed after this many hours (manage.py purge_trial_uploads).
REGISTER_TRIAL_HOURS = int(env("REGISTER_TRIAL_HOURS", "24"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# Base-map tiles for coverage maps; everything else on a map is served by the app.
MAP_TILE_URL = env("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env(
    "MAP_TILE_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
)

# The map's first background: "tiles" (MAP_TILE_URL, online; the app's own background takes over when
# they fail to load) or "offline" (regions and districts served by the app; tiles stay a choice).
MAP_BASE = env("MAP_BASE", "tiles")
if MAP_BASE not in {"tiles", "offline"}:
    raise ImproperlyConfigured("MAP_BASE must be tiles or offline.")


# Shown in page titles, footers, labels and acts in the reader's language; a deployment may name its own.
PROGRAMME_NAME = env("PROGRAMME_NAME", "") or _("Inclusive Education Programme 8709-KZ")
# Where the accessibility statement (/accessibility/) tells people to report a barrier: an e-mail address.
ACCESSIBILITY_CONTACT = env("ACCESSIBILITY_CONTACT", "")
# The axe-core version the test suite runs (tests/vendor/axe-core/VERSION; a test keeps the two equal).
AXE_CORE_VERSION = "4.14.1"

# Whether a transfer between institutions waits for an officer's or a manager's approval before the
# sender may dispatch it (logistics.transfers); the proposer never approves their own.
TRANSFERS_NEED_APPROVAL = env_flag("TRANSFERS_NEED_APPROVAL", True)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the offline scan queue reads it to sign its POSTs
X_FRAME_OPTIONS = "DENY"  # a view that must be framed by our own pages says so with @xframe_options_sameorigin
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and not ALLOW_PLAIN_HTTP:
    SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# ---- The REST API (api/): Django REST framework, described by drf-spectacular ----
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        # The browsable API and /api/docs/ in the browser; DRF checks CSRF on a session's writes.
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer",
                                 "rest_framework.renderers.BrowsableAPIRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.problem_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Requests per token a minute (per session user for the browsable API); "1000/minute", "50000/day", …
API_THROTTLE_RATE = env("API_THROTTLE_RATE", "600/minute")
# Webhooks (api/webhooks.py): attempts per delivery, the first retry's wait (each next one 4× longer),
# the failed deliveries in a row that disable an endpoint, and the seconds an endpoint may take.
WEBHOOK_MAX_ATTEMPTS = int(env("WEBHOOK_MAX_ATTEMPTS", "5"))
WEBHOOK_RETRY_SECONDS = int(env("WEBHOOK_RETRY_SECONDS", "30"))
WEBHOOK_DISABLE_AFTER = int(env("WEBHOOK_DISABLE_AFTER", "3"))
WEBHOOK_TIMEOUT_SECONDS = int(env("WEBHOOK_TIMEOUT_SECONDS", "5"))
# Who is e-mailed when an endpoint is disabled (Django's EMAIL_* settings send it; the log says it too).
ADMINS = [("", address) for address in env_list("ADMINS", "")]
# Mail (notifications, the admins' alerts): printed to the console in the demo; production names an
# SMTP server. Sent by the task worker (logistics/notifications.py), never inside a request.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend" if DEBUG
                    else "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "noreply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Never in production: lets the tests deliver to a server on this machine.
WEBHOOK_ALLOW_PRIVATE_TARGETS = False
# The OpenAPI description's settings (drf-spectacular) live in config/api_schema.py.
from config.api_schema import SPECTACULAR_SETTINGS  # noqa: E402, F401  (a setting, read by Django)

# ---- Content-Security-Policy and Permissions-Policy (django-csp, django-permissions-policy) ----
# Every script, stylesheet, font, WebAssembly module and map asset comes from the app itself. Pages
# carry no inline scripts or style attributes; data reaches scripts through json_script, which is
# not executed. The one document with inline <script>/<style> blocks, the folium coverage map, gives
# them this request's nonce (logistics/maps.py). Pages that need more say so on the view:
# config/policies.py (the receipt page's zxing decoder: 'wasm-unsafe-eval'; the map: framed by us).


def _tile_source(url_template):
    """The scheme and host of the base-map tiles, '{s}' subdomains as a wildcard; '' for none."""
    from urllib.parse import urlsplit

    parts = urlsplit(url_template.replace("{s}", "*"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in {"http", "https"} and parts.netloc else ""


_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        # data: for Leaflet's inlined icons and the signature pad's PNG; blob: for photo previews.
        "img-src": [SELF, "data:", "blob:", *filter(None, [_tile_source(MAP_TILE_URL)])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "worker-src": [SELF],  # the receipt page's offline service worker
        "manifest-src": [SELF],
        "media-src": [SELF, "blob:"],
        "frame-src": [SELF],  # the coverage map's frame
        "frame-ancestors": [NONE],  # as X_FRAME_OPTIONS; the map allows its own origin
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}
# CSP_REPORT_ONLY=1 sends the same policy as Content-Security-Policy-Report-Only: the browser
# reports violations in its console and blocks nothing. A cautious first deployment only.
if env_flag("CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _POLICY
else:
    CONTENT_SECURITY_POLICY = _POLICY
# The camera (scanning labels) and location (verification visits) for the app's own pages only;
# the rest of what a page could ask the device for is refused.
PERMISSIONS_POLICY = {
    "camera": "self", "geolocation": "self", "fullscreen": "self", "autoplay": "self",
    "accelerometer": [], "bluetooth": [], "browsing-topics": [], "display-capture": [], "gyroscope": [],
    "hid": [], "magnetometer": [], "microphone": [], "midi": [], "payment": [], "serial": [], "usb": [],
    "xr-spatial-tracking": [], "picture-in-picture": [], "publickey-credentials-get": [],
}
# ---- end of Content-Security-Policy and Permissions-Policy ----

# ---- Image limits (logistics/images.py) ----
# A damage photo with more pixels than this is shrunk to PHOTO_LONG_SIDE pixels on its long side;
# one with four times as many is refused (a decompression bomb, or no phone's photo).
MAX_PHOTO_PIXELS = int(env("MAX_PHOTO_PIXELS", "24000000"))
PHOTO_LONG_SIDE = int(env("PHOTO_LONG_SIDE", "2560"))

# ---- Fault reports from a unit's label (logistics/faults.py) ----
# Anyone may report without an account; one address may send this many reports in the window.
FAULT_REPORTS_PER_ADDRESS = int(env("FAULT_REPORTS_PER_ADDRESS", "5"))
FAULT_REPORT_WINDOW_MINUTES = int(env("FAULT_REPORT_WINDOW_MINUTES", "60"))
# The officers' home page flags units with an open fault whose warranty ends within this many days.
WARRANTY_WARNING_DAYS = int(env("WARRANTY_WARNING_DAYS", "30"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A refused request (403, 400, 404) is the client's mistake, not ours: one line, no traceback.
    "filters": {"client_errors_in_one_line": {"()": "config.log_filters.ClientErrorsInOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["client_errors_in_one_line"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}
