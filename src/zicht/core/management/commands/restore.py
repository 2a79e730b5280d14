from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zicht.core.backup import BackupRefused, describe, restore_backup


class Command(BaseCommand):
    help = (
        "Zet een back-up van `manage.py backup` terug in een lege database en een lege map voor "
        "bestanden (sleutel uit ZICHT_BACKUP_KEY)."
    )
    # The target database is empty (not migrated yet): the system checks must not need it.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="het back-upbestand")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore_backup(options["file"])
        except BackupRefused as refused:
            raise CommandError(f"Niets teruggezet: {refused}") from None
        self.stdout.write(
            self.style.SUCCESS(f"Teruggezet uit {options['file']}: {describe(manifest)}.")
        )
