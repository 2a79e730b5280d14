from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zicht.register.auth import credential_issue
from zicht.register.models import Organisation


class Command(BaseCommand):
    help = "Maakt een VT-organisatie aan (of werkt haar bij) en geeft een nieuwe sleutel (eenmalig getoond)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code")
        parser.add_argument("name")
        parser.add_argument("contact")
        parser.add_argument(
            "--key-file", help="schrijf de sleutel naar dit bestand in plaats van stdout"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation, _ = Organisation.objects.update_or_create(
            code=options["code"], defaults={"name": options["name"], "contact": options["contact"]}
        )
        key = credential_issue(organisation)
        if options["key_file"]:
            with open(options["key_file"], "w") as handle:
                handle.write(key)
        else:
            self.stdout.write(key)
