"""Keeping and destroying case files (R-PRIV-4).

Everything here that belongs to one case (its destruction date, the decisions that lengthen or
suspend it, a destruction request, the first approval) goes with the case when it is destroyed.
Only `DestructionRecord` stays: which file, when, on whose approval — no personal data, and no
link to the case, which no longer exists.
"""

from django.conf import settings
from django.db import models

from zicht.core.limits import FREE_TEXT_MAX


class Basis(models.TextChoices):
    DEFAULT = "default", "Bewaartermijn na einde betrokkenheid"
    CHILD_PROTECTION = "child_protection", "Kinderbeschermingsmaatregel: tot het jongste kind 18 is"
    REQUEST = "request", "Verzoek van het huishouden (ingewilligd)"


class Retention(models.Model):
    """The destruction date of one closed case, as `rules.destruction_date` computed it."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="retention", verbose_name="dossier"
    )
    ended_on = models.DateField("einde betrokkenheid")
    destroy_on = models.DateField("vernietigen op")
    basis = models.CharField("grond", max_length=20, choices=Basis.choices)
    computed_at = models.DateTimeField("berekend op")

    class Meta:
        verbose_name = "bewaartermijn"
        verbose_name_plural = "bewaartermijnen"
        indexes = [models.Index(fields=["destroy_on"])]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.destroy_on}"


class ChildProtectionDecision(models.Model):
    """The recorded decision that the file matters for a child protection measure: it is then
    kept until the youngest child of the household is 18, when that is later (R-PRIV-4)."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="+", verbose_name="dossier"
    )
    reason = models.TextField("motivering", max_length=FREE_TEXT_MAX)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"kinderbescherming {self.case_id}"


class LegalHold(models.Model):
    """A legal ground to keep the file for now (a court case, a complaint, a request of the
    inspectorate): while it is on, the file is not destroyed."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="+", verbose_name="dossier"
    )
    reason = models.CharField("reden", max_length=300)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField()
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "bewaarplicht"
        verbose_name_plural = "bewaarplichten"

    def __str__(self) -> str:
        return f"bewaarplicht {self.case_id}"


class Decision(models.TextChoices):
    GRANTED = "granted", "Ingewilligd"
    REFUSED = "refused", "Afgewezen: wettelijke grond om te bewaren"


class DestructionRequest(models.Model):
    """The household's request to destroy its file after VT concluded there was no HG/KM."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="+", verbose_name="dossier"
    )
    received_on = models.DateField("ontvangen op")
    requested_by = models.CharField("verzocht door", max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    decision = models.CharField("besluit", max_length=10, choices=Decision.choices, blank=True)
    decision_reason = models.TextField("motivering", blank=True, max_length=FREE_TEXT_MAX)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "verzoek tot vernietiging"
        verbose_name_plural = "verzoeken tot vernietiging"

    def __str__(self) -> str:
        return f"verzoek {self.case_id}"


class DestructionProposal(models.Model):
    """The first of the four eyes: a functional administrator puts a due file forward; a second,
    different one approves, and only then is it destroyed."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="+", verbose_name="dossier"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"voorgedragen {self.case_id}"


class DestructionRecord(models.Model):
    """What remains of a destroyed file: its number, when, why, on whose approval, and how much
    was removed. No personal data and no link to the (gone) case."""

    case_number = models.CharField("dossiernummer", max_length=12, unique=True)
    closed_on = models.DateField("gesloten op", null=True)
    basis = models.CharField("grond", max_length=20, choices=Basis.choices)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    destroyed_at = models.DateTimeField("vernietigd op")
    rows_removed = models.PositiveIntegerField()
    files_removed = models.PositiveIntegerField()
    persons_kept = models.PositiveIntegerField(
        default=0, help_text="personen die ook in een ander dossier staan en daarom bleven"
    )

    class Meta:
        verbose_name = "vernietigingsverklaring"
        verbose_name_plural = "vernietigingsverklaringen"
        ordering = ["-destroyed_at"]

    def __str__(self) -> str:
        return f"{self.case_number} vernietigd {self.destroyed_at:%Y-%m-%d}"


class FileToRemove(models.Model):
    """A stored file of a destroyed file (a letter's PDF) that is still to be removed from storage.

    Written in the destruction's transaction and removed once the file is gone, so a file that
    could not be removed (a storage error) is tried again by `manage.py remove_destroyed_files`
    instead of staying on disk for ever. Holds the storage name only: no personal data."""

    field = models.CharField("veld", max_length=100, help_text="app.Model.veld van het bestand")
    name = models.CharField("bestandsnaam", max_length=500)
    since = models.DateTimeField("sinds", auto_now_add=True)
    attempts = models.PositiveIntegerField("pogingen", default=0)
    last_error = models.CharField("laatste fout", max_length=100, blank=True)

    class Meta:
        verbose_name = "te verwijderen bestand"
        verbose_name_plural = "te verwijderen bestanden"

    def __str__(self) -> str:
        return f"{self.field}: {self.attempts} pogingen"
