"""Settings for Samverkan, read from the environment.

Every value has a safe development default. A malformed value stops the app at
start-up with a message naming the variable, instead of being silently ignored.
"""

import datetime
import hashlib
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name, default, minimum=None):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_str(name, default=""):
    raw = os.environ.get(name)
    return default if raw is None else raw.strip()


def env_list(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
elif not DEBUG and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters in production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is false.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The key of the HMAC each signature record carries (meetings.models.signatures.signature_mac):
# its own key, so a leaked SECRET_KEY (sessions) does not forge signatures. Changing it makes
# every earlier signature "ej giltig".
SIGNATURE_HMAC_KEY = os.environ.get("SIGNATURE_HMAC_KEY", "")
if not SIGNATURE_HMAC_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SIGNATURE_HMAC_KEY must be set when DEBUG is false.")
    SIGNATURE_HMAC_KEY = hashlib.sha256(f"signature-hmac:{SECRET_KEY}".encode()).hexdigest()
elif not DEBUG and len(SIGNATURE_HMAC_KEY) < 32:
    raise ImproperlyConfigured("SIGNATURE_HMAC_KEY must be at least 32 characters in production.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "axes",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "meetings",
]

MIDDLEWARE = [
    "meetings.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "meetings.middleware.StaticFilesMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "meetings.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "meetings.middleware.HtmxLoginRequiredMiddleware",
    "meetings.middleware.NoStoreMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samverkan.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "samverkan.wsgi.application"

try:
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
            conn_max_age=env_int("DB_CONN_MAX_AGE", 0, minimum=0),
        )
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
if DATABASES["default"]["ENGINE"] not in (
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
):
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL or SQLite.")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "meetings.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "meetings:home"
LOGOUT_REDIRECT_URL = "login"

# Sessions live in the database (shared by every app server). A session ends
# SESSION_IDLE_MINUTES after the last request (refreshed at most once every
# SESSION_REFRESH_SECONDS, not written on every request), and in any case
# SESSION_ABSOLUTE_HOURS after the login (meetings.middleware.SessionTimeoutMiddleware).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 60, minimum=5) * 60
SESSION_REFRESH_SECONDS = 60
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_HOURS", 10, minimum=1) * 3600

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins for the
# same user name from the same address, that combination is locked out for
# AXES_COOLOFF_MINUTES. Behind a load balancer set AXES_PROXY_COUNT=1 so the
# client's address is read from X-Forwarded-For.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
# Also per address across user names: AXES_IP_FAILURE_LIMIT failures from one address
# lock that address out whatever user names were tried (meetings.auth.failure_limit).
AXES_IP_FAILURE_LIMIT = env_int("AXES_IP_FAILURE_LIMIT", 20, minimum=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "meetings.auth.AddressThrottleHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "meetings.auth.lockout_response"
_proxies = env_int("AXES_PROXY_COUNT", 0, minimum=0)
if _proxies:
    AXES_IPWARE_PROXY_COUNT = _proxies
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
else:
    # Without a proxy a client could forge X-Forwarded-For to dodge the lockout.
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
AXES_VERBOSE = False

# Single sign-on through OpenID Connect (e.g. Entra ID), off unless OIDC_ENABLED.
# People are matched to existing accounts by email address; roles and group
# membership stay with the administrator (see README, "Single sign-on").
OIDC_ENABLED = env_bool("OIDC_ENABLED", False)
AUTHENTICATION_BACKENDS = [
    "meetings.auth.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("meetings.auth.EmailOIDCBackend")
    OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
    OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
    _tenant = env_str("OIDC_ENTRA_TENANT_ID")
    _entra = f"https://login.microsoftonline.com/{_tenant}" if _tenant else ""
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str(
        "OIDC_OP_AUTHORIZATION_ENDPOINT", f"{_entra}/oauth2/v2.0/authorize" if _entra else ""
    )
    OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", f"{_entra}/oauth2/v2.0/token" if _entra else "")
    OIDC_OP_USER_ENDPOINT = env_str(
        "OIDC_OP_USER_ENDPOINT", "https://graph.microsoft.com/oidc/userinfo" if _entra else ""
    )
    OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", f"{_entra}/discovery/v2.0/keys" if _entra else "")
    OIDC_OP_ISSUER = env_str("OIDC_OP_ISSUER", f"{_entra}/v2.0" if _entra else "")
    OIDC_CREATE_USER = env_bool("OIDC_CREATE_USER", False)
    # Signing by re-authentication at the provider (prompt=login, max_age=0): the acr_values to
    # ask for (e.g. a BankID level the provider offers; empty: none) and how old the
    # ID token's auth_time may be, in seconds.
    OIDC_SIGN_ACR_VALUES = env_str("OIDC_SIGN_ACR_VALUES", "")
    OIDC_SIGN_MAX_AGE_SECONDS = env_int("OIDC_SIGN_MAX_AGE_SECONDS", 300, minimum=30)
    OIDC_USE_PKCE = True
    OIDC_TIMEOUT = 10
    for _name in (
        "OIDC_RP_CLIENT_ID", "OIDC_RP_CLIENT_SECRET", "OIDC_OP_AUTHORIZATION_ENDPOINT",
        "OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_USER_ENDPOINT",
    ) + (("OIDC_OP_JWKS_ENDPOINT",) if OIDC_RP_SIGN_ALGO.startswith("RS") else ()):
        if not globals()[_name]:
            raise ImproperlyConfigured(f"{_name} must be set when OIDC_ENABLED is true.")
        if _name.endswith("_ENDPOINT") and not globals()[_name].startswith("https://") and not DEBUG:
            raise ImproperlyConfigured(f"{_name} must be an https:// address, not {globals()[_name]!r}.")
    if OIDC_RP_SIGN_ALGO not in {"RS256", "RS384", "RS512", "ES256", "HS256"}:
        raise ImproperlyConfigured(f"OIDC_RP_SIGN_ALGO must be RS256, RS384, RS512, ES256 or HS256, not {OIDC_RP_SIGN_ALGO!r}.")
    OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_callback"
    LOGIN_REDIRECT_URL_FAILURE = "/login/?sso=failed"

# The interface is Swedish whatever language the browser asks for (no
# LocaleMiddleware); an English UI is a translation and a middleware away.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Uploads and final PDFs. Never served as static files: attachments go out only
# through meetings.views.adjusters.attachment_download, after the access check.
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
if MEDIA_ROOT.resolve() in {STATIC_ROOT.resolve(), (BASE_DIR / "static").resolve()} or (
    (BASE_DIR / "static").resolve() in MEDIA_ROOT.resolve().parents
    or STATIC_ROOT.resolve() in MEDIA_ROOT.resolve().parents
):
    raise ImproperlyConfigured("MEDIA_ROOT must not be inside the static files folders.")

# Static files: WhiteNoise serves them from the app server. In production the
# file names carry a hash of the content (collectstatic first); in development
# and tests they are served as they are, without collectstatic.
STORAGE_BACKEND = env_str("STORAGE_BACKEND", "filesystem").lower()
if STORAGE_BACKEND == "filesystem":
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif STORAGE_BACKEND == "s3":
    # S3-compatible object storage through django-storages (pip install
    # "django-storages[s3]==1.14.6"); credentials come from the AWS_* variables.
    AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
    if not AWS_STORAGE_BUCKET_NAME:
        raise ImproperlyConfigured("AWS_STORAGE_BUCKET_NAME must be set when STORAGE_BACKEND is s3.")
    AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME") or None
    AWS_ACCESS_KEY_ID = env_str("AWS_ACCESS_KEY_ID") or None
    AWS_SECRET_ACCESS_KEY = env_str("AWS_SECRET_ACCESS_KEY") or None
    AWS_LOCATION = env_str("AWS_LOCATION", "media")
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    AWS_S3_FILE_OVERWRITE = False
    _default_storage = {"BACKEND": "storages.backends.s3.S3Storage"}
else:
    raise ImproperlyConfigured(f"STORAGE_BACKEND must be filesystem or s3, not {STORAGE_BACKEND!r}.")
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or not env_bool("STATIC_MANIFEST", True)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = 3600
WHITENOISE_USE_FINDERS = DEBUG

# Django's cache framework (per process, in memory). The pages themselves are
# not cached: every request runs its access check and renders from the database.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "samverkan",
    }
}

# Uploads (bilagor): the largest file a secretary may attach.
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_MB", 20, minimum=1) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Request body limits: uploaded files over this are streamed to a temporary file,
# and a form may not carry more fields than this.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2621440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 100
# Office files (.docx, .xlsx, .odt) are zip archives: their uncompressed size is
# checked before they are opened, so a zip bomb is refused unread.
UPLOAD_MAX_UNCOMPRESSED_BYTES = env_int("UPLOAD_MAX_UNCOMPRESSED_MB", 50, minimum=1) * 1024 * 1024
UPLOAD_MAX_ZIP_MEMBERS = 5000
UPLOAD_MAX_COMPRESSION_RATIO = 200

# Background work (django-tasks): emails, the final PDF, web imports. The database
# backend keeps the work in the database; `manage.py db_worker` runs it (bin/run
# starts one). TASKS_BACKEND=immediate runs each task at once in the process that
# queued it (tests, or a set-up without a worker).
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_task_backend = os.environ.get("TASKS_BACKEND", "database")
if _task_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {sorted(_TASK_BACKENDS)}, not {_task_backend!r}.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_task_backend], "QUEUES": ["default"]}}
# Mail that could not be sent is tried again after these many minutes (about two
# days in all), then listed as undeliverable on the meeting's page.
MAIL_RETRY_MINUTES = [1, 5, 15, 30, 60, 120, 240, 480, 720, 1440]

# Adjustment (justering): the default deadline, in Swedish working days after sending,
# and how many days before the deadline reminders start.
ADJUSTMENT_WORKING_DAYS = env_int("ADJUSTMENT_WORKING_DAYS", 5, minimum=1)
REMINDER_DAYS_BEFORE = env_int("REMINDER_DAYS_BEFORE", 1, minimum=0)
# MBL: calendar days after the adjustment in which a union may request central negotiation
# (§14) on a §11 decision it disagreed with; a group may set its own (local agreements differ).
MBL_CENTRAL_REQUEST_DAYS = env_int("MBL_CENTRAL_REQUEST_DAYS", 7, minimum=1)

# Import of scanned PDFs (meetings.importer.ocr): at most this many pages, this many seconds in all.
IMPORT_OCR_MAX_PAGES = env_int("IMPORT_OCR_MAX_PAGES", 30, minimum=1)
IMPORT_OCR_TIMEOUT = env_int("IMPORT_OCR_TIMEOUT", 300, minimum=10)
# The address people reach the app at, for links in emails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL must start with http:// or https://, not {SITE_URL!r}.")

# The seal (meetings.sealing): the organisation's certificate as PKCS#12, its password
# (or a file holding it), an RFC 3161 timestamp service (PAdES B-T when set) and the
# trust roots the seal is validated against (comma-separated PEM/DER files). Without a
# certificate, DEBUG installations use a demo certificate created in SEAL_DEMO_DIR
# (default MEDIA_ROOT/seal-demo); production refuses it (system check meetings.E016).
def _seal_file(name, value):
    if value and not Path(value).is_file():
        raise ImproperlyConfigured(f"{name} names {value!r}, which is not a readable file.")
    return value


SEAL_PKCS12_PATH = _seal_file("SEAL_PKCS12_PATH", env_str("SEAL_PKCS12_PATH"))
SEAL_PKCS12_PASSWORD = os.environ.get("SEAL_PKCS12_PASSWORD", "")
_seal_password_file = _seal_file("SEAL_PKCS12_PASSWORD_FILE", env_str("SEAL_PKCS12_PASSWORD_FILE"))
if _seal_password_file:
    if SEAL_PKCS12_PASSWORD:
        raise ImproperlyConfigured("Set SEAL_PKCS12_PASSWORD or SEAL_PKCS12_PASSWORD_FILE, not both.")
    SEAL_PKCS12_PASSWORD = Path(_seal_password_file).read_text(encoding="utf-8").rstrip("\r\n")
SEAL_TSA_URL = env_str("SEAL_TSA_URL")
if SEAL_TSA_URL and not SEAL_TSA_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SEAL_TSA_URL must start with http:// or https://, not {SEAL_TSA_URL!r}.")
SEAL_TRUST_ROOTS = [_seal_file("SEAL_TRUST_ROOTS", path) for path in env_list("SEAL_TRUST_ROOTS", [])]
SEAL_DEMO_DIR = env_str("SEAL_DEMO_DIR")
# /verify/ (upload a PDF to check it) without a login when true.
VERIFY_PUBLIC = env_bool("VERIFY_PUBLIC", False)
# The archival creator (arkivbildare) named in e-archive packages (manage.py export_sip);
# empty: the administration of the minutes' cooperation group.
ARCHIVAL_CREATOR = env_str("ARCHIVAL_CREATOR")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true.")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "samverkan@localhost")

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # A load balancer checks health over plain HTTP on the internal network.
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp): scripts and style sheets only from this
# site, no inline <script>, no inline event handlers, no eval (htmx runs with
# allowEval false and without its injected indicator <style>, see base.html).
# No inline styles either: neither <style> elements nor style="" attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-elem": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Logs go to standard output. LOG_FORMAT=json writes one JSON object a line
# (python-json-logger), for a log collector; every request gets one line from
# the "samverkan.request" logger with method, path, status, duration and user id.
LOG_FORMAT = env_str("LOG_FORMAT", "text").lower()
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}.")
LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {LOG_LEVEL!r}.")
REQUEST_LOG = env_bool("REQUEST_LOG", True)

# bench/load.py only: serve /bench/floor/, the cheapest page that needs a login.
BENCH_FLOOR_PAGE = env_bool("BENCH_FLOOR_PAGE", False)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Our own request line replaces Django's duplicate 4xx/5xx warnings.
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
    },
}
