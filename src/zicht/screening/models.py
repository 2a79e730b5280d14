from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from zicht.core.limits import FREE_TEXT_MAX


class Screening(models.Model):
    """The daily risk screening of a report that is not yet assessed (R-WL-1).

    One row per report per day: a second screening the same day updates the row (the history
    keeps the earlier version), so "gescreend vandaag" is a plain lookup on (report, day).
    """

    report = models.ForeignKey(
        "reports.Report", on_delete=models.CASCADE, related_name="screenings"
    )
    screened_on = models.DateField("gescreend op")
    screened_at = models.DateTimeField("tijdstip")
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField("notitie", max_length=500)
    acute = models.BooleanField("direct gevaar")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "screening"
        verbose_name_plural = "screenings"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "screened_on"], name="screening_once_per_report_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"Screening {self.screened_on:%d-%m-%Y} ({self.report_id})"


class WaitingListEscalation(models.Model):
    """A team leader's escalation of the backlog to the regional steering group (R-WL-2), with
    the figures as they stood when it was recorded."""

    escalated_on = models.DateField("geëscaleerd op")
    escalated_to = models.CharField("aan wie", max_length=200)
    note = models.TextField("toelichting", max_length=FREE_TEXT_MAX)
    backlog = models.PositiveIntegerField("werkvoorraad op dat moment")
    days_to_clear = models.FloatField("verwachte werkdagen tot weggewerkt", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("vastgelegd op")

    class Meta:
        verbose_name = "escalatie wachtlijst"
        verbose_name_plural = "escalaties wachtlijst"
        ordering = ["-escalated_on", "-id"]

    def __str__(self) -> str:
        return f"Escalatie {self.escalated_on:%d-%m-%Y} aan {self.escalated_to}"
