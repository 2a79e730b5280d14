"""Where the register's tables live when one process hosts Zicht and the register together: the
test suite (zicht.conf.test_settings). The register's deployable has one database and needs no
router; Zicht's never installs the register app."""

from typing import Any

from django.db.models import Model

ALIAS = "register"
LABEL = "register"


class RegisterRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        return ALIAS if model._meta.app_label == LABEL else None

    db_for_write = db_for_read

    def allow_relation(self, a: Model, b: Model, **hints: Any) -> bool | None:
        if LABEL in (a._meta.app_label, b._meta.app_label):
            return a._meta.app_label == b._meta.app_label
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        if app_label == LABEL:
            return db == ALIAS
        return db != ALIAS
