from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from zicht.register.models import Credential


class Command(BaseCommand):
    help = "Trekt alle sleutels van een organisatie in (haar registraties blijven)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code")

    def handle(self, *args: Any, **options: Any) -> None:
        revoked = Credential.objects.filter(
            organisation__code=options["code"], revoked_at=None
        ).update(revoked_at=timezone.now())
        if not revoked:
            raise CommandError("Geen actieve sleutel van deze organisatie.")
        self.stdout.write(f"{revoked} sleutel(s) ingetrokken.")
