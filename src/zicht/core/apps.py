from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zicht.core"
    label = "core"
    verbose_name = "Zicht"

    def ready(self) -> None:
        from zicht.core import (
            checks,  # noqa: F401  (registers the deploy checks)
            history,
            purge,
        )

        history.install()
        purge.purge_hook_register("core.idempotency", purge.idempotency_purge)
