"""django-tasks' `db_worker`, surviving a database that goes away.

Upstream's worker stops with the first connection error that is not SQLite's "locked": after a
PostgreSQL restart (a failover, an upgrade, a crash) it is gone, and letters wait until someone
notices (issue 18's fault run: 25 of 40 letters left queued). Here the same worker runs again
after such an error, after a pause that doubles up to 30 s while the database stays away. A task
that was running when the connection broke stays RUNNING and is failed and queued again by
`requeue_letters` (letters/recovery.py).

This app comes before django_tasks_db in INSTALLED_APPS so that this command is the `db_worker`
every deployment already starts.
"""

import logging
import time
from typing import Any

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger("zicht.tasks")

FIRST_PAUSE = 1.0
LONGEST_PAUSE = 30.0
# A worker that ran this long before its connection broke starts again from the first pause.
STEADY_SECONDS = 60.0


class Command(db_worker.Command):
    help = (
        "Voert taken uit de wachtrij uit (brieven naar PDF, het register) en blijft draaien als "
        "de database even wegvalt."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        pause = FIRST_PAUSE
        while True:
            started = time.monotonic()
            try:
                super().handle(*args, **options)
                return  # --batch or --max-tasks: done
            except (OperationalError, InterfaceError) as error:
                if time.monotonic() - started > STEADY_SECONDS:
                    pause = FIRST_PAUSE
                # The class only: a driver's message can name the host and the user.
                logger.warning(
                    "database niet bereikbaar (%s); de worker begint over %.0f s opnieuw",
                    type(error).__name__,
                    pause,
                )
                connections.close_all()
                time.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE)
