"""The regional tasks of Veilig Thuis (DOMAIN §4.9): the temporary house ban (R-HB-1) and the
information sessions given to professionals (R-VL-1).

A house ban is a police/mayor's notice taken in as a report (`reports.intake`): the report opens
or joins the household's case (R-REP-5). The rows here say what the order is, who was banned and
who is protected, when it runs and how it was extended, what VT did during it and which safety
agreements VT monitors afterwards.
"""

from django.conf import settings
from django.db import models

from zicht.core.limits import FREE_TEXT_MAX


class HouseBan(models.Model):
    """A temporary house ban (*tijdelijk huisverbod*): 10 days, extendable to 28 in total."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="house_bans", verbose_name="dossier"
    )
    report = models.OneToOneField(
        "reports.Report", on_delete=models.PROTECT, related_name="house_ban", verbose_name="melding"
    )
    perpetrator = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="uithuisgeplaatste",
    )
    protected = models.ManyToManyField(
        "people.Person", related_name="+", verbose_name="beschermde personen"
    )
    starts_at = models.DateTimeField("ingang")
    # The order's end, moved by each extension; never more than 28 days after the start.
    ends_at = models.DateTimeField("einde")
    order_reference = models.CharField("kenmerk beschikking", max_length=100)
    order_date = models.DateField("datum beschikking")
    # Where the banned person stays meanwhile: the only address a letter to them may carry.
    stay_address = models.TextField("verblijfadres uithuisgeplaatste", blank=True, max_length=500)
    ended_at = models.DateTimeField("beëindigd op", null=True, blank=True)
    aftercare = models.TextField(
        "veiligheidsafspraken voor de nazorg", blank=True, max_length=FREE_TEXT_MAX
    )
    # The monitoring plan the aftercare started (R-HB-1 → R-MON-1), if the case could move there.
    monitoring_plan = models.ForeignKey(
        "monitoring.MonitoringPlan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="monitoringsplan",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "tijdelijk huisverbod"
        verbose_name_plural = "tijdelijke huisverboden"
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["ended_at", "ends_at"])]

    def __str__(self) -> str:
        return f"Huisverbod {self.order_reference}"

    @property
    def is_running(self) -> bool:
        return self.ended_at is None


class HouseBanDecision(models.Model):
    """The mayor's decision on an extension, with its date (R-HB-1): extended to `ends_at`, or
    not extended (`ends_at` empty)."""

    house_ban = models.ForeignKey(HouseBan, on_delete=models.CASCADE, related_name="decisions")
    decided_on = models.DateField("datum besluit")
    extended = models.BooleanField("verlengd")
    ends_at = models.DateTimeField("nieuw einde", null=True, blank=True)
    note = models.TextField("toelichting", blank=True, max_length=FREE_TEXT_MAX)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "besluit over verlenging"
        verbose_name_plural = "besluiten over verlenging"
        ordering = ["decided_on", "id"]

    def __str__(self) -> str:
        return f"Besluit {self.decided_on:%d-%m-%Y}"


class BanActionKind(models.TextChoices):
    """What VT does during a ban (process direction, R-HB-1); each is a deadline until done."""

    PERPETRATOR_CONTACT = "perpetrator_contact", "Contact met de uithuisgeplaatste"
    VICTIMS_CONTACT = "victims_contact", "Contact met de slachtoffers (achterblijvers)"
    CHILDREN_CONTACT = "children_contact", "Contact met de kinderen"
    EXECUTORS_ADVICE = "executors_advice", "Advies aan de uitvoerders van het huisverbod"


class HouseBanAction(models.Model):
    house_ban = models.ForeignKey(HouseBan, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField("soort", max_length=30, choices=BanActionKind.choices)
    done_on = models.DateField("datum")
    note = models.TextField("verslag", max_length=FREE_TEXT_MAX)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "actie tijdens het huisverbod"
        verbose_name_plural = "acties tijdens het huisverbod"
        ordering = ["done_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.done_on:%d-%m-%Y}"


class InformationSession(models.Model):
    """An information session given to professionals (R-VL-1). No client data."""

    held_on = models.DateField("datum")
    audience = models.CharField("doelgroep", max_length=150)
    organisation = models.CharField("organisatie", max_length=150)
    participants = models.PositiveIntegerField("aantal deelnemers")
    topic = models.CharField("onderwerp", max_length=200)
    given_by = models.CharField("gegeven door", max_length=150)
    municipality = models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="gemeente",
    )
    # Raised by every change: an edit opened on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "voorlichting"
        verbose_name_plural = "voorlichtingen"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["held_on", "municipality"])]

    def __str__(self) -> str:
        return f"{self.topic} ({self.held_on:%d-%m-%Y})"
