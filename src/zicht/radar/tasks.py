"""The outbox and the notifications, run by the worker (`manage.py db_worker`) after commit and
by `manage.py radar_sync` (cron) as the safety net that retries what is still pending."""

from django_tasks import task

from zicht.radar import services
from zicht.radar.client import RegisterUnavailable


@task()
def deliver_outbox() -> int:
    try:
        return services.deliver_due()
    except RegisterUnavailable:
        return 0  # the rows wait for their next attempt; radar_sync comes back for them
