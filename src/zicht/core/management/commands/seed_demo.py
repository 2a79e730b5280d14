from typing import Any

from django.core.management.base import BaseCommand

from zicht.core.demo import DEMO_PASSWORD, seed_demo_accounts, seed_reference_data


class Command(BaseCommand):
    help = "Laadt synthetische demogegevens (idempotent: een tweede keer verdubbelt niets)."

    def handle(self, *args: Any, **options: Any) -> None:
        seed_reference_data()
        users = seed_demo_accounts()
        self.stdout.write(self.style.SUCCESS("Demogegevens staan klaar."))
        self.stdout.write(f"Demo-accounts (wachtwoord voor allemaal: {DEMO_PASSWORD}):")
        for user in users:
            self.stdout.write(f"  {user.email:<34} {user.get_role_display()}")
        self.stdout.write(
            "De code voor stap 2 van het inloggen: .venv/bin/python manage.py demo_totp <e-mailadres>"
        )
