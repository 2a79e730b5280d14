"""Conditions & follow-up (R-VV-1..3): the household's acknowledgement that starts the work.

The rest of the service lives in the shared app `zicht.involvement` (conversations, the safety
conditions and plan) and in `zicht.handover` (the warm handover that finishes it)."""

from django.conf import settings
from django.db import models

from zicht.core.limits import FREE_TEXT_MAX


class Acknowledgement(models.Model):
    """The household acknowledges the concerns and wants to work on safety (R-VV-1). Whether
    domestic violence or child abuse happened is not confirmed here, nor needed."""

    # A case that comes back into conditions & follow-up later needs a new one: the current
    # acknowledgement is the one recorded since the case last entered the phase.
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        related_name="acknowledgements",
        verbose_name="dossier",
    )
    acknowledged_on = models.DateField("datum")
    members = models.ManyToManyField(
        "people.HouseholdMember", related_name="+", verbose_name="wie erkennen de zorgen"
    )
    concerns_acknowledged = models.BooleanField("erkent de zorgen")
    wants_to_work_on_safety = models.BooleanField("wil werken aan veiligheid")
    note = models.TextField("toelichting", blank=True, max_length=FREE_TEXT_MAX)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("vastgelegd op")

    class Meta:
        verbose_name = "erkenning van de zorgen"
        verbose_name_plural = "erkenningen van de zorgen"
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"Erkenning {self.case_id} op {self.acknowledged_on}"
