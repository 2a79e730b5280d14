"""Handovers to a partner (R-HO-3, R-HO-4), the partner's answers (R-HO-5), hand-backs (R-HO-6)
and disputes with their escalation steps (R-HO-7).

Responsibility itself lives in the case's ledger (`cases.ResponsibilityPeriod`); these rows say
what was handed over, who answered what and when, and why the ledger changed.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from zicht.core.limits import FREE_TEXT_MAX


class HandoverStatus(models.TextChoices):
    SENT = "sent", "Verstuurd, wacht op ontvangstbevestiging"
    WAITING_LIST = "waiting_list", "Ontvangen, ketenpartner heeft een wachtlijst"
    ACCEPTED = "accepted", "Ontvangen en opgepakt door de ketenpartner"
    HANDED_BACK = "handed_back", "Teruggelegd bij Veilig Thuis"


class HandoverKind(models.TextChoices):
    """R-HO-3: "cold" straight after the assessment; "warm" after VT's own involvement."""

    COLD = "cold", "Koude overdracht"
    WARM = "warm", "Warme overdracht"


class HandedBackBy(models.TextChoices):
    PARTNER = "partner", "De ketenpartner"
    HOUSEHOLD = "household", "Het huishouden"


class Handover(models.Model):
    """A handover of a case to a partner (R-HO-3): facts, opinions apart (R-HO-4). A warm one
    adds the handover meeting, a written rationale, the safety plan version handed over and the
    monitoring agreements (R-HO-3 warm, R-VV-3, R-OND-4)."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="handovers", verbose_name="dossier"
    )
    partner = models.ForeignKey(
        "organisation.PartnerAgency",
        on_delete=models.PROTECT,
        related_name="handovers",
        verbose_name="ketenpartner",
    )
    facts = models.TextField("feiten", max_length=FREE_TEXT_MAX)
    safety_points = models.TextField(
        "veiligheidsafspraken en aandachtspunten", blank=True, max_length=FREE_TEXT_MAX
    )
    status = models.CharField(
        "status", max_length=20, choices=HandoverStatus.choices, default=HandoverStatus.SENT
    )
    sent_at = models.DateTimeField("verstuurd op")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    letter = models.ForeignKey(
        "letters.Letter", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_at = models.DateTimeField("ontvangst bevestigd op", null=True, blank=True)
    waiting_list_at = models.DateTimeField("wachtlijst gemeld op", null=True, blank=True)
    accepted_at = models.DateTimeField("opgepakt op", null=True, blank=True)
    answered_by_name = models.CharField("beantwoord door", max_length=150, blank=True)
    handed_back_at = models.DateTimeField("teruggelegd op", null=True, blank=True)
    handed_back_by = models.CharField(
        "teruggelegd door", max_length=20, choices=HandedBackBy.choices, blank=True
    )
    hand_back_reason = models.TextField(
        "reden van terugleggen", blank=True, max_length=FREE_TEXT_MAX
    )
    # The warm form (R-HO-3): empty for a cold handover.
    form = models.CharField(
        "vorm", max_length=10, choices=HandoverKind.choices, default=HandoverKind.COLD
    )
    meeting_on = models.DateField("datum overdrachtsgesprek", null=True, blank=True)
    meeting_attendees = models.TextField(
        "aanwezig bij het overdrachtsgesprek", blank=True, max_length=FREE_TEXT_MAX
    )
    client_present = models.BooleanField("cliënt aanwezig", default=False)
    partner_professional = models.CharField(
        "professional van de ketenpartner", max_length=200, blank=True
    )
    rationale = models.TextField("onderbouwing", blank=True, max_length=FREE_TEXT_MAX)
    plan_version = models.ForeignKey(
        "involvement.SafetyPlanVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="overgedragen versie van het veiligheidsplan",
    )
    monitoring_agreements = models.TextField(
        "afspraken over monitoren", blank=True, max_length=FREE_TEXT_MAX
    )
    household_letters = models.ManyToManyField(
        "letters.Letter", blank=True, related_name="+", verbose_name="brieven aan het huishouden"
    )

    class Meta:
        verbose_name = "overdracht"
        verbose_name_plural = "overdrachten"
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["case", "status"])]

    def __str__(self) -> str:
        return f"Overdracht {self.case_id} aan {self.partner}"

    @property
    def is_open(self) -> bool:
        return self.status != HandoverStatus.HANDED_BACK

    @property
    def is_warm(self) -> bool:
        return self.form == HandoverKind.WARM


class HandoverOpinion(models.Model):
    """An opinion, judgement or hypothesis: whose it is and on which facts it rests (R-HO-4)."""

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="opinions")
    text = models.TextField("mening of hypothese", max_length=FREE_TEXT_MAX)
    holder = models.CharField("van wie (naam en functie)", max_length=200)
    based_on = models.TextField("gebaseerd op deze feiten", max_length=FREE_TEXT_MAX)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.holder}: {self.text[:40]}"


class HandoverToken(models.Model):
    """A one-time confirmation link, kept only as its SHA-256 (R-HO-5).

    Each decision of the partner uses its token; a new one is issued when the partner still has
    a decision to make, so an old link never changes anything twice.
    """

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return f"token {self.token_hash[:8]}… van overdracht {self.handover_id}"


class ResolutionHolder(models.TextChoices):
    PARTNER = "partner", "Terug naar de ketenpartner"
    VT = "vt", "Veilig Thuis houdt de verantwoordelijkheid"


class Dispute(models.Model):
    """An escalation about a handed-over case (R-HO-7); while open, VT holds responsibility."""

    handover = models.ForeignKey(Handover, on_delete=models.PROTECT, related_name="disputes")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="disputes")
    reason = models.TextField("reden", max_length=FREE_TEXT_MAX)
    opened_at = models.DateTimeField("geopend op")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField("afgerond op", null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolution = models.CharField(
        "verantwoordelijk na afronding", max_length=10, choices=ResolutionHolder.choices, blank=True
    )
    resolution_note = models.TextField(
        "toelichting bij de afronding", blank=True, max_length=FREE_TEXT_MAX
    )

    class Meta:
        verbose_name = "geschil"
        verbose_name_plural = "geschillen"
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(resolved_at__isnull=True), name="one_open_dispute"
            )
        ]

    def __str__(self) -> str:
        return f"Geschil over {self.case_id}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class StepLevel(models.IntegerChoices):
    PROFESSIONALS = 1, "1. Gesprek tussen de professionals"
    TEAM_LEADERS = 2, "2. Teamleiders en gedragswetenschappers van beide kanten"
    MUNICIPALITY = 3, "3. De gemeente"
    REGIONAL = 4, "4. Regionale stuurgroep (terugkerend probleem)"


class StepOutcome(models.TextChoices):
    RESOLVED = "resolved", "Opgelost"
    NOT_RESOLVED = "not_resolved", "Niet opgelost"


class DisputeStep(models.Model):
    """One step of the escalation ladder; a step follows only the previous, unresolved one."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="steps")
    level = models.PositiveSmallIntegerField("stap", choices=StepLevel.choices)
    held_on = models.DateField("datum")
    participants = models.TextField("deelnemers", max_length=FREE_TEXT_MAX)
    outcome = models.CharField("uitkomst", max_length=20, choices=StepOutcome.choices)
    notes = models.TextField("toelichting", blank=True, max_length=FREE_TEXT_MAX)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["level"]
        constraints = [
            models.UniqueConstraint(fields=["dispute", "level"], name="one_step_per_level")
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} ({self.get_outcome_display()})"
