"""Settings for sadlist, read from environment variables.

With no variables set the site runs for local development: DEBUG on, a
development secret key, SQLite in the project folder and the local-memory
cache. Production mode (DJANGO_DEBUG=0) refuses to start without a real
secret key and a list of allowed hosts. Every variable is listed in README.md.
"""

import warnings
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A .env file is optional and only a convenience for local overrides.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)

_DEV_SECRET_KEY = "dev-only-insecure-key-sadlist-never-use-in-production"
if DEBUG:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=_DEV_SECRET_KEY)
    ALLOWED_HOSTS = env.list(
        "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"]
    )
else:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith(("django-insecure", _DEV_SECRET_KEY)):
        raise ImproperlyConfigured(
            "DJANGO_DEBUG=0 needs DJANGO_SECRET_KEY: a random value of at least 50 characters."
        )
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_DEBUG=0 needs DJANGO_ALLOWED_HOSTS, e.g. DJANGO_ALLOWED_HOSTS=sadlist.example."
        )

INSTALLED_APPS = [
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # pg_trgm's lookups for the catalog's search on PostgreSQL (nothing on SQLite).
    "django.contrib.postgres",
    # Third party
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "csp",
    "axes",
    # Drag-and-drop ordering of a curated list's entries in the admin.
    "adminsortable2",
    # sadlist, in the order the apps import each other (pyproject.toml's import contracts)
    "catalog",
    "watchlist",
    "reviews",
    "rankings",
    "forecast",
    "accounts",
    "sadlist",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # After django-csp, so its 400 page gets the headers too.
    "sadlist.middleware.AdminRefusesNullCharactersMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged during the view into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sadlist.urls"

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
                "sadlist.context_processors.site",
            ],
        },
    },
]

# Every form's <select> written in Python, the same markup as Django's templates
# (sadlist/form_rendering.py): option templates were 3–4 ms of each filtered page.
FORM_RENDERER = "sadlist.form_rendering.FastSelectRenderer"

WSGI_APPLICATION = "sadlist.wsgi.application"

# Runs of the same SQL on a connection before psycopg prepares it (see below).
PREPARE_THRESHOLD = 5

# SQLite in the project folder unless DATABASE_URL names another database,
# e.g. postgres://postgres@127.0.0.1:5432/sadlist (psycopg 3).
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Prepared statements: psycopg sends the parameters apart from the SQL (server-side
    # binding) and prepares a statement once it has run five times on a connection, so
    # PostgreSQL plans it once per connection rather than at every request. Planning was
    # about half of PostgreSQL's time on a page's queries (a search 1.75 -> 0.82 ms, the
    # feed's 1.38 -> 0.68 ms), and PostgreSQL shares the machine with the app (issue 16).
    # Django leaves both off by default for PgBouncer in transaction mode, which can't keep
    # a connection's prepared statements: behind one, set DJANGO_DB_PREPARED_STATEMENTS=0.
    if env.bool("DJANGO_DB_PREPARED_STATEMENTS", default=True):
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=PREPARE_THRESHOLD
        )

# Redis is an accelerator, never a single point of failure (sadlist/cache.py): when it
# fails or hangs, reads are misses and writes are skipped, each call bounded by
# SADLIST_CACHE_TIMEOUT seconds, and after a failure Redis is left alone for
# SADLIST_CACHE_RETRY_SECONDS before one request tries it again.
SADLIST_CACHE_TIMEOUT = env.float("SADLIST_CACHE_TIMEOUT", default=0.25)
SADLIST_CACHE_RETRY_SECONDS = env.float("SADLIST_CACHE_RETRY_SECONDS", default=5.0)
SADLIST_CACHE_LOG_SECONDS = env.float("SADLIST_CACHE_LOG_SECONDS", default=60.0)
_redis_url = env.str("REDIS_URL", default="")
if _redis_url:
    CACHES = {
        "default": {
            "BACKEND": "sadlist.cache.FailSafeRedisCache",
            "LOCATION": _redis_url,
            "KEY_PREFIX": "sadlist",
            # redis-py's connection options: no retries, so a timeout is one timeout.
            "OPTIONS": {
                "socket_connect_timeout": SADLIST_CACHE_TIMEOUT,
                "socket_timeout": SADLIST_CACHE_TIMEOUT,
                "retry_on_timeout": False,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions live in the database alone (Django's database engine, each request's read a
# plain query: sadlist.sessions), whatever the cache: a member stays signed in through a
# Redis outage, and a session ended while Redis was unreachable can't come back from a
# stale cached copy afterwards.
SESSION_ENGINE = "sadlist.sessions"

# Anonymous visitors get public pages from the cache for this many seconds:
# the longest a new rating or review takes to reach them. 0 turns it off.
SADLIST_ANONYMOUS_PAGE_SECONDS = env.int("SADLIST_ANONYMOUS_PAGE_SECONDS", default=30)
# Signed-in members can get pages kept for them alone for this many seconds; any
# write of theirs forgets them at once (sadlist.caching.member_changed). Off (0) by
# default since issue 16: members browsing open pages they haven't opened in the last
# 30 s, so the rotating benchmark found it answering almost no request (0–3%) while
# every render paid for storing a copy; pages render fresh in milliseconds instead.
SADLIST_MEMBER_PAGE_SECONDS = env.int("SADLIST_MEMBER_PAGE_SECONDS", default=0)
# The parts of pages every reader sees alike (a title page's title, statistics, tags and
# rank; home's lists; Most tearful's pages) are kept apart for this many seconds
# (sadlist.caching.shared_part), for members and visitors alike: ratings, curators' edits
# and moderation replace them at once, so this only bounds what changes without them (a
# maintenance command). 0 turns it off.
SADLIST_SHARED_PART_SECONDS = env.int("SADLIST_SHARED_PART_SECONDS", default=300)
# Each app server also keeps the hottest of those pages in its own memory for a
# few seconds, within the same bound, to spare a trip to Redis per request.
CACHES["pages-local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "pages-local",
    "OPTIONS": {"MAX_ENTRIES": 500},
}

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "watchlist:entry_list"
LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")

# Uploaded and fetched files (covers, avatars) go through Django's storage API: files under
# MEDIA_ROOT by default; with SADLIST_MEDIA_BUCKET, an S3-compatible bucket through
# django-storages, which several app servers can share (a local folder can't be).
# boto3 reads its credentials from the usual AWS_* variables or the machine's role.
MEDIA_BUCKET = env.str("SADLIST_MEDIA_BUCKET", default="")
if MEDIA_BUCKET:
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_BUCKET,
            "endpoint_url": env.str("SADLIST_MEDIA_ENDPOINT_URL", default="") or None,
            "region_name": env.str("SADLIST_MEDIA_REGION", default="") or None,
            "custom_domain": env.str("SADLIST_MEDIA_DOMAIN", default="") or None,
            "location": env.str("SADLIST_MEDIA_PREFIX", default="media"),
            "file_overwrite": False,
            "querystring_auth": False,
            "default_acl": None,
        },
    }
    _options = DEFAULT_STORAGE["OPTIONS"]
    # Where browsers load the files from, which the Content Security Policy must allow.
    MEDIA_ORIGIN = (
        f"https://{_options['custom_domain']}"
        if _options["custom_domain"]
        else _options["endpoint_url"] or f"https://{MEDIA_BUCKET}.s3.amazonaws.com"
    )
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    MEDIA_ORIGIN = ""

STORAGES = {
    "default": DEFAULT_STORAGE,
    # Hashed, compressed names in production (after collectstatic); plain
    # files straight from the apps while developing.
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

if DEBUG:
    # While developing, whitenoise finds files in the apps; staticfiles/ only
    # exists after collectstatic, so its warning about the folder is noise.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

# Uploaded covers and avatars: at most this many bytes and this many pixels. Both are
# re-encoded by Pillow (sadlist.images); avatars become 256 px JPEG squares.
SADLIST_COVER_MAX_BYTES = env.int("SADLIST_COVER_MAX_BYTES", default=5 * 1024 * 1024)
SADLIST_COVER_MAX_PIXELS = env.int("SADLIST_COVER_MAX_PIXELS", default=25_000_000)
# manage.py fetch_covers: titles' picture URLs are fetched only over HTTPS from these hosts
# (host, or host:port for another port), within these limits, waiting DELAY seconds between
# two requests to one host. CA_BUNDLE: a PEM file of certificate authorities to trust
# instead of the system's (empty: the system's).
SADLIST_COVER_FETCH_HOSTS = env.list(
    "SADLIST_COVER_FETCH_HOSTS",
    default=["cdn.myanimelist.net", "s4.anilist.co", "media.kitsu.app", "media.kitsu.io"],
)
SADLIST_COVER_FETCH_DELAY = env.float("SADLIST_COVER_FETCH_DELAY", default=1.0)
SADLIST_COVER_FETCH_CONNECT_TIMEOUT = env.float("SADLIST_COVER_FETCH_CONNECT_TIMEOUT", default=5.0)
SADLIST_COVER_FETCH_READ_TIMEOUT = env.float("SADLIST_COVER_FETCH_READ_TIMEOUT", default=10.0)
SADLIST_COVER_FETCH_TOTAL_TIMEOUT = env.float("SADLIST_COVER_FETCH_TOTAL_TIMEOUT", default=20.0)
SADLIST_COVER_FETCH_CA_BUNDLE = env.str("SADLIST_COVER_FETCH_CA_BUNDLE", default="")
SADLIST_AVATAR_MAX_BYTES = env.int("SADLIST_AVATAR_MAX_BYTES", default=2 * 1024 * 1024)
# 4000×4000: a phone photo fits, a decompression bomb does not.
SADLIST_AVATAR_MAX_PIXELS = env.int("SADLIST_AVATAR_MAX_PIXELS", default=16_000_000)

# MyAnimeList imports: the upload, its unpacked XML and its entries are each bounded, so a
# hostile file (a gzip bomb, a huge list) stops early with a message.
SADLIST_IMPORT_MAX_BYTES = env.int("SADLIST_IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
SADLIST_IMPORT_MAX_XML_BYTES = env.int("SADLIST_IMPORT_MAX_XML_BYTES", default=50 * 1024 * 1024)
SADLIST_IMPORT_MAX_ENTRIES = env.int("SADLIST_IMPORT_MAX_ENTRIES", default=20_000)

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
# The curated list that comes from the article: home teaser and "the article's order".
SADLIST_ARTICLE_LIST_SLUG = "20-best-heartbreaking-anime"
# Most tearful: how many ratings of the site mean each title's mean is weighted with.
SADLIST_RANKING_M = env.int("SADLIST_RANKING_M", default=5)
# Tear forecast (forecast/, docs/forecast.md): a member gets forecasts once they rated this
# many titles; a pair of titles is shown or used only when this many members rated both;
# a forecast needs this many of the member's own titles among the title's neighbours.
SADLIST_FORECAST_MIN_RATINGS = env.int("SADLIST_FORECAST_MIN_RATINGS", default=5)
SADLIST_FORECAST_MIN_CORATERS = env.int("SADLIST_FORECAST_MIN_CORATERS", default=5)
SADLIST_FORECAST_MIN_NEIGHBOURS = env.int("SADLIST_FORECAST_MIN_NEIGHBOURS", default=3)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Mail (password resets) goes to the console unless EMAIL_URL names a server,
# e.g. smtp+tls://user:password@mail.example.com:587.
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="sadlist <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ----------------------------------------------------------------------------
# Everything security-related lives in this block (tests/security/ checks it). The headers
# are sent in development too, so a violation shows up the day it is written; only the
# HTTPS settings at the end depend on DEBUG.
# The CSP and django-axes apps and middleware are in INSTALLED_APPS and MIDDLEWARE above.
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Content Security Policy (django-csp 4): scripts, styles, fonts and images from this site
# only; no inline script or style attribute anywhere. No nonces: anonymous pages are cached
# whole, and a nonce kept in a cached page would be the same for every visitor.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Sign-in throttling (django-axes): 5 failed sign-ins for one username from one address lock
# that pair for 15 minutes, each refused try restarting the wait. Username and address
# together: an attacker can't lock a victim out from everywhere, nor lock out everyone behind
# a shared address. Usernames are counted lower-cased (sign-in ignores case); see
# accounts/lockout.py.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the signed-in member in one plain query.
    "accounts.backends.MemberBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip"
# Only failures are kept; a log of every successful sign-in's address isn't needed.
AXES_DISABLE_ACCESS_LOG = True
# No start-up banner on every manage.py command.
AXES_VERBOSE = False
# Reverse proxies in front of the site that append to X-Forwarded-For (0: none, the client's
# address is REMOTE_ADDR). Set it behind nginx, or every visitor shares the proxy's address.
SADLIST_TRUSTED_PROXIES = env.int("SADLIST_TRUSTED_PROXIES", default=0)
# Password-reset mail: at most this many requests an hour for one email address, and from
# one client address, whether or not an account has that email (the page says the same).
SADLIST_PASSWORD_RESETS_PER_EMAIL = env.int("SADLIST_PASSWORD_RESETS_PER_EMAIL", default=3)
SADLIST_PASSWORD_RESETS_PER_ADDRESS = env.int("SADLIST_PASSWORD_RESETS_PER_ADDRESS", default=10)

# X-Forwarded-Proto says whether the visitor used HTTPS only when a proxy of ours set it:
# trusted only with SADLIST_TRUSTED_PROXIES (the proxy must overwrite the header a client
# sends). Without it, any client could claim HTTPS, and pages rendered for it (their
# absolute links) or HSTS would follow a forged header.
if SADLIST_TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# --- End of security ------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}
