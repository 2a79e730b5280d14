"""Zicht settings: one module, driven by the environment.

Every variable read here is documented in docs/configuration.md. Without any environment the
project runs as the *embedded default*: SQLite under var/, demo mode on, plain HTTP on 127.0.0.1.
With ZICHT_ENV=production it refuses to start without SECRET_KEY, DATABASE_URL and ALLOWED_HOSTS,
and turns on every transport-security setting `manage.py check --deploy` asks for.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from zicht.conf.env import embedded_secret_key, env_bool, env_int, env_list, env_str

SRC_DIR = Path(__file__).resolve().parent.parent  # src/zicht
BASE_DIR = SRC_DIR.parent.parent  # the repository
VAR_DIR = Path(env_str("ZICHT_VAR_DIR", str(BASE_DIR / "var")))

PRODUCTION = env_str("ZICHT_ENV", "embedded") == "production"

if PRODUCTION:
    for required in ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"):
        if not env_str(required):
            raise ImproperlyConfigured(f"{required} must be set when ZICHT_ENV=production")
    SECRET_KEY = env_str("SECRET_KEY")
else:
    SECRET_KEY = env_str("SECRET_KEY") or embedded_secret_key(VAR_DIR)

DEBUG = env_bool("DEBUG", False)
# Key of the keyed hash (HMAC) of BSNs: equal BSNs match without the number being compared or
# sent. Changing it breaks matching with stored hashes, so production sets it once, explicitly.
ZICHT_BSN_HASH_KEY = env_str("ZICHT_BSN_HASH_KEY") or f"bsn:{SECRET_KEY}"
# Demo mode: demo accounts may have their current TOTP code printed (manage.py demo_totp).
# Never on in production; the deploy check refuses it (zicht.core.checks).
ZICHT_DEMO = env_bool("ZICHT_DEMO", not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "drf_spectacular_sidecar",  # Redoc's files for /api-documentatie, served by us
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "simple_history",
    # Before django_tasks_db: zicht.core's `db_worker` (one that survives a database restart)
    # replaces the library's command of that name.
    "zicht.core",
    "django_tasks",
    "django_tasks_db",
    "zicht.accounts",
    "zicht.organisation",
    "zicht.calendar",
    "zicht.audit",
    "zicht.people",
    "zicht.cases",
    "zicht.radar",
    "zicht.advice",
    "zicht.letters",
    "zicht.reports",
    "zicht.assessment",
    "zicht.informing",
    "zicht.handover",
    "zicht.screening",
    "zicht.investigation",
    "zicht.reporting",
    "zicht.monitoring",
    "zicht.regional",
    "zicht.involvement",
    "zicht.conditions",
    "zicht.retention",
    "zicht.demo",
    "zicht.shell",
]

MIDDLEWARE = [
    # Outermost: every API answer names the API's version, also a refusal at the edge (ADR).
    "zicht.core.adr.ApiVersionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # A body too large, a hostile API query parameter: refused before anything else reads them.
    "zicht.core.limits.EdgeLimitsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "zicht.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # One access-log entry per kind of access per request (zicht.audit.services).
    "zicht.audit.middleware.AccessLogPerRequest",
    # Last, so a locked-out login is answered before the view runs.
    "axes.middleware.AxesMiddleware",
    # A refusal (core/errors.py) a view raised, as the refusal page with its status.
    "zicht.core.refusals.RefusalMiddleware",
]

# A form post has the same ceiling as an API body (core/limits.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000_000

ROOT_URLCONF = "zicht.conf.urls"
WSGI_APPLICATION = "zicht.conf.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zicht.shell.context_processors.shell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'zicht.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        # A kept connection is checked before a request reuses it: after a database restart the
        # first request of each worker got a 500 on its dead connection (bench/faults.py).
        conn_health_checks=True,
    )
}
DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME") or None}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers share one file: wait for a lock instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Zicht's queries are short OLTP queries on indexes. PostgreSQL's JIT compiles a query whose
    # estimated cost passes jit_above_cost, which a scoped search at national scale did (41 ms of
    # compiling for a query that then ran in a few); it never pays off here. (decisions.md)
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    # A database host that does not answer at all (a failover, a partition) fails a connection
    # within seconds instead of holding a web worker: the request then gets 503 with Retry-After
    # (core/unavailable.py) and the task worker pauses and tries again.
    DATABASES["default"]["OPTIONS"]["connect_timeout"] = env_int("DATABASE_CONNECT_TIMEOUT", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "zicht.accounts.backends.PolicyBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The one-time link to set a password (a new account, a reset): valid 3 days, usable once.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_LINK_DAYS", 3) * 86400
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "shell:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# R-PRIV-4: a closed case file is kept this many years after VT's involvement ended (the law has
# said 20 since 2020; the seeds of 2018 say 15), then destroyed (zicht.retention).
RETENTION_YEARS = env_int("ZICHT_RETENTION_YEARS", 20)

# Idle timeout: every request renews the session; after SESSION_IDLE_MINUTES without one it ends.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Login throttling that cannot be used against staff (zicht.accounts.throttle, issue 17.6): failures
# count per account AND source address together; after LOGIN_FREE_FAILURES the next try from that
# address waits 1, 2, 4 … seconds (at most LOGIN_DELAY_MAX_SECONDS); at AXES_FAILURE_LIMIT that
# account is locked from that address only, for AXES_COOLOFF_MINUTES.
LOGIN_FREE_FAILURES = env_int("LOGIN_FREE_FAILURES", 3)
LOGIN_DELAY_MAX_SECONDS = env_int("LOGIN_DELAY_MAX_SECONDS", 60)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "zicht.accounts.backends.lockout_username"
AXES_CLIENT_IP_CALLABLE = "zicht.accounts.throttle.client_address"
# The reverse proxies whose X-Forwarded-For is believed (their own addresses); none by default.
ZICHT_TRUSTED_PROXIES = env_list("ZICHT_TRUSTED_PROXIES", [])
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False

# django-otp: a TOTP code is refused after too many wrong tries (throttled, growing delay).
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Zicht")
OTP_TOTP_THROTTLE_FACTOR = 1

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
# Dates as the Dutch write them, "do 10 dec. 2026": Django's nl formats with ours on top.
FORMAT_MODULE_PATH = ["zicht.conf.formats"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Amsterdam")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [SRC_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [SRC_DIR / "static"]
MEDIA_ROOT = Path(env_str("ZICHT_PRIVATE_MEDIA", str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production whitenoise serves straight from the source tree, so no collectstatic step.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# E-mail: the embedded default writes mails as files under var/mail for a person to read.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "zicht@localhost")

# Security headers. CSP: only our own origin; no inline script or style anywhere.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
CSRF_FAILURE_VIEW = "zicht.shell.views.csrf_failure"
# The only origins zicht.core.outbound may reach over the network (none today: letters use their
# bundled assets only; the register client and webhooks will be listed here).
OUTBOUND_ALLOWED_ORIGINS = env_list("OUTBOUND_ALLOWED_ORIGINS", [])
# The national register (zicht.radar; docs/register.md): its URL, this organisation's key, and
# the secret the VT organisations share for the pseudonymous keys (the register never has it).
# Without all three, nothing is registered (a development install without a register).
REGISTER_URL = env_str("REGISTER_URL")
REGISTER_KEY = env_str("REGISTER_KEY")
REGISTER_SECRET = env_str("REGISTER_SECRET")
# The key that seals backups (manage.py backup/restore; docs/operations.md): 32 random bytes in
# URL-safe base64. Kept apart from the backups: without it a backup cannot be read.
ZICHT_BACKUP_KEY = env_str("ZICHT_BACKUP_KEY")
# /gezondheid answers 503 when a task has waited (or run) longer than this (zicht.shell.health).
HEALTH_TASK_MAX_WAIT_SECONDS = env_int("HEALTH_TASK_MAX_WAIT_SECONDS", 300)
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The API (/api/v1/): a token (stored hashed, accounts.ApiToken; issued in Beheer) or the UI's
# session once verified with a TOTP code; JSON only; errors as problem+json (zicht.core.problems).
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # The token first: its `WWW-Authenticate` header makes a missing login a 401, not a 403.
        "zicht.accounts.api.ApiTokenAuthentication",
        "zicht.core.api.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["zicht.accounts.api.CanViewClientData"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # DRF's JSON parser within the limits of size, depth, characters and dates (core/limits.py).
    "DEFAULT_PARSER_CLASSES": ["zicht.core.limits.LimitedJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "zicht.core.api.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "zicht.core.problems.problem_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Zicht API",
    "DESCRIPTION": (
        "De API van Zicht, het dossiersysteem van Veilig Thuis. Inloggen met een token "
        "(header `Authorization: Token …`) of met een sessie die met wachtwoord én code is "
        "bevestigd. Fouten komen als `application/problem+json` (RFC 9457), met per ongeldig "
        "veld een regel in `invalid_params`. Een BSN staat nooit in een URL of zoekvraag: zoeken "
        "op BSN gaat met POST /api/v1/persons/search. Lijsten komen per 50, met de andere "
        "pagina's in de header `Link`. Voor politiesystemen en lokale teams: de Handleiding voor "
        "ketenpartners (`docs/partner-guide.md` bij de broncode van Zicht), met voorbeelden die "
        "in de testsuite tegen een echte server draaien."
    ),
    "VERSION": "1.0.0",
    # The Dutch API Design Rules: the server with the major version in its path (/core/
    # uri-version), paths relative to it, a contact (/core/doc-openapi-contact), and what every
    # operation shares added in one place (zicht.core.adr).
    "SERVERS": [{"url": "/api/v1", "description": "Deze installatie van Zicht"}],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "CONTACT": {
        "name": "Functioneel beheer Zicht (Veilig Thuis)",
        "url": "https://zicht.example/api/v1/openapi.json",
        "email": "functioneelbeheer@veiligthuis.example",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "zicht.core.adr.postprocess",
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "PhaseEnum": "zicht.cases.workflow.Phase",
        "HouseholdRoleEnum": "zicht.people.models.HouseholdRole",
        # Names kept for what had them before another app's "status" or "outcome" arrived.
        "StatusEnum": "zicht.cases.deadlines.Status",
        "OutcomeEnum": "zicht.handover.models.StepOutcome",
        "MonitoringPlanStatusEnum": "zicht.monitoring.models.PlanStatus",
        "MonitoringOutcomeEnum": "zicht.monitoring.models.Outcome",
        "NetworkKindEnum": "zicht.investigation.models.NetworkKind",
        "NoticeKindEnum": "zicht.investigation.models.NoticeKind",
    },
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint quotes every URL it could not load, and a URL may carry personal data; the
        # refusals are logged by zicht.outbound without it.
        "weasyprint": {"level": "CRITICAL"},
    },
}
