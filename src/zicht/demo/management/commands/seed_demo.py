from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zicht.demo import assessment as assessment_demo
from zicht.demo import handover as handover_demo
from zicht.demo import informing as informing_demo
from zicht.demo import monitoring as monitoring_demo
from zicht.demo import retention as retention_demo
from zicht.demo import screening as screening_demo
from zicht.demo.cases import demo_staff, seed_demo_cases
from zicht.demo.federation import SIDES, seed_shared_family
from zicht.demo.reference import DEMO_PASSWORD, seed_demo_accounts, seed_reference_data
from zicht.demo.scale import SCALE_BATCH, seed_scale


class Command(BaseCommand):
    help = (
        "Laadt synthetische demogegevens (idempotent: een tweede keer verdubbelt niets). "
        "Met --scale N komen er N synthetische open dossiers bij, voor metingen."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help="voeg N synthetische open dossiers toe (met huishoudens en termijnen)",
        )
        parser.add_argument(
            "--federation",
            choices=SIDES,
            default="",
            help=(
                "organisatie a of b van de federatiedemo (make federation): b krijgt andere "
                "demogezinnen; beide krijgen het gedeelde gezin, in b anders gespeld"
            ),
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=SCALE_BATCH,
            help=f"rijen per bulk-insert bij --scale (standaard {SCALE_BATCH})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["scale"] < 0 or options["batch_size"] < 1:
            raise CommandError("--scale moet 0 of meer zijn en --batch-size minstens 1.")
        seed_reference_data()
        users = seed_demo_accounts()
        added = seed_demo_cases(variant="b" if options["federation"] == "b" else "")
        # What the services did on the demo cases since their report: each seed is idempotent.
        staff = demo_staff()
        assessment_demo.seed(staff)
        informing_demo.seed()
        handover_demo.seed()
        monitoring_demo.seed()
        screening_demo.seed(staff=staff)
        retention_demo.seed(staff)
        if options["federation"] and seed_shared_family(options["federation"]):
            self.stdout.write("Het gedeelde gezin van de federatiedemo is toegevoegd.")
        self.stdout.write(self.style.SUCCESS("Demogegevens staan klaar."))
        if added:
            self.stdout.write(f"{added} demohuishoudens met dossiers toegevoegd.")
        self.stdout.write(f"Demo-accounts (wachtwoord voor allemaal: {DEMO_PASSWORD}):")
        for user in users:
            self.stdout.write(f"  {user.email:<34} {user.get_role_display()}")
        self.stdout.write(
            "De code voor stap 2 van het inloggen: .venv/bin/python manage.py demo_totp <e-mailadres>"
        )
        if options["scale"]:
            self._scale(options["scale"], options["batch_size"], options["verbosity"])

    def _scale(self, count: int, batch_size: int, verbosity: int) -> None:
        def progress(done: int) -> None:
            if verbosity > 1:
                self.stdout.write(f"  {done} van {count} dossiers")

        result = seed_scale(count, batch_size=batch_size, progress=progress)
        if result.workers_added:
            self.stdout.write(
                f"{result.workers_added} synthetische medewerkers (schaal-…@zicht.test, zonder "
                "wachtwoord) toegevoegd aan de teams."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Schaalgegevens: {result.cases} open dossiers, {result.persons} personen en "
                f"{result.deadlines} termijnen toegevoegd in {result.seconds:.1f} s "
                f"({result.cases / max(result.seconds, 1e-9):.0f} dossiers per seconde)."
            )
        )
