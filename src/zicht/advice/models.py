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
    question = models.TextField("adviesvraag")
    framework_answers = models.JSONField("antwoorden afwegingskader", default=dict)
    framework_outcome = models.CharField(
        "uitkomst", max_length=20, choices=FrameworkOutcome.choices
    )
    criminal_child_abuse_suspected = models.BooleanField(
        "vermoeden van strafbare kindermishandeling", default=False
    )
    investigation_risk = models.TextField(
        "risico op het frustreren van een onderzoek door een andere instantie", blank=True
    )
    compulsory_framework_options = models.TextField(
        "juridische mogelijkheden voor een gedwongen kader", blank=True
    )
    safety_measures = models.TextField("veiligheidsmaatregelen", blank=True)
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
