from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zicht.retention.destruction import files_remove
from zicht.retention.models import FileToRemove


class Command(BaseCommand):
    help = (
        "Verwijdert de opgeslagen bestanden (brief-PDF's) van vernietigde dossiers die na de "
        "vernietiging niet verwijderd konden worden (R-PRIV-4). Een bestand dat weer niet lukt, "
        "blijft op de lijst; de opdracht eindigt dan met een fout, zodat de monitoring het ziet."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        removed, left = files_remove(FileToRemove.objects.all())
        if left:
            raise CommandError(
                f"{removed} bestanden verwijderd; {left} konden niet verwijderd worden en blijven "
                "op de lijst (de soort fout staat in de log)."
            )
        self.stdout.write(f"{removed} bestanden verwijderd.")
