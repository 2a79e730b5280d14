from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from zicht.core.limits import FREE_TEXT_MAX
from zicht.people.models import HouseholdRole


class ContactChannel(models.TextChoices):
    PHONE = "phone", "Telefoon"
    EMAIL = "email", "E-mail"
    WEB_FORM = "web_form", "Webformulier"
    IN_PERSON = "in_person", "Persoonlijk"
    POLICE_SYSTEM = "police_system", "Politiesysteem"


class CallerKind(models.TextChoices):
    CITIZEN = "citizen", "Burger"
    PROFESSIONAL = "professional", "Professional"


class Sector(models.TextChoices):
    """The reporter's sector, in the CBS information protocol's categories (R-INF-1)."""

    POLICE_JUSTICE = "police_justice", "Politie en justitie"
    EDUCATION = "education", "Onderwijs"
    CHILDCARE = "childcare", "Kinderopvang"
    HEALTH_CARE = "health_care", "Gezondheidszorg"
    MENTAL_HEALTH = "mental_health", "Geestelijke gezondheidszorg"
    YOUTH_CARE = "youth_care", "Jeugdzorg"
    SOCIAL_WORK = "social_work", "Maatschappelijk werk en wijkteams"
    SHELTER = "shelter", "Vrouwenopvang en maatschappelijke opvang"
    OTHER = "other", "Overige sector"


class ContactOutcome(models.TextChoices):
    ADVICE = "advice", "Advies"
    REPORT = "report", "Melding"


class ViolenceType(models.TextChoices):
    """CBS categories of violence."""

    PHYSICAL = "physical", "Lichamelijk geweld"
    PSYCHOLOGICAL = "psychological", "Psychisch geweld"
    SEXUAL = "sexual", "Seksueel geweld"
    NEGLECT = "neglect", "Verwaarlozing"
    CHILD_WITNESS = "child_witness", "Getuige van partnergeweld (kind)"
    HONOUR = "honour", "Eergerelateerd geweld"
    ELDER_ABUSE = "elder_abuse", "Ouderenmishandeling"
    FINANCIAL = "financial", "Financiële uitbuiting"
    FORCED_MARRIAGE = "forced_marriage", "Huwelijksdwang"
    FGM = "fgm", "Vrouwelijke genitale verminking"
    TRAFFICKING = "trafficking", "Mensenhandel"
    OTHER = "other", "Anders"


class ViolenceDuration(models.TextChoices):
    ONCE = "once", "Eenmalig"
    UNDER_HALF_YEAR = "under_half_year", "Korter dan een half jaar"
    HALF_YEAR_TO_TWO = "half_year_to_two", "Een half jaar tot twee jaar"
    OVER_TWO_YEARS = "over_two_years", "Langer dan twee jaar"
    UNKNOWN = "unknown", "Onbekend"


class Involvement(models.TextChoices):
    """Earlier involvement, derived from this VT's history (R-INF-1)."""

    FIRST = "first", "Eerste melding"
    REPEAT = "repeat", "Herhaalde melding (na een eerder afgesloten dossier)"
    FOLLOW_UP = "follow_up", "Vervolgmelding (tijdens een lopend dossier)"


class Contact(models.Model):
    """Every incoming contact, whatever it becomes."""

    channel = models.CharField("kanaal", max_length=20, choices=ContactChannel.choices)
    received_at = models.DateTimeField("ontvangen op")
    caller_kind = models.CharField("soort beller", max_length=20, choices=CallerKind.choices)
    sector = models.CharField("sector", max_length=20, choices=Sector.choices, blank=True)
    profession = models.CharField("beroep", max_length=100, blank=True)
    becomes = models.CharField("wordt", max_length=10, choices=ContactOutcome.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "contact"
        verbose_name_plural = "contacten"

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.received_at:%Y-%m-%d %H:%M}"


class Report(models.Model):
    """A report (melding) of (suspected) domestic violence or child abuse (R-REP-1..7)."""

    contact = models.OneToOneField(Contact, on_delete=models.PROTECT, related_name="report")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="reports")
    received_at = models.DateTimeField("ontvangen op")
    reporter_name = models.CharField("naam melder", max_length=150)
    reporter_organisation = models.CharField("organisatie melder", max_length=150, blank=True)
    reporter_phone = models.CharField("telefoonnummer melder", max_length=30, blank=True)
    reporter_email = models.EmailField("e-mailadres melder", blank=True)
    anonymous_to_household = models.BooleanField("anoniem naar het huishouden", default=False)
    anonymity_reason = models.TextField("reden anonimiteit", blank=True, max_length=FREE_TEXT_MAX)
    concerns = models.TextField("zorgen en signalen", max_length=FREE_TEXT_MAX)
    violence_types = models.JSONField("soorten geweld", default=list)
    violence_duration = models.CharField(
        "duur van het geweld",
        max_length=20,
        choices=ViolenceDuration.choices,
        default=ViolenceDuration.UNKNOWN,
    )
    keeps_helping = models.BooleanField("melder blijft zelf hulp bieden", default=False)
    asks_vt_take_over = models.BooleanField(
        "melder vraagt VT de regie op veiligheid over te nemen", default=True
    )
    agreements = models.TextField("afspraken met de melder", blank=True, max_length=FREE_TEXT_MAX)
    involvement = models.CharField(
        "eerdere betrokkenheid", max_length=20, choices=Involvement.choices
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The local day of this report's safety assessment: the first assessment deadline of its
    # case ended (met, or lapsed) at or after the report came in; empty while it waits (R-WL-2).
    # A copy kept by `reports.assessed` whenever an assessment deadline or a report is saved, so
    # the waiting list is an indexed range count instead of a subquery per report. Not in the
    # history: it is derived, never entered.
    assessed_on = models.DateField("beoordeeld op", null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["assessed_on"])

    class Meta:
        verbose_name = "melding"
        verbose_name_plural = "meldingen"
        indexes = [
            # The waiting list: the reports still waiting (NULL) or assessed on or after a day,
            # with the day they came in (R-WL-2).
            models.Index(fields=["assessed_on", "received_at"], name="report_waiting"),
        ]

    def __str__(self) -> str:
        return f"Melding {self.received_at:%d-%m-%Y} ({self.case})"


class ReportPerson(models.Model):
    """A person involved in a report, with their role in it (R-REP-4)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="persons")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="reports")
    role = models.CharField("rol", max_length=32, choices=HouseholdRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "person"], name="report_person_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class PartnerSystemAccount(models.Model):
    """The account a partner's system (police, justice) delivers reports with, through the API.

    Its user has the role `partner_system` and logs in with a DRF token only; the reports it
    delivers go to `default_team`. An inactive account's token answers 401.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="partner_system",
        verbose_name="account",
    )
    partner = models.ForeignKey(
        "organisation.PartnerAgency",
        on_delete=models.PROTECT,
        related_name="system_accounts",
        verbose_name="ketenpartner",
    )
    active = models.BooleanField("actief", default=True)
    default_team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="team dat de meldingen ontvangt",
    )

    class Meta:
        verbose_name = "koppeling ketenpartner"
        verbose_name_plural = "koppelingen ketenpartners"

    def __str__(self) -> str:
        return f"{self.partner} ({self.user})"
