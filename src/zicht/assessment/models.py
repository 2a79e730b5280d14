"""The safety assessment (veiligheidsbeoordeling, DOMAIN §4.3): one row per assessment episode of a
case. A case can be assessed again after a later report; then a new row follows the confirmed one.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from zicht.core.limits import FREE_TEXT_MAX


class Status(models.TextChoices):
    DRAFT = "draft", "Concept"
    SUBMITTED = "submitted", "Ter bevestiging aangeboden"
    CONFIRMED = "confirmed", "Bevestigd"


class Outcome(models.TextChoices):
    """The five outcomes of R-TRI-5, numbered as in the protocol."""

    CLOSE = "close", "1. Afsluiten: geen zorgen"
    HOUSEHOLD = "household", "2. Overdracht aan het huishouden"
    PARTNER = "partner", "3. Directe overdracht aan een ketenpartner"
    CONDITIONS = "conditions", "4. Voorwaarden en vervolg"
    INVESTIGATION = "investigation", "5. Onderzoek"


class CrisisAction(models.TextChoices):
    CRISIS_SERVICE = "crisis_service", "Crisisdienst"
    POLICE = "police", "Politie"
    OTHER = "other", "Anders"


class ConfirmerRole(models.TextChoices):
    COLLEAGUE = "colleague", "Collega"
    BEHAVIOURAL_SCIENTIST = "behavioural_scientist", "Gedragswetenschapper"
    CONFIDENTIAL_DOCTOR = "confidential_doctor", "Vertrouwensarts"


# The R-TRI-6 conditions under which VT stays responsible, with the Dutch reason a refusal names.
STAY_CONDITIONS: dict[str, str] = {
    "stay_direct_intervention": "de veiligheid vraagt om direct ingrijpen",
    "stay_short_term_agreements": (
        "structurele ernstige onveiligheid vraagt om veiligheidsafspraken op korte termijn"
    ),
    "stay_information_insufficient": (
        "huiselijk geweld of kindermishandeling is evident, maar de informatie is onvoldoende om "
        "een vervolg te kiezen"
    ),
    "stay_anonymity_promised": "aan de melder is anonimiteit toegezegd",
    "stay_rvdk_investigation": "Veilig Thuis vraagt de Raad voor de Kinderbescherming om onderzoek",
}


class Assessment(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="auteur"
    )
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    updated_at = models.DateTimeField("gewijzigd op", auto_now=True)
    # Optimistic lock of the assessment form itself; the case has its own version.
    version = models.PositiveIntegerField(default=1)

    # R-TRI-2 (a): this VT's earlier reports and cases, listed by the system; the worker's summary.
    own_history_summary = models.TextField(
        "bevindingen eerdere meldingen bij deze VT", blank=True, max_length=FREE_TEXT_MAX
    )
    # R-TRI-2 (b): other VT organisations (national register).
    other_vt_asked_on = models.DateField(
        "andere VT-organisaties bevraagd op", null=True, blank=True
    )
    other_vt_question = models.TextField(
        "vraag aan andere VT-organisaties", blank=True, max_length=FREE_TEXT_MAX
    )
    other_vt_findings = models.TextField(
        "bevindingen andere VT-organisaties", blank=True, max_length=FREE_TEXT_MAX
    )
    # R-TRI-2 (c): the child protection board.
    rvdk_asked_on = models.DateField("Raad bevraagd op", null=True, blank=True)
    rvdk_request = models.TextField(
        "vraag aan de Raad voor de Kinderbescherming", blank=True, max_length=FREE_TEXT_MAX
    )
    rvdk_answer = models.TextField(
        "antwoord van de Raad voor de Kinderbescherming", blank=True, max_length=FREE_TEXT_MAX
    )

    # R-TRI-3: the screenings of the national triage instrument; None is "not answered yet".
    screening_a = models.BooleanField("A. acute onveiligheid", null=True, blank=True)
    screening_a_grounds = models.TextField(
        "onderbouwing screening A", blank=True, max_length=FREE_TEXT_MAX
    )
    screening_b = models.BooleanField("B. structurele ernstige onveiligheid", null=True, blank=True)
    screening_b_grounds = models.TextField(
        "onderbouwing screening B", blank=True, max_length=FREE_TEXT_MAX
    )
    screening_c = models.BooleanField(
        "C. schadelijke multiprobleem-leefsituatie", null=True, blank=True
    )
    screening_c_grounds = models.TextField(
        "onderbouwing screening C", blank=True, max_length=FREE_TEXT_MAX
    )

    crisis_needed = models.BooleanField("crisisinterventie nodig", default=False)
    crisis_action = models.CharField(
        "crisisactie", max_length=20, choices=CrisisAction.choices, blank=True
    )
    crisis_description = models.TextField(
        "beschrijving crisisactie", blank=True, max_length=FREE_TEXT_MAX
    )
    crisis_recorded_at = models.DateTimeField("crisisactie vastgelegd op", null=True, blank=True)

    # R-TRI-6: Veilig Thuis stays responsible when any of these holds.
    stay_direct_intervention = models.BooleanField("direct ingrijpen nodig", default=False)
    stay_short_term_agreements = models.BooleanField(
        "veiligheidsafspraken op korte termijn nodig", default=False
    )
    stay_information_insufficient = models.BooleanField(
        "informatie onvoldoende voor een vervolg", default=False
    )
    stay_anonymity_promised = models.BooleanField("anonimiteit toegezegd aan melder", default=False)
    stay_rvdk_investigation = models.BooleanField("VT vraagt de Raad om onderzoek", default=False)

    # R-TRI-5: the decision; R-HO-2: what a handover to the household tells household and reporter.
    outcome = models.CharField("besluit", max_length=20, choices=Outcome.choices, blank=True)
    rationale = models.TextField(
        "onderbouwing van het besluit", blank=True, max_length=FREE_TEXT_MAX
    )
    findings = models.TextField("bevindingen en risico's", blank=True, max_length=FREE_TEXT_MAX)
    safety_agreements = models.TextField(
        "veiligheidsafspraken", blank=True, max_length=FREE_TEXT_MAX
    )
    help_agency = models.TextField("instantie voor hulp", blank=True, max_length=FREE_TEXT_MAX)

    submitted_at = models.DateTimeField("aangeboden op", null=True, blank=True)
    return_comment = models.TextField(
        "opmerking bij terugsturen", blank=True, max_length=FREE_TEXT_MAX
    )
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="teruggestuurd door",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="bevestigd door",
    )
    confirmed_at = models.DateTimeField("bevestigd op", null=True, blank=True)
    confirmer_role = models.CharField(
        "rol van de bevestiger", max_length=30, choices=ConfirmerRole.choices, blank=True
    )

    class Meta:
        verbose_name = "veiligheidsbeoordeling"
        verbose_name_plural = "veiligheidsbeoordelingen"
        ordering = ["-created_at", "-id"]
        constraints = [
            # At most one assessment in progress per case, also under concurrent first saves.
            models.UniqueConstraint(
                fields=["case"],
                condition=~Q(status="confirmed"),
                name="assessment_one_open_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"Veiligheidsbeoordeling {self.case_id} ({self.get_status_display()})"

    @property
    def stay_reasons(self) -> list[str]:
        return [reason for name, reason in STAY_CONDITIONS.items() if getattr(self, name)]
