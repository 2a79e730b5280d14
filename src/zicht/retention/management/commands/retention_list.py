from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from zicht.retention.models import Retention
from zicht.retention.selectors import month_end
from zicht.retention.services import retention_refresh_all


class Command(BaseCommand):
    help = (
        "Berekent de vernietigingsdatum van elk afgesloten dossier (R-PRIV-4) en telt de dossiers "
        "die deze maand aan vernietiging toe zijn (de lijst staat onder Bewaren en vernietigen)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        computed = retention_refresh_all()
        end = month_end(timezone.localdate())
        due = Retention.objects.filter(destroy_on__lte=end).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Bewaartermijnen berekend voor {computed} afgesloten dossiers; {due} aan "
                f"vernietiging toe tot en met {end:%d-%m-%Y}."
            )
        )
