"""Settings of the register service: its own deployable, database and process (issue 14).

Embedded default: SQLite under var/register/, plain HTTP on 127.0.0.1. REGISTER_DATABASE_URL
points it at PostgreSQL; REGISTER_ENV=production refuses to start without a secret key, a
database URL and allowed hosts. Documented in docs/register.md.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parents[3]
VAR_DIR = Path(os.environ.get("REGISTER_VAR_DIR", str(BASE_DIR / "var" / "register")))
PRODUCTION = os.environ.get("REGISTER_ENV", "embedded") == "production"

if PRODUCTION:
    for required in ("REGISTER_SECRET_KEY", "REGISTER_DATABASE_URL", "REGISTER_ALLOWED_HOSTS"):
        if not os.environ.get(required):
            raise ImproperlyConfigured(f"{required} must be set when REGISTER_ENV=production")
SECRET_KEY = os.environ.get("REGISTER_SECRET_KEY") or secrets.token_urlsafe(50)
DEBUG = False
ALLOWED_HOSTS = os.environ.get("REGISTER_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "rest_framework",
    "drf_spectacular",
    "zicht.register",
]
MIDDLEWARE = [
    # Every answer names the API's version (the Dutch API Design Rules, as Zicht's own API).
    "zicht.core.adr.ApiVersionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "zicht.register.middleware.RegisterEdgeMiddleware",
    "django.middleware.common.CommonMiddleware",
]
ROOT_URLCONF = "zicht.register.urls"
WSGI_APPLICATION = "zicht.register.wsgi.application"

if not os.environ.get("REGISTER_DATABASE_URL"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("REGISTER_DATABASE_URL") or f"sqlite:///{VAR_DIR / 'register.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
else:
    DATABASES["default"]["OPTIONS"] = {"options": "-c jit=off"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "nl"
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Amsterdam"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Per organisation (zicht.register.api.OrganisationThrottle): enough for a busy intake, too few to
# walk through the key space (enumeration).
REGISTER_RATE = os.environ.get("REGISTER_RATE", "600/min")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Landelijk register Veilig Thuis (radar)",
    "DESCRIPTION": (
        "Het landelijke register van de Veilig Thuis-organisaties. Het bewaart per registratie "
        "alleen de organisatie, een ondoorzichtige dossier- en persoonsreferentie, de data en "
        "pseudonieme sleutels; nooit een naam, BSN of geboortedatum. Inloggen met de sleutel van "
        "de organisatie (header `Authorization: Bearer …`). Fouten als "
        "`application/problem+json`."
    ),
    "VERSION": "1.0.0",
    # The Dutch API Design Rules, as for Zicht's API (zicht.core.adr, docs/decisions.md): the
    # major version in the server's path, a contact, the version header and the 400 documented.
    "SERVERS": [{"url": "/register/v1", "description": "Het landelijk register"}],
    "SCHEMA_PATH_PREFIX": r"/register/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "CONTACT": {
        "name": "Beheer landelijk register Veilig Thuis",
        "url": "https://register.example/register/v1",
        "email": "beheer@register.example",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "zicht.core.adr.postprocess",
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
