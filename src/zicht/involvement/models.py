"""VT's own involvement with a household, shared by conditions & follow-up (R-VV-*),
investigation (R-OND-*) and, later, monitoring (R-MON-*):

- conversations, and per conversation whom VT spoke or saw (household members by their
  membership, network persons by name and relation), plus a recorded reason when a member is
  not spoken (`ContactSkip`);
- the safety plan with its safety conditions (R-VV-2, R-OND-4): one plan per case, changed only
  by adding a version. A version and its rows are never changed afterwards, so what was sent to
  the household, handed over or checked in monitoring can always be shown as it was.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from zicht.core.limits import FREE_TEXT_MAX


class Service(models.TextChoices):
    """The service of VT's involvement; the values are the case phases of the same name."""

    CONDITIONS = "conditions", "Voorwaarden en vervolg"
    INVESTIGATION = "investigation", "Onderzoek"
    MONITORING = "monitoring", "Monitoren"


class ContactHow(models.TextChoices):
    SPOKEN = "spoken", "Persoonlijk gesproken"
    SEEN = "seen", "Gezien, niet gesproken"


class Conversation(models.Model):
    """A conversation VT held within one service of its involvement: when, with whom, what."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="conversations", verbose_name="dossier"
    )
    service = models.CharField("dienst", max_length=20, choices=Service.choices)
    held_on = models.DateField("datum van het gesprek")
    summary = models.TextField("samenvatting", max_length=FREE_TEXT_MAX)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("vastgelegd op")

    class Meta:
        verbose_name = "gesprek"
        verbose_name_plural = "gesprekken"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["case", "service"])]

    def __str__(self) -> str:
        return f"Gesprek {self.case_id} op {self.held_on}"


class ConversationContact(models.Model):
    """One person in a conversation: a household member, or a network person by name."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="contacts"
    )
    member = models.ForeignKey(
        "people.HouseholdMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="lid van het huishouden",
    )
    how = models.CharField("hoe", max_length=10, choices=ContactHow.choices)
    # A network person who is not a household member (a grandmother, the teacher).
    name = models.CharField("naam", max_length=200, blank=True)
    relation = models.CharField("relatie tot het huishouden", max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False, name="") | Q(member__isnull=True) & ~Q(name=""),
                name="contact_is_member_or_named",
            ),
            models.UniqueConstraint(
                fields=["conversation", "member"],
                condition=Q(member__isnull=False),
                name="member_once_per_conversation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member or self.name} ({self.get_how_display()})"


class ContactSkip(models.Model):
    """Why a household member is not spoken in this service (R-OND-3, R-MON-3)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="contact_skips")
    member = models.ForeignKey(
        "people.HouseholdMember",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="lid van het huishouden",
    )
    service = models.CharField("dienst", max_length=20, choices=Service.choices)
    reason = models.TextField("reden", max_length=FREE_TEXT_MAX)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("vastgelegd op")

    class Meta:
        verbose_name = "reden niet gesproken"
        verbose_name_plural = "redenen niet gesproken"
        ordering = ["id"]
        # One per member in a service's current run (services.contact_skip_record): a later
        # investigation of the same case records its own.

    def __str__(self) -> str:
        return f"Niet gesproken: {self.member_id} ({self.service})"


class SafetyPlan(models.Model):
    """The safety conditions and plan of a case (R-VV-2, R-OND-4): the versions are the plan."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="safety_plan", verbose_name="dossier"
    )
    # The number of the current (last) version; the row is locked to add one (stale edits).
    current_number = models.PositiveIntegerField("huidige versie", default=0)
    created_at = models.DateTimeField("aangemaakt op")

    class Meta:
        verbose_name = "veiligheidsplan"
        verbose_name_plural = "veiligheidsplannen"

    def __str__(self) -> str:
        return f"Veiligheidsplan {self.case_id} (versie {self.current_number})"


class Immutable(models.Model):
    """A row that is written once: a version and its rows are history, never edited."""

    class Meta:
        abstract = True

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise TypeError(f"{type(self).__name__} is niet te wijzigen; maak een nieuwe versie.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class SafetyPlanVersion(Immutable):
    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("versie")
    service = models.CharField("gemaakt in dienst", max_length=20, choices=Service.choices)
    note = models.TextField("wat is er gewijzigd en waarom", blank=True, max_length=FREE_TEXT_MAX)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("gemaakt op")

    class Meta:
        verbose_name = "versie van het veiligheidsplan"
        verbose_name_plural = "versies van het veiligheidsplan"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_once")
        ]

    def __str__(self) -> str:
        return f"Versie {self.number} van {self.plan}"


class PlanRow(Immutable):
    """A row of a version. `key` stays the same when a later version copies the row, so two
    versions can say which rows were added, removed or changed."""

    version = models.ForeignKey(SafetyPlanVersion, on_delete=models.CASCADE, related_name="+")
    key = models.UUIDField(default=uuid.uuid4)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]


class Priority(models.IntegerChoices):
    HIGH = 1, "Hoog"
    MEDIUM = 2, "Middel"
    LOW = 3, "Laag"


class SafetyCondition(PlanRow):
    """A safety condition: the minimum for direct and lasting safety, one clear sentence, for
    whom it holds and how it is checked (what monitoring checks later, R-MON-3)."""

    version = models.ForeignKey(
        SafetyPlanVersion, on_delete=models.CASCADE, related_name="conditions"
    )
    text = models.TextField("veiligheidsvoorwaarde", max_length=FREE_TEXT_MAX)
    members = models.ManyToManyField(
        "people.HouseholdMember", related_name="+", verbose_name="geldt voor"
    )
    check_how = models.TextField("hoe wordt dit gecontroleerd", max_length=FREE_TEXT_MAX)

    class Meta(PlanRow.Meta):
        verbose_name = "veiligheidsvoorwaarde"
        verbose_name_plural = "veiligheidsvoorwaarden"

    def __str__(self) -> str:
        return self.text[:60]


class PlanAction(PlanRow):
    """A concrete action of a household member: who, what, by when (R-VV-2)."""

    version = models.ForeignKey(SafetyPlanVersion, on_delete=models.CASCADE, related_name="actions")
    member = models.ForeignKey(
        "people.HouseholdMember", on_delete=models.PROTECT, related_name="+", verbose_name="wie"
    )
    what = models.TextField("wat", max_length=FREE_TEXT_MAX)
    due = models.DateField("uiterlijk op")

    class Meta(PlanRow.Meta):
        verbose_name = "actie"
        verbose_name_plural = "acties"

    def __str__(self) -> str:
        return f"{self.what[:40]} (uiterlijk {self.due})"


class CareNeed(PlanRow):
    """The care a household member needs, with its priority (R-VV-2)."""

    version = models.ForeignKey(
        SafetyPlanVersion, on_delete=models.CASCADE, related_name="care_needs"
    )
    member = models.ForeignKey(
        "people.HouseholdMember", on_delete=models.PROTECT, related_name="+", verbose_name="wie"
    )
    need = models.TextField("benodigde zorg", max_length=FREE_TEXT_MAX)
    priority = models.PositiveSmallIntegerField("prioriteit", choices=Priority.choices)

    class Meta(PlanRow.Meta):
        verbose_name = "zorgbehoefte"
        verbose_name_plural = "zorgbehoeften"

    def __str__(self) -> str:
        return self.need[:60]


class DamageRecovery(PlanRow):
    """Damage a household member suffered and what recovery needs, e.g. trauma treatment."""

    version = models.ForeignKey(SafetyPlanVersion, on_delete=models.CASCADE, related_name="damages")
    member = models.ForeignKey(
        "people.HouseholdMember", on_delete=models.PROTECT, related_name="+", verbose_name="wie"
    )
    damage = models.TextField("opgelopen schade", max_length=FREE_TEXT_MAX)
    recovery = models.TextField("wat herstel nodig heeft", max_length=FREE_TEXT_MAX)

    class Meta(PlanRow.Meta):
        verbose_name = "schade en herstel"
        verbose_name_plural = "schade en herstel"

    def __str__(self) -> str:
        return self.damage[:60]


class NetworkPerson(PlanRow):
    """A person of the household's network involved in the plan."""

    version = models.ForeignKey(SafetyPlanVersion, on_delete=models.CASCADE, related_name="network")
    name = models.CharField("naam", max_length=200)
    relation = models.CharField("relatie tot het huishouden", max_length=200)
    contribution = models.TextField(
        "bijdrage aan de veiligheid", blank=True, max_length=FREE_TEXT_MAX
    )

    class Meta(PlanRow.Meta):
        verbose_name = "persoon uit het netwerk"
        verbose_name_plural = "personen uit het netwerk"

    def __str__(self) -> str:
        return f"{self.name} ({self.relation})"


class PlanLetter(models.Model):
    """A letter that sent a plan version to the household: which version was sent, and when."""

    version = models.ForeignKey(SafetyPlanVersion, on_delete=models.PROTECT, related_name="letters")
    letter = models.OneToOneField("letters.Letter", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "brief met het veiligheidsplan"
        verbose_name_plural = "brieven met het veiligheidsplan"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"Brief {self.letter_id}: versie {self.version.number}"
