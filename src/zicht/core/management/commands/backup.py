from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zicht.core.backup import BackupRefused, describe, make_backup
from zicht.core.sealed import new_key


class Command(BaseCommand):
    help = (
        "Maakt een versleutelde back-up (database en bestanden) in één bestand, met de sleutel "
        "uit ZICHT_BACKUP_KEY."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path, help="het nieuwe back-upbestand")
        parser.add_argument(
            "--generate-key", action="store_true", help="druk een nieuwe sleutel af en stop"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["generate_key"]:
            self.stdout.write(new_key())
            return
        if options["file"] is None:
            raise CommandError("Geef het bestand op: manage.py backup <bestand>.")
        try:
            manifest = make_backup(options["file"])
        except BackupRefused as refused:
            raise CommandError(f"Geen back-up gemaakt: {refused}") from None
        self.stdout.write(self.style.SUCCESS(f"Back-up {options['file']}: {describe(manifest)}."))
