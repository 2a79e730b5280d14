from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zicht.audit.retention import BrokenBeforePurge, access_log_purge


class Command(BaseCommand):
    help = (
        "Verwijdert regels van het toegangslog die ouder zijn dan 5 jaar (R-PRIV-3) en verzegelt "
        "de keten, zodat verify_access_log de rest blijft controleren."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = access_log_purge()
        except BrokenBeforePurge as problem:
            raise CommandError(f"Toegangslog niet opgeschoond: {problem}") from problem
        self.stdout.write(
            self.style.SUCCESS(
                f"Toegangslog opgeschoond: {result.total} regels van voor "
                f"{result.cutoff:%d-%m-%Y} verwijderd uit {len(result.removed)} ketens."
            )
        )
