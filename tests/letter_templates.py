"""The letter templates the data migrations write, written again.

A test that runs in real transactions (a live server, or a race between two threads) leaves an
emptied database behind, without the templates a fresh database has; the next such test writes
them again with `restore()`. (Serialized rollback cannot do this reliably: a live server leaves
the test with another connection object, which no longer holds the serialized contents.)
"""

from importlib import import_module
from pathlib import Path


def _migrations() -> list[str]:
    """The data migrations that write letter templates (their `RunPython` operations)."""
    from django.apps import apps

    found = []
    for config in apps.get_app_configs():
        folder = Path(config.path) / "migrations"
        if config.name.startswith("zicht.") and folder.is_dir():
            found += [
                f"{config.name}.migrations.{path.stem}"
                for path in sorted(folder.glob("0*_*template*.py"))
            ]
    return found


def restore() -> None:
    from django.apps import apps
    from django.db.migrations import RunPython

    for name in _migrations():
        for operation in import_module(name).Migration.operations:
            if isinstance(operation, RunPython):
                operation.code(apps, None)
