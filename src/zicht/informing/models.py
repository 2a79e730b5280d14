"""What VT told the reporter and the household about a report (R-TRI-7, R-TRI-8).

One record per report for each step: the contact with the reporter, informing the household, and
the later update to the reporter about the handover. The reporter-facing texts are kept in
separate fields so that what was shared can be checked against R-PRIV-2 afterwards.
"""

from django.conf import settings
from django.db import models

from zicht.core.limits import FREE_TEXT_MAX
from zicht.letters.models import FINAL_STATUSES, Letter, LetterStatus


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Telefoon"
    EMAIL = "email", "E-mail"
    LETTER = "letter", "Brief"
    IN_PERSON = "in_person", "Persoonlijk gesprek"


class HouseholdMethod(models.TextChoices):
    SHORT_LETTER = "short_letter", "Korte brief"
    EMAIL = "email", "E-mail"
    PHONE = "phone", "Telefoongesprek"
    IN_PERSON = "in_person", "Persoonlijk gesprek"


class ReporterContact(models.Model):
    """The contact with the reporter within 5 working days of the report (R-TRI-7)."""

    report = models.OneToOneField(
        "reports.Report", on_delete=models.PROTECT, related_name="reporter_contact"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    contacted_at = models.DateTimeField("contact op")
    method = models.CharField("manier van contact", max_length=20, choices=ContactMethod.choices)
    safety_judgement = models.TextField("oordeel over de veiligheid", max_length=FREE_TEXT_MAX)
    information_shared = models.TextField(
        "informatie gedeeld met de melder", max_length=FREE_TEXT_MAX
    )
    reporter_options = models.TextField(
        "eigen mogelijkheden van de melder om te helpen", max_length=FREE_TEXT_MAX
    )
    agreements = models.TextField("afspraken met de melder", max_length=FREE_TEXT_MAX)
    letter = models.ForeignKey(
        "letters.Letter", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "contact met de melder"
        verbose_name_plural = "contacten met de melder"

    def __str__(self) -> str:
        return f"Contact met melder {self.contacted_at:%d-%m-%Y}"


class HouseholdInforming(models.Model):
    """How the household was told about the report and the agreements (R-TRI-7, second half)."""

    report = models.OneToOneField(
        "reports.Report", on_delete=models.PROTECT, related_name="household_informing"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    informed_at = models.DateTimeField("geïnformeerd op")
    means = models.CharField("manier", max_length=20, choices=HouseholdMethod.choices)
    plans = models.TextField("wat Veilig Thuis gaat doen en de afspraken", max_length=FREE_TEXT_MAX)
    letters = models.ManyToManyField("letters.Letter", blank=True, related_name="+")
    informed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "informeren van het huishouden"
        verbose_name_plural = "informeren van huishoudens"

    def __str__(self) -> str:
        return f"Huishouden geïnformeerd {self.informed_at:%d-%m-%Y}"

    @property
    def current_letters(self) -> list[Letter]:
        """The letters that count: not the withdrawn ones (their redo counts instead)."""
        return [x for x in self.letters.all() if x.status != LetterStatus.WITHDRAWN]

    @property
    def open_letters(self) -> list[Letter]:
        """Letters not yet sent nor withdrawn: these can still be withdrawn and redone."""
        return [x for x in self.letters.all() if x.status not in FINAL_STATUSES]


class ReporterUpdate(models.Model):
    """The reporter told which partner(s) took the case over (R-TRI-8)."""

    report = models.OneToOneField(
        "reports.Report", on_delete=models.PROTECT, related_name="reporter_update"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    informed_at = models.DateTimeField("melder geïnformeerd op")
    method = models.CharField("manier van contact", max_length=20, choices=ContactMethod.choices)
    handed_over_to = models.TextField("overgedragen aan", max_length=FREE_TEXT_MAX)
    partners = models.ManyToManyField(
        "organisation.PartnerAgency", blank=True, related_name="+", verbose_name="ketenpartners"
    )
    letter = models.ForeignKey(
        "letters.Letter", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    informed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "terugkoppeling aan de melder"
        verbose_name_plural = "terugkoppelingen aan de melder"

    def __str__(self) -> str:
        return f"Terugkoppeling aan melder {self.informed_at:%d-%m-%Y}"
