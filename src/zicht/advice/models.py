"""An advice (*advies en ondersteuning*, DOMAIN §4.1): a contact that became advice.

R-ADV-1: the advice records the advice-seeker and the question, never the household. This model
has no link to a person, a household or a case; free text is checked for identifying data by
`services.advice_register` (see `identifying`). R-ZOV-2: responsibility for safety stays with the
advice-seeker, so an advice opens no case and starts no responsibility period.
"""

from django.conf import settings
from django.db import models

from zicht.advice.decision_framework import Outcome, decide
from zicht.advice.public_forms import DecisionAidForm
from zicht.core.limits import FREE_TEXT_MAX


class FrameworkOutcome(models.TextChoices):
    """What the contact led to after walking through the decision framework (R-ADV-3)."""

    END_OF_CONTACT = (
        "end_of_contact",
        "Einde contact: geen huiselijk geweld of kindermishandeling (vastgelegd als advies)",
    )
    ADVICE_AND_SUPPORT = "advice_and_support", "Advies en ondersteuning"
    REPORT_TAKEN = "report_taken", "Melding aangenomen"


class SupportType(models.TextChoices):
    """The support Veilig Thuis gives the advice-seeker (R-ADV-5)."""

    PREPARE_CONVERSATIONS = "prepare_conversations", "Gesprekken voorbereiden"
    JOIN_CONVERSATIONS = "join_conversations", "Aansluiten bij gesprekken"
    SAFETY_CONDITIONS = "safety_conditions", "Veiligheidsvoorwaarden opstellen"
    REASSESS_SAFETY = "reassess_safety", "Herhaald de veiligheid (her)beoordelen"


class Advice(models.Model):
    contact = models.OneToOneField(
        "reports.Contact", on_delete=models.PROTECT, related_name="advice"
    )
    advice_seeker_name = models.CharField("naam adviesvrager", max_length=150, blank=True)
    advice_seeker_organisation = models.CharField(
        "organisatie adviesvrager", max_length=150, blank=True
    )
    advice_seeker_phone = models.CharField("telefoonnummer adviesvrager", max_length=30, blank=True)
    advice_seeker_email = models.EmailField("e-mailadres adviesvrager", blank=True)
    question = models.TextField("adviesvraag", max_length=FREE_TEXT_MAX)
    framework_answers = models.JSONField("antwoorden afwegingskader", default=dict)
    framework_outcome = models.CharField(
        "uitkomst", max_length=20, choices=FrameworkOutcome.choices
    )
    criminal_child_abuse_suspected = models.BooleanField(
        "vermoeden van strafbare kindermishandeling", default=False
    )
    investigation_risk = models.TextField(
        "risico op het frustreren van een onderzoek door een andere instantie",
        blank=True,
        max_length=FREE_TEXT_MAX,
    )
    compulsory_framework_options = models.TextField(
        "juridische mogelijkheden voor een gedwongen kader", blank=True, max_length=FREE_TEXT_MAX
    )
    safety_measures = models.TextField(
        "veiligheidsmaatregelen", blank=True, max_length=FREE_TEXT_MAX
    )
    support_types = models.JSONField("soorten ondersteuning", default=list)
    follow_up_on = models.DateField("vervolggesprek gepland op", null=True, blank=True)
    responsibility_discussed = models.BooleanField(
        "verantwoordelijkheid voor de veiligheid besproken", default=False
    )
    report = models.ForeignKey(
        "reports.Report",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="advices",
        verbose_name="melding",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "advies"
        verbose_name_plural = "adviezen"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(responsibility_discussed=True),
                name="advice_responsibility_discussed",
            )
        ]

    def __str__(self) -> str:
        return f"Advies {self.pk} ({self.contact.received_at:%d-%m-%Y})"

    def decision(self) -> Outcome | None:
        """What the decision framework says for the recorded answers (None if incomplete)."""
        form = DecisionAidForm(self.framework_answers)
        return decide(form.answers()) if form.is_valid() else None

    def support_type_labels(self) -> list[str]:
        return [SupportType(value).label for value in self.support_types]


class MdoOutcome(models.TextChoices):
    """What the multidisciplinary consultation (MDO) decided about a VT-initiated report."""

    REPORT = "report", "Veilig Thuis doet een ambtshalve melding"
    NO_REPORT = "no_report", "Veilig Thuis doet geen ambtshalve melding"


# R-ADV-7: the four conditions for a VT-initiated report, as (field prefix, label). Each has a
# yes/no answer (`<prefix>`) and grounds (`<prefix>_grounds`) on MdoDecision.
MDO_CRITERIA: tuple[tuple[str, str], ...] = (
    ("risk_high_acute", "Het risico is hoog en acuut"),
    (
        "professional_cannot_raise",
        "De professional kan of wil de veiligheid niet bespreekbaar maken, ook niet met steun "
        "van Veilig Thuis",
    ),
    (
        "no_agreement",
        "Er is geen overeenstemming met de professional over het doen van een melding",
    ),
    ("vt_has_data", "Veilig Thuis beschikt over de gegevens van de betrokkenen"),
)


class MdoDecision(models.Model):
    """The decision of an MDO about a VT-initiated report (*ambtshalve melding*) from an advice
    (R-ADV-7). Never one worker's decision: the participants include the recording worker and at
    least one behavioural scientist or confidential doctor besides them. Like the advice it
    stores no household data (R-ADV-1); the report it led to is linked once it is registered."""

    advice = models.ForeignKey(
        Advice, on_delete=models.PROTECT, related_name="mdo_decisions", verbose_name="advies"
    )
    held_on = models.DateField("datum MDO")
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="mdo_decisions", verbose_name="deelnemers"
    )
    risk_high_acute = models.BooleanField("risico hoog en acuut")
    risk_high_acute_grounds = models.TextField(
        "onderbouwing risico hoog en acuut", max_length=FREE_TEXT_MAX
    )
    professional_cannot_raise = models.BooleanField(
        "professional kan of wil veiligheid niet bespreekbaar maken"
    )
    professional_cannot_raise_grounds = models.TextField(
        "onderbouwing professional kan of wil veiligheid niet bespreekbaar maken",
        max_length=FREE_TEXT_MAX,
    )
    no_agreement = models.BooleanField("geen overeenstemming over melden")
    no_agreement_grounds = models.TextField(
        "onderbouwing geen overeenstemming over melden", max_length=FREE_TEXT_MAX
    )
    vt_has_data = models.BooleanField("Veilig Thuis heeft de gegevens van de betrokkenen")
    vt_has_data_grounds = models.TextField(
        "onderbouwing Veilig Thuis heeft de gegevens van de betrokkenen", max_length=FREE_TEXT_MAX
    )
    outcome = models.CharField("besluit", max_length=20, choices=MdoOutcome.choices)
    rationale = models.TextField("motivering van het besluit", max_length=FREE_TEXT_MAX)
    professional_name = models.CharField("naam professional (ontvanger brief)", max_length=150)
    professional_address = models.TextField(
        "adres professional", blank=True, max_length=FREE_TEXT_MAX
    )
    report = models.OneToOneField(
        "reports.Report",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mdo_decision",
        verbose_name="ambtshalve melding",
    )
    letter = models.ForeignKey(
        "letters.Letter",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="brief aan de professional",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "MDO-besluit ambtshalve melding"
        verbose_name_plural = "MDO-besluiten ambtshalve melding"
        ordering = ["-held_on", "-recorded_at"]

    def __str__(self) -> str:
        return f"MDO {self.held_on:%d-%m-%Y} over advies {self.advice_id}"

    def criteria(self) -> list[tuple[str, bool, str]]:
        """Each condition as (label, answer, grounds), in the order of R-ADV-7."""
        return [
            (label, getattr(self, key), getattr(self, f"{key}_grounds"))
            for key, label in MDO_CRITERIA
        ]
