"""manage.py cbs_delivery 2026-1 --output cbs.csv: the CBS file of a half year (R-INF-1)."""

import contextlib
import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zicht.reporting import cbs, cbs_checks
from zicht.reporting.periods import half_year
from zicht.reporting.readonly import read_only

PROGRESS_EVERY = 10_000


class Command(BaseCommand):
    help = "Maakt de halfjaarlijkse CBS-levering (R-INF-1) en meldt de controle vooraf."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("halfjaar", help="bijvoorbeeld 2026-1")
        parser.add_argument("--output", "-o", default="-", help="bestand; '-' is stdout")
        parser.add_argument(
            "--zonder-controle", action="store_true", help="zonder de controle vooraf"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["halfjaar"]
        try:
            delivery = cbs.Delivery(half_year(code), code)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        with read_only():
            if not options["zonder_controle"]:
                for check in cbs_checks.validate(delivery):
                    if check.count:
                        self.stderr.write(f"Controle: {check.title}: {check.count}")
            total = sum(delivery.counts().values()) + 1
        with read_only(), _opened(options["output"]) as out:
            written = 0
            for line in cbs.lines(delivery):
                out.write(line)
                written += 1
                if written % PROGRESS_EVERY == 0:
                    self.stderr.write(f"{written} van {total} records")
        self.stderr.write(f"Klaar: {written} records.")


def _opened(path: str) -> Any:
    return contextlib.nullcontext(sys.stdout) if path == "-" else open(path, "w", newline="")
