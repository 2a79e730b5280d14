from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zicht.accounts.selectors import confirmed_totp_device, user_by_email
from zicht.accounts.totp import current_code


class Command(BaseCommand):
    help = "Toont de huidige TOTP-code van een demo-account (alleen in demomodus of met DEBUG)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="e-mailadres van het account")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        # Printing a second factor defeats it: only where there are nothing but demo accounts.
        if not (settings.DEBUG or settings.ZICHT_DEMO):
            raise CommandError(
                "Geweigerd: demo_totp werkt alleen met ZICHT_DEMO=true of DEBUG=true."
            )
        user = user_by_email(email=email)
        if user is None:
            raise CommandError(f"Geen account met e-mailadres {email}.")
        device = confirmed_totp_device(user=user)
        if device is None:
            raise CommandError(f"{email} heeft nog geen gekoppelde authenticator-app.")
        self.stdout.write(current_code(device))
