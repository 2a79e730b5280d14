"""Monitoring (R-MON-1..4): the plan with its moments, the checks, and how monitoring ended.

A plan runs about 18 months from its start. Its moments are the statutory checks at 3 and 12
months plus the moments agreed with the household or the partner's professional; each moment is
an obligation on the worklists (`cases.Deadline`, subject "monitoringmoment:<id>"). A check
records, per safety condition of the involvement's current plan, whether it is met, and per
household member whether VT spoke with them or why not.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from zicht.core.limits import FREE_TEXT_MAX


class Basis(models.TextChoices):
    AFTER_INVOLVEMENT = "after_involvement", "Na voorwaarden en vervolg of onderzoek (altijd)"
    VT_DECISION = "vt_decision", "Veilig Thuis vindt monitoren nodig"


class PlanStatus(models.TextChoices):
    RUNNING = "running", "Loopt"
    ENDED = "ended", "Beëindigd"


class Outcome(models.TextChoices):
    SAFETY_LASTS = "safety_lasts", "Veiligheid is duurzaam: monitoren afsluiten"
    NEW_INVESTIGATION = "new_investigation", "Veiligheid houdt geen stand: nieuw onderzoek"
    RVDK = "rvdk", "Veiligheid houdt geen stand: verzoek tot onderzoek aan de Raad"


class MomentKind(models.TextChoices):
    THREE_MONTHS = "three_months", "Na 3 maanden"
    TWELVE_MONTHS = "twelve_months", "Na 12 maanden"
    AGREED = "agreed", "Afgesproken moment"


class AgreedWith(models.TextChoices):
    HOUSEHOLD = "household", "Het huishouden"
    PARTNER = "partner", "De professional van de ketenpartner"
    BOTH = "both", "Het huishouden en de professional van de ketenpartner"


class MonitoringPlan(models.Model):
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        related_name="monitoring_plans",
        verbose_name="dossier",
    )
    basis = models.CharField("grond", max_length=20, choices=Basis.choices)
    reason = models.TextField("reden", blank=True, max_length=FREE_TEXT_MAX)
    agreements = models.TextField(
        "afspraken over de frequentie en de momenten", blank=True, max_length=FREE_TEXT_MAX
    )
    started_on = models.DateField("start")
    ends_on = models.DateField("loopt tot ongeveer")
    status = models.CharField(
        "status", max_length=10, choices=PlanStatus.choices, default=PlanStatus.RUNNING
    )
    outcome = models.CharField("uitkomst", max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField("toelichting uitkomst", blank=True, max_length=FREE_TEXT_MAX)
    ended_on = models.DateField("beëindigd op", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "monitoringsplan"
        verbose_name_plural = "monitoringsplannen"
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status="running"),
                name="monitoring_one_running_plan_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"Monitoren vanaf {self.started_on:%d-%m-%Y}"

    @property
    def is_running(self) -> bool:
        return self.status == PlanStatus.RUNNING


class MonitoringMoment(models.Model):
    plan = models.ForeignKey(MonitoringPlan, on_delete=models.CASCADE, related_name="moments")
    kind = models.CharField("soort", max_length=20, choices=MomentKind.choices)
    due = models.DateField("uiterlijk op")
    agreed_with = models.CharField(
        "afgesproken met", max_length=20, choices=AgreedWith.choices, blank=True
    )
    agreed_by = models.CharField(
        "wie het afsprak", max_length=200, blank=True, help_text="Naam en rol, geen BSN."
    )
    deadline = models.OneToOneField(
        "cases.Deadline", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "monitoringsmoment"
        verbose_name_plural = "monitoringsmomenten"
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.due:%d-%m-%Y})"


class StableSafety(models.TextChoices):
    YES = "yes", "Ja"
    NO = "no", "Nee"
    NOT_YET = "not_yet", "Nog niet te beoordelen"


class MonitoringCheck(models.Model):
    plan = models.ForeignKey(MonitoringPlan, on_delete=models.PROTECT, related_name="checks")
    moment = models.OneToOneField(
        MonitoringMoment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="held_check",
        verbose_name="monitoringsmoment",
    )
    held_on = models.DateField("datum")
    direct_safety = models.BooleanField("directe veiligheid")
    stable_safety = models.CharField(
        "stabiele veiligheid", max_length=10, choices=StableSafety.choices
    )
    recovery_worked_on = models.BooleanField("aan herstel van schade wordt gewerkt")
    recovery_note = models.TextField("toelichting herstel", blank=True, max_length=FREE_TEXT_MAX)
    partner_view = models.TextField(
        "visie van de ketenpartner", blank=True, max_length=FREE_TEXT_MAX
    )
    summary = models.TextField("samenvatting", max_length=FREE_TEXT_MAX)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "monitoringscontrole"
        verbose_name_plural = "monitoringscontroles"
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"Controle {self.held_on:%d-%m-%Y}"


class ConditionResult(models.TextChoices):
    MET = "met", "Nageleefd"
    PARTLY = "partly", "Deels nageleefd"
    NOT_MET = "not_met", "Niet nageleefd"


class CheckedCondition(models.Model):
    """Whether one safety condition, set during VT's involvement, is met at this check."""

    check_of = models.ForeignKey(
        MonitoringCheck, on_delete=models.CASCADE, related_name="conditions"
    )
    condition = models.ForeignKey(
        "involvement.SafetyCondition", on_delete=models.PROTECT, related_name="+"
    )
    result = models.CharField("uitkomst", max_length=10, choices=ConditionResult.choices)
    note = models.TextField("toelichting", blank=True, max_length=FREE_TEXT_MAX)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["check_of", "condition"], name="monitoring_condition_once_per_check"
            )
        ]

    def __str__(self) -> str:
        return f"{self.condition}: {self.get_result_display()}"


class CheckContact(models.Model):
    """Per household member: VT spoke with them at this check, or the reason it did not."""

    check_of = models.ForeignKey(MonitoringCheck, on_delete=models.CASCADE, related_name="contacts")
    member = models.ForeignKey("people.HouseholdMember", on_delete=models.PROTECT, related_name="+")
    spoken = models.BooleanField("gesproken")
    reason = models.TextField("reden niet gesproken", blank=True, max_length=FREE_TEXT_MAX)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["check_of", "member"], name="monitoring_member_once_per_check"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member}: {'gesproken' if self.spoken else 'niet gesproken'}"
