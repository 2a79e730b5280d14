"""The periodic jobs of docs/operations.md, run by the `scheduler` container of compose.yaml.

A loop instead of cron: cron starts its jobs without the container's environment (so without
DATABASE_URL and the keys), and a second cron implementation would be one more binary in the
image. Each minute, every job whose schedule matches that minute (UTC) is run to its end, one
after the other, with this process's environment; its output and exit status go to the
container's log, where the monitoring alerts on "MISLUKT". Standard library only.

    python deploy/scheduler.py           # run for ever
    python deploy/scheduler.py --list    # print the schedule
"""

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

MANAGE = str(Path(__file__).resolve().parent.parent / "manage.py")
BACKUPS = os.environ.get("ZICHT_BACKUP_DIR", "/backups")


@dataclass(frozen=True)
class Job:
    minute: str  # "*", "*/n" or a number, as in cron
    hour: str
    day: str  # of the month
    weekday: str  # 1 = Monday … 7 = Sunday
    command: tuple[str, ...]  # arguments of manage.py; "{date}" becomes the day's date

    def due(self, moment: datetime) -> bool:
        fields = ((self.minute, moment.minute), (self.hour, moment.hour))
        fields += ((self.day, moment.day), (self.weekday, moment.isoweekday()))
        return all(_matches(pattern, value) for pattern, value in fields)


def _matches(pattern: str, value: int) -> bool:
    if pattern == "*":
        return True
    if pattern.startswith("*/"):
        return value % int(pattern[2:]) == 0
    return value == int(pattern)


JOBS = [
    # Retry what the register's outbox has not delivered (docs/register.md).
    Job("*/5", "*", "*", "*", ("radar_sync",)),
    # Letters left without a PDF by a process that died (zicht.letters.recovery).
    Job("*/5", "*", "*", "*", ("requeue_letters",)),
    # The nightly encrypted backup (docs/operations.md, "Backup and restore").
    Job("30", "1", "*", "*", ("backup", f"{BACKUPS}/zicht-{{date}}.backup")),
    # The access log's hash chain; a failure must alert the privacy officer.
    Job("0", "3", "*", "*", ("verify_access_log",)),
    # Finished task results, weekly on Sunday.
    Job("0", "4", "*", "7", ("prune_db_task_results",)),
    # The month's destruction dates and list (R-PRIV-4), on the 1st.
    Job("0", "5", "1", "*", ("retention_list",)),
    # Stored files of destroyed files that storage refused to remove (R-PRIV-4), hourly.
    Job("15", "*", "*", "*", ("remove_destroyed_files",)),
    # Access-log entries older than 5 years (R-PRIV-3), on the 1st after the list.
    Job("30", "5", "1", "*", ("purge_access_log",)),
]


def run(job: Job, moment: datetime) -> int:
    arguments = [part.replace("{date}", moment.strftime("%Y-%m-%d")) for part in job.command]
    print(f"{moment:%Y-%m-%d %H:%M} start: manage.py {' '.join(arguments)}", flush=True)
    done = subprocess.run([sys.executable, MANAGE, *arguments], check=False)  # noqa: S603
    outcome = "klaar" if done.returncode == 0 else f"MISLUKT (exit {done.returncode})"
    print(f"{moment:%Y-%m-%d %H:%M} {outcome}: manage.py {arguments[0]}", flush=True)
    return done.returncode


def main() -> None:
    if "--list" in sys.argv:
        for job in JOBS:
            when = f"{job.minute:>4} {job.hour:>3} {job.day:>3} {job.weekday:>3}"
            print(f"{when}  manage.py {' '.join(job.command)}")
        return
    last = None
    while True:
        moment = datetime.now(UTC).replace(second=0, microsecond=0)
        if moment != last:  # each minute once, also when a job ran past the next one
            last = moment
            for job in JOBS:
                if job.due(moment):
                    run(job, moment)
        time.sleep(max(1.0, 60 - datetime.now(UTC).second))


if __name__ == "__main__":
    main()
