import functools
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from zicht.accounts.models import Team, User
from zicht.cases.workflow import Phase
from zicht.core.limits import FREE_TEXT_MAX

# Emergency access opens a case for the rest of a shift, not for ever; then a new reason is needed.
EMERGENCY_ACCESS_VALID = timedelta(hours=12)


class CaseQuerySet(models.QuerySet["Case"]):
    def visible_to(self, user: User) -> "CaseQuerySet":
        """The cases a user may open without emergency access (R-PRIV-3).

        Their teams' cases and the cases assigned to them, plus cases they opened through
        recorded emergency access. Roles without client data (policy/control, functional
        administrator) see none.
        """
        from zicht.accounts.policy import Action, can

        if not can(user, Action.VIEW_CLIENT_DATA):
            return self.none()
        # Conditions on the case's own columns, with the user's teams and emergency grants as
        # small subqueries: no join through team memberships, so no DISTINCT, and a query that
        # asks about a few cases (a person's households, ten search candidates) is answered
        # from those cases' rows instead of from every case the user may see.
        teams = Team.members.through.objects.filter(user_id=user.pk).values("team_id")
        granted_since = timezone.now() - EMERGENCY_ACCESS_VALID
        emergency = EmergencyAccess.objects.filter(user=user, at__gte=granted_since)
        return self.filter(
            Q(team_id__in=teams) | Q(worker_id=user.pk) | Q(pk__in=emergency.values("case_id"))
        )

    def of_persons(self, persons: Any) -> "CaseQuerySet":
        """The cases whose household has any of these persons (ids, Person objects or a
        subquery). A subquery on the members' person index, not a join through households: the
        planner then starts from the few members instead of from every case."""
        from zicht.people.models import HouseholdMember

        members = HouseholdMember.objects.filter(person__in=persons)
        return self.filter(household__in=members.values("household_id"))


_NUMBER_PLACEHOLDER = "2000-000000"


@functools.lru_cache(maxsize=8)
def _detail_url_around(script_prefix: str) -> tuple[str, str]:
    """The case page's URL around its number. `reverse()` with the case-number converter costs
    about 0.14 ms, and a worklist links 50 cases: reversed once per script prefix instead."""
    url = reverse("cases:detail", kwargs={"number": _NUMBER_PLACEHOLDER})
    before, _, after = url.partition(_NUMBER_PLACEHOLDER)
    return before, after


def case_url(number: str) -> str:
    """The case page of the case with this number."""
    before, after = _detail_url_around(get_script_prefix())
    return f"{before}{number}{after}"


class Case(models.Model):
    number = models.CharField("dossiernummer", max_length=12, unique=True)
    household = models.ForeignKey(
        "people.Household",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name="huishouden",
    )
    municipality = models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="gemeente",
    )
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="cases", verbose_name="team"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name="medewerker",
    )
    phase = models.CharField("fase", max_length=20, choices=Phase.choices, default=Phase.ASSESSMENT)
    # Optimistic lock: every change increments it; a form posts the version it was opened with.
    version = models.PositiveIntegerField(default=1)
    opened_at = models.DateTimeField("geopend op")
    closed_at = models.DateTimeField("gesloten op", null=True, blank=True)
    earlier_cases = models.ManyToManyField(
        "self", symmetrical=True, blank=True, verbose_name="eerdere dossiers"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["version"])

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = "dossier"
        verbose_name_plural = "dossiers"
        indexes = [models.Index(fields=["team", "phase"]), models.Index(fields=["worker", "phase"])]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return case_url(self.number)

    @property
    def is_active(self) -> bool:
        return self.phase != Phase.CLOSED

    def person_ids(self) -> list[int]:
        """The persons of this case's household: whose data a read or change of the case
        touches, as the access log records it (R-PRIV-3)."""
        return list(self.household.members.values_list("person_id", flat=True))


class CaseNumberCounter(models.Model):
    """Per-year counter behind case numbers like 2026-000123 (locked row, no gaps by races)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class PhaseChange(models.Model):
    """Append-only status history: which phase, from when, set by whom (convention 4)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="phase_changes")
    from_phase = models.CharField(max_length=20, choices=Phase.choices, blank=True)
    to_phase = models.CharField(max_length=20, choices=Phase.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True, max_length=FREE_TEXT_MAX)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_phase} → {self.to_phase}"


class TimelineEvent(models.Model):
    """One step of any service on a case: when, who, what, and the object it concerns."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    kind = models.CharField("soort", max_length=40)
    summary = models.CharField("omschrijving", max_length=300)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["case", "kind"])]

    def __str__(self) -> str:
        return self.summary


class Deadline(models.Model):
    """One statutory obligation on a case (R-DL-2): open, met, or lapsed with its reason
    (R-DL-3)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField("soort", max_length=40)
    # What the obligation is about when a case holds several of one kind at once, e.g.
    # "report:17": the reporter of each report is contacted (R-TRI-7). Empty: the case itself.
    subject = models.CharField("betreft", max_length=40, blank=True, default="")
    started_on = models.DateField("start")
    due = models.DateField("uiterlijk op")
    # When the obligation ended: met, or lapsed when `lapsed_reason` is set (its obligation fell
    # away, e.g. the case left the phase it belongs to). Open while empty; every open-deadline
    # query and index reads this one field.
    met_at = models.DateTimeField("afgesloten op", null=True, blank=True)
    lapsed_reason = models.CharField("reden vervallen", max_length=300, blank=True, default="")
    met_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Copies of the case's team and worker and whether the case is active, kept current by
    # cases.services (deadline_start, case_assign, case_transition). The worklists and the
    # caseload read a team's or worker's open deadlines from one partial index, nearest first,
    # instead of joining a team's 30,000 cases (R-DL-3, R-WL-3).
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        editable=False,
    )
    case_active = models.BooleanField(default=True, editable=False)

    class Meta:
        indexes = [
            models.Index(
                fields=["due"], condition=Q(met_at__isnull=True), name="deadline_open_due"
            ),
            models.Index(fields=["case", "kind", "subject"]),
            # In the worklists' order (due date, then case): a page is the index's first 50
            # entries. Without the case id, every deadline sharing the first due date (hundreds
            # in a large team) was joined and sorted before the first 50 were known.
            models.Index(
                fields=["team", "due", "case"],
                condition=Q(met_at__isnull=True, case_active=True),
                name="deadline_team_page",
            ),
            models.Index(
                fields=["worker", "due", "case"],
                condition=Q(met_at__isnull=True, case_active=True),
                name="deadline_worker_page",
            ),
            # The caseload groups a team's open deadlines per worker from the index alone.
            models.Index(
                fields=["team", "worker", "due"],
                condition=Q(met_at__isnull=True, case_active=True),
                name="deadline_caseload",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.due}"

    @property
    def kind_label(self) -> str:
        from zicht.cases.deadlines import label_of

        return label_of(self.kind)

    @property
    def status_label(self) -> str:
        """The Dutch word for `status`, which `cases.deadlines.with_status` annotates."""
        from zicht.cases.deadlines import Status

        return str(Status(self.status).label)  # type: ignore[attr-defined]  # annotated

    @property
    def rule_id(self) -> str:
        from zicht.cases.deadlines import DEADLINE_KINDS

        kind = DEADLINE_KINDS.get(self.kind)
        return kind.rule_id if kind else ""


class HolderType(models.TextChoices):
    VT = "vt", "Veilig Thuis"
    PARTNER = "partner", "Ketenpartner"
    HOUSEHOLD = "household", "Het huishouden zelf"
    ADVICE_SEEKER = "advice_seeker", "De adviesvrager"


class ResponsibilityPeriod(models.Model):
    """Who held responsibility for safety on a case, from when until when (R-ZOV-1).

    Append-only in spirit: a period is only ever closed (ended_at set), never edited or removed.
    At most one open period per case, enforced by a partial unique index in the database too.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="responsibility")
    holder_type = models.CharField("houder", max_length=20, choices=HolderType.choices)
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    partner = models.ForeignKey(
        "organisation.PartnerAgency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField("vanaf")
    ended_at = models.DateTimeField("tot", null=True, blank=True)
    reason = models.CharField("reden", max_length=300)
    # Set when the change is the answer of a party without the right to change a case itself (a
    # partner through its one-time link or its own system): `created_by` is the VT worker under
    # whose account it ran, this names whose decision it was (cases.services.acting_for).
    on_behalf_of = models.CharField("namens", max_length=200, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["started_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(ended_at__isnull=True),
                name="one_open_responsibility_per_case",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="responsibility_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(holder_type="partner") | Q(partner__isnull=False),
                name="partner_holder_names_partner",
            ),
            models.CheckConstraint(
                condition=~Q(holder_type="vt") | Q(team__isnull=False),
                name="vt_holder_names_team",
            ),
        ]

    def __str__(self) -> str:
        return self.holder_label

    @property
    def holder_label(self) -> str:
        if self.holder_type == HolderType.VT:
            who = self.worker.full_name if self.worker else "nog niet toegewezen"
            return f"Veilig Thuis — {self.team} ({who})"
        if self.holder_type == HolderType.PARTNER:
            return str(self.partner)
        return self.get_holder_type_display()


class EmergencyAccess(models.Model):
    """A user opened a case outside their scope, with a stated reason (noodtoegang, R-PRIV-3)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="emergency_accesses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="emergency_accesses"
    )
    reason = models.TextField("reden", max_length=FREE_TEXT_MAX)
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.case_id}"
