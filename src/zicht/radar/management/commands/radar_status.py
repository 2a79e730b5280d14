from typing import Any

from django.core.management.base import BaseCommand

from zicht.radar import selectors, services


class Command(BaseCommand):
    help = (
        "Toont wat nog naar het landelijk register moet en de ontvangen matches per dossier "
        "(dossiernummer, andere VT-organisatie, hun referentie): geen persoonsgegevens."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        matches = selectors.matches_received()
        self.stdout.write(
            f"{services.pending_count()} berichten nog open, {len(matches)} matches ontvangen."
        )
        for match in matches:
            self.stdout.write(
                f"  dossier {match.case.number}: ook bekend bij {match.organisation} "
                f"(daar sinds {match.other_registered_at:%d-%m-%Y}, hun referentie "
                f"{match.other_reference}, contact {match.contact})"
            )
