from typing import Any

from django.core.management.base import BaseCommand

from zicht.letters.recovery import requeue_stuck_letters


class Command(BaseCommand):
    help = (
        "Zet brieven zonder PDF die na een gestopt proces bleven hangen opnieuw in de wachtrij, "
        "en markeert taken van een gestopte worker als mislukt."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        recovered = requeue_stuck_letters()
        self.stdout.write(
            f"{recovered.letters_requeued} brieven opnieuw in de wachtrij, "
            f"{recovered.tasks_failed} taken van een gestopte worker als mislukt gemarkeerd."
        )
