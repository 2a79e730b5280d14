"""Every read of VT's involvement. Callers reach a case through a scoped, logged read
(`cases.selectors.case_get_for_user`); these functions read what belongs to that case only."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from zicht.cases.models import Case, Deadline, PhaseChange
from zicht.core.errors import NotFound
from zicht.involvement.content import PlanContent, PlanDiff, content_diff, content_of
from zicht.involvement.models import (
    ContactHow,
    ContactSkip,
    Conversation,
    SafetyCondition,
    SafetyPlanVersion,
)
from zicht.people.models import HouseholdMember


class Coverage:
    """Per household member and service: whom VT spoke, only saw, or not yet."""

    SPOKEN = "spoken"
    SEEN = "seen"
    NONE = "none"
    LABELS = {
        SPOKEN: "Persoonlijk gesproken",
        SEEN: "Alleen gezien",
        NONE: "Nog niet gesproken of gezien",
    }


@dataclass(frozen=True)
class MemberCoverage:
    member: HouseholdMember
    status: str  # Coverage.SPOKEN / SEEN / NONE
    contacts: tuple[tuple[date, str], ...]  # (held_on, ContactHow) of every contact, oldest first
    skip: ContactSkip | None  # the recorded reason for not speaking them, if any

    @property
    def status_label(self) -> str:
        return Coverage.LABELS[self.status]

    @property
    def missing(self) -> bool:
        """Neither a contact nor a recorded reason: the generic "still missing"."""
        return self.status == Coverage.NONE and self.skip is None


def household_members(case: Case) -> list[HouseholdMember]:
    return list(case.household.members.select_related("person").order_by("id"))


def member_names(case: Case) -> dict[int, str]:
    return {m.pk: m.person.full_name for m in household_members(case)}


def conversations_of(*, case: Case, service: str | None = None) -> QuerySet[Conversation]:
    conversations = Conversation.objects.filter(case=case)
    if service is not None:
        conversations = conversations.filter(service=service)
    return conversations.select_related("recorded_by").prefetch_related("contacts__member__person")


def service_since(*, case: Case, service: str) -> datetime | None:
    """When the case last entered this service's phase: a later investigation of the same case
    (after monitoring, R-MON-4) starts its coverage afresh (R-OND-3). None: never entered
    through a phase change (then everything of the service counts)."""
    entered = PhaseChange.objects.filter(case=case, to_phase=service).order_by("-at", "-pk").first()
    return entered.at if entered is not None else None


def contact_skips_of(*, case: Case, service: str) -> QuerySet[ContactSkip]:
    """The reasons recorded in the service's current run (see `service_since`)."""
    skips = ContactSkip.objects.filter(case=case, service=service)
    since = service_since(case=case, service=service)
    if since is not None:
        skips = skips.filter(recorded_at__gte=since)
    return skips.select_related("member__person", "recorded_by")


def contact_coverage(*, case: Case, service: str) -> list[MemberCoverage]:
    """Every household member of the case, with whether VT spoke them, only saw them, or has
    no contact yet in this service, and any recorded reason for not speaking them. Rules on top
    (R-OND-3's age rule, R-MON-3's "all members") are the caller's."""
    contacts: dict[int, list[tuple[date, str]]] = {}
    conversations = conversations_of(case=case, service=service)
    since = service_since(case=case, service=service)
    if since is not None:  # recorded in the service's current run (a later one starts afresh)
        conversations = conversations.filter(created_at__gte=since)
    for conversation in conversations.order_by("held_on", "id"):
        for contact in conversation.contacts.all():
            if contact.member_id is not None:
                contacts.setdefault(contact.member_id, []).append(
                    (conversation.held_on, contact.how)
                )
    skips = {skip.member_id: skip for skip in contact_skips_of(case=case, service=service)}
    coverage = []
    for member in household_members(case):
        hows = {how for _, how in contacts.get(member.pk, [])}
        status = (
            Coverage.SPOKEN
            if ContactHow.SPOKEN in hows
            else Coverage.SEEN
            if hows
            else Coverage.NONE
        )
        coverage.append(
            MemberCoverage(
                member=member,
                status=status,
                contacts=tuple(contacts.get(member.pk, [])),
                skip=skips.get(member.pk),
            )
        )
    return coverage


def members_missing(*, case: Case, service: str) -> list[HouseholdMember]:
    """Members with neither a contact (spoken or seen) nor a recorded reason in this service."""
    return [c.member for c in contact_coverage(case=case, service=service) if c.missing]


def _versions(case: Case) -> QuerySet[SafetyPlanVersion]:
    return (
        SafetyPlanVersion.objects.filter(plan__case=case)
        .select_related("created_by")
        .prefetch_related(
            Prefetch(
                "conditions",
                queryset=SafetyCondition.objects.prefetch_related("members__person"),
            ),
            "actions__member__person",
            "care_needs__member__person",
            "damages__member__person",
            "network",
        )
        .order_by("-number")
    )


def safety_plan_versions(*, case: Case) -> list[SafetyPlanVersion]:
    """Every version of the case's plan, the newest first, with their rows."""
    return list(_versions(case))


def safety_plan_current(*, case: Case) -> SafetyPlanVersion | None:
    """The current (last) version of the case's plan, with its rows; None before the first.
    This is the plan sent to the household, handed over, and checked in monitoring."""
    return _versions(case).first()


def safety_plan_version(*, case: Case, number: int) -> SafetyPlanVersion:
    """One version of the case's plan; 404 for any other number."""
    version = _versions(case).filter(number=number).first()
    if version is None:
        raise NotFound
    return version


def safety_plan_number(*, case: Case) -> int:
    """The number of the current version (0 before the first): what an edit is based on."""
    version = SafetyPlanVersion.objects.filter(plan__case=case).order_by("-number").first()
    return version.number if version else 0


def safety_plan_diff(*, case: Case, version: SafetyPlanVersion) -> PlanDiff:
    """What `version` added, removed or changed against the version before it."""
    previous = (
        _versions(case).filter(number=version.number - 1).first() if version.number > 1 else None
    )
    before = content_of(previous) if previous is not None else PlanContent()
    return content_diff(before, content_of(version), member_names(case))


# The 10-week deadline of each service (R-VV-3, R-OND-2), started by the assessment outcome.
SERVICE_DEADLINES = {"conditions": "conditions_done", "investigation": "investigation_done"}


def involvement_deadline(*, case: Case, service: str) -> Deadline | None:
    """The latest deadline of the service's 10 weeks (open, met or lapsed); None without one."""
    kind = SERVICE_DEADLINES.get(service)
    if kind is None:
        return None
    return Deadline.objects.filter(case=case, kind=kind).order_by("-started_on", "-id").first()


def days_left(deadline: Deadline | None, today: date | None = None) -> int | None:
    """Calendar days until the deadline is due (negative when overdue); None when it was met
    or lapsed, or there is none."""
    if deadline is None or deadline.met_at is not None:
        return None
    return (deadline.due - (today or timezone.localdate())).days
