from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zicht.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Controleert de hashketen van het toegangslog (NEN 7513): wijziging of verwijdering."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.intact:
            for problem in report.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"Toegangslog NIET intact: {len(report.problems)} probleem/problemen "
                f"in {report.checked} regels."
            )
        self.stdout.write(self.style.SUCCESS(f"Toegangslog intact: {report.checked} regels."))
