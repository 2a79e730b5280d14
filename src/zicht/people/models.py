from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Sex(models.TextChoices):
    FEMALE = "f", "Vrouw"
    MALE = "m", "Man"
    OTHER = "x", "Anders"
    UNKNOWN = "u", "Onbekend"


class Person(models.Model):
    """A person known to this VT. Identity data may be partial (R-REP-6): only the last name is
    required; the date of birth may be unknown, or known only by year (and month)."""

    first_names = models.CharField("voornamen", max_length=100, blank=True)
    prefix = models.CharField("tussenvoegsel", max_length=20, blank=True)
    last_name = models.CharField("achternaam", max_length=100)
    birth_year = models.PositiveSmallIntegerField("geboortejaar", null=True, blank=True)
    birth_month = models.PositiveSmallIntegerField("geboortemaand", null=True, blank=True)
    birth_day = models.PositiveSmallIntegerField("geboortedag", null=True, blank=True)
    sex = models.CharField("geslacht", max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    bsn = models.CharField("BSN", max_length=9, blank=True)
    bsn_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # Raised by every change through people.services: an edit form carries the version it was
    # opened on, so two users editing one person never overwrite each other silently.
    version = models.PositiveIntegerField(default=1, editable=False)
    street = models.CharField("straat", max_length=100, blank=True)
    house_number = models.CharField("huisnummer", max_length=20, blank=True)
    postcode = models.CharField("postcode", max_length=7, blank=True)
    city = models.CharField("woonplaats", max_length=100, blank=True)
    municipality = models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="gemeente",
    )
    # Normalised last name (no prefix, accents, ij/y, double letters…) for tolerant matching.
    name_key = models.CharField(max_length=100, db_index=True, editable=False)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["bsn_hash", "name_key", "version"])

    class Meta:
        verbose_name = "persoon"
        verbose_name_plural = "personen"
        indexes = [models.Index(fields=["birth_year", "birth_month", "birth_day"])]
        constraints = [
            # One person per BSN, also when two intakes register the same BSN at the same moment.
            models.UniqueConstraint(
                fields=["bsn_hash"],
                condition=~models.Q(bsn_hash="") & models.Q(merged_into__isnull=True),
                name="person_bsn_once",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_names, self.prefix, self.last_name) if part)

    @property
    def birth_date_display(self) -> str:
        if not self.birth_year:
            return "onbekend"
        if not self.birth_month:
            return str(self.birth_year)
        if not self.birth_day:
            return f"{self.birth_month:02d}-{self.birth_year}"
        return f"{self.birth_day:02d}-{self.birth_month:02d}-{self.birth_year}"


class HouseholdRole(models.TextChoices):
    VICTIM = "victim", "Slachtoffer"
    ALLEGED_PERPETRATOR = "alleged_perpetrator", "Vermoedelijke pleger"
    CHILD = "child", "Kind"
    WITNESS = "witness", "Getuige"
    PARENT_CARER = "parent_carer", "Ouder/verzorger"
    OTHER = "other", "Overig"


class Household(models.Model):
    """A client system (cliëntsysteem): the persons one case is about."""

    name = models.CharField("naam", max_length=150)
    municipality = models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="gemeente",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "huishouden"
        verbose_name_plural = "huishoudens"

    def __str__(self) -> str:
        return self.name


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    # The main role (ordering, letters, who counts as an adult) ...
    role = models.CharField("rol", max_length=32, choices=HouseholdRole.choices)
    # ... and every role the person has in this household, the main one included (issue 16.9:
    # both victim and alleged perpetrator, say). Empty for a member with one role.
    roles = models.JSONField("rollen", default=list, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "lid van het huishouden"
        verbose_name_plural = "leden van het huishouden"
        constraints = [
            models.UniqueConstraint(fields=["household", "person"], name="household_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.roles_display})"

    @property
    def all_roles(self) -> list[str]:
        """Every role, in the order of `HouseholdRole`."""
        return [value for value in HouseholdRole.values if value in (self.roles or [self.role])]

    @property
    def roles_display(self) -> str:
        """ "Slachtoffer en vermoedelijke pleger": every role, for a page or a log line."""
        labels = [str(HouseholdRole(value).label) for value in self.all_roles]
        text = " en ".join([", ".join(labels[:-1]), labels[-1]] if len(labels) > 1 else labels)
        return text[:1] + text[1:].lower()
