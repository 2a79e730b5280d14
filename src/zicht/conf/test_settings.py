"""The test suite's settings: Zicht's, plus the register service on a database of its own.

Zicht and the register are two deployables (zicht.conf.settings, zicht.register.settings); one
pytest run tests both. Zicht's tables stay on the `default` alias, the register's go to the
`register` alias (zicht.register.router), so the two never share a table or a transaction. The
register's API is reached in tests through its own URLconf and middleware (tests/register/
conftest.py); the federation test starts it as a real process. (docs/decisions.md)
"""

from typing import Any

import dj_database_url

from zicht.conf.env import env_str
from zicht.conf.settings import *  # noqa: F403
from zicht.conf.settings import DATABASES, INSTALLED_APPS, VAR_DIR

INSTALLED_APPS = [*INSTALLED_APPS, "zicht.register"]
DATABASE_ROUTERS = ["zicht.register.router.RegisterRouter"]


def _register_database() -> dict[str, Any]:
    explicit = env_str("REGISTER_DATABASE_URL")
    default = DATABASES["default"]
    if explicit:
        database: dict[str, Any] = dict(dj_database_url.parse(explicit))
    elif default["ENGINE"] == "django.db.backends.postgresql":
        database = {**default, "OPTIONS": dict(default.get("OPTIONS", {}))}
    else:
        database = dict(dj_database_url.parse(f"sqlite:///{VAR_DIR / 'register-test.sqlite3'}"))
    test_name = default.get("TEST", {}).get("NAME")
    if database["ENGINE"] == "django.db.backends.postgresql":
        database["TEST"] = {"NAME": f"{test_name or 'test_zicht'}_register", "DEPENDENCIES": []}
    else:
        database["TEST"] = {"NAME": None, "DEPENDENCIES": []}
    return database


DATABASES = {**DATABASES, "register": _register_database()}  # type: ignore[dict-item]
