from typing import Any

from django.core.management.base import BaseCommand

from zicht.radar import client, services
from zicht.radar.client import RegisterUnavailable


class Command(BaseCommand):
    help = (
        "Verstuurt wat nog voor het landelijk register klaarstaat en haalt de meldingen van "
        "matches op (voor cron, bijvoorbeeld elke minuut)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not client.configured():
            self.stdout.write(
                "Landelijk register niet ingesteld (REGISTER_URL, REGISTER_KEY, REGISTER_SECRET)."
            )
            return
        delivered = services.deliver_due()
        try:
            received = services.pull_notifications()
        except RegisterUnavailable as error:
            self.stderr.write(f"Register niet bereikbaar: {error}")
            received = 0
        self.stdout.write(
            f"{delivered} verstuurd, {services.pending_count()} nog open, {received} matches ontvangen."
        )
