"""Reading the access log (R-PRIV-3): for a subject access request (the log of one person) and
for the privacy officer (the log of one staff member).

Only a role with `Action.REVIEW_ACCESS_LOG` may read it. Reading the log is itself an access to
the data of the persons in it, so every read and export writes an entry of its own first — which
is why the log a reviewer sees always ends with their own review.
"""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from zicht.accounts.models import User
from zicht.accounts.policy import Action, require
from zicht.audit import subjects
from zicht.audit.models import AccessEvent, AccessLogEntry, Channel
from zicht.audit.services import access_log_record
from zicht.audit.subjects import Subject
from zicht.core.errors import NotFound

REVIEW_DETAIL = "toegangslog ingezien"
EXPORT_DETAIL = "toegangslog geëxporteerd"
SEARCH_DETAIL = "toegangslog: persoon gezocht"
SEARCH_LIMIT = 50


def _require_reviewer(user: User) -> None:
    require(user, Action.REVIEW_ACCESS_LOG)


def _detail(event: AccessEvent, suffix: str = "") -> str:
    base = EXPORT_DETAIL if event == AccessEvent.EXPORT else REVIEW_DETAIL
    return f"{base}{suffix}"


def _newest_first(rows: QuerySet[AccessLogEntry]) -> QuerySet[AccessLogEntry]:
    return rows.select_related("user", "on_behalf_of").order_by("-at", "-id")


def access_log_for_person(
    *,
    user: User,
    person_id: int,
    event: AccessEvent = AccessEvent.READ,
    channel: Channel = Channel.HTML,
    resource: str = "",
) -> QuerySet[AccessLogEntry]:
    """Every access to one person's data, newest first (a subject access request).

    Logs the review itself against the person (event READ, or EXPORT for a download) before
    the log is read, so the answer includes it. Works for a person whose file was destroyed
    (R-PRIV-4): the log refers to persons by number only.

    A number that is no person and has no entries is not found (404), before anything is logged:
    a typing error must not start a log of its own.
    """
    _require_reviewer(user)
    rows = AccessLogEntry.objects.filter(person_id=person_id)
    if not subjects.names([person_id]) and not rows.exists():
        raise NotFound(
            f"Er is geen persoon met nummer {person_id}, en over dat nummer staat niets in het "
            "toegangslog. Zoek de persoon op naam of BSN."
        )
    access_log_record(
        user=user,
        event=event,
        channel=channel,
        person_ids=[person_id],
        resource=resource,
        detail=_detail(event),
    )
    return _newest_first(rows)


def access_log_person_name(*, user: User, person_id: int) -> str:
    """The name beside the number, or "" when the person's file was destroyed (R-PRIV-4)."""
    _require_reviewer(user)
    return subjects.names([person_id]).get(person_id, "")


def access_log_person_names(*, user: User, person_ids: Iterable[int | None]) -> dict[int, str]:
    """Names beside the numbers a staff member's log shows (their access is logged already)."""
    _require_reviewer(user)
    return subjects.names(person_ids)


def access_log_search_persons(
    *, user: User, name: str, bsn: str, channel: Channel = Channel.HTML, resource: str = ""
) -> list[Subject]:
    """Persons by name or BSN, for a subject access request; the search itself is logged as a
    SEARCH, with every person it found (and once without a person when it found none)."""
    _require_reviewer(user)
    directory = subjects.directory()
    found = directory.search(name=name, bsn=bsn, limit=SEARCH_LIMIT) if directory else []
    access_log_record(
        user=user,
        event=AccessEvent.SEARCH,
        channel=channel,
        person_ids=[subject.person_id for subject in found],
        resource=resource,
        detail=SEARCH_DETAIL,
    )
    return found


def access_log_for_user(
    *,
    user: User,
    subject_user_id: int,
    event: AccessEvent = AccessEvent.READ,
    channel: Channel = Channel.HTML,
    resource: str = "",
) -> QuerySet[AccessLogEntry]:
    """Every access by one staff member, or made on their behalf, newest first.

    Logs the review itself (without a person); the persons whose numbers are then shown are
    logged by `access_log_record_persons_shown`.
    """
    _require_reviewer(user)
    access_log_record(
        user=user,
        event=event,
        channel=channel,
        resource=resource,
        detail=_detail(event, f" van medewerker {subject_user_id}"),
    )
    rows = AccessLogEntry.objects.filter(
        Q(user_id=subject_user_id) | Q(on_behalf_of_id=subject_user_id)
    )
    return _newest_first(rows)


def access_log_record_persons_shown(
    *,
    user: User,
    subject_user_id: int,
    person_ids: Iterable[int | None],
    event: AccessEvent = AccessEvent.READ,
    channel: Channel = Channel.HTML,
    resource: str = "",
) -> None:
    """A staff member's log shows person numbers: that is an access to those persons' data,
    so each person shown gets an entry (one write, however many persons)."""
    _require_reviewer(user)
    persons = {person_id for person_id in person_ids if person_id is not None}
    if persons:
        access_log_record(
            user=user,
            event=event,
            channel=channel,
            person_ids=persons,
            resource=resource,
            detail=_detail(event, f" van medewerker {subject_user_id}"),
        )


def persons_in(rows: QuerySet[AccessLogEntry]) -> QuerySet[AccessLogEntry, int | None]:
    """The distinct person numbers in a set of entries (for logging an export of them)."""
    return rows.order_by().exclude(person_id=None).values_list("person_id", flat=True).distinct()


def staff_for_review(*, user: User) -> QuerySet[User]:
    """Every staff member, former ones too: their log is kept 5 years."""
    _require_reviewer(user)
    return User.objects.order_by("full_name", "email")


def staff_member_for_review(*, user: User, subject_user_id: int) -> User:
    _require_reviewer(user)
    member = User.objects.filter(pk=subject_user_id).first()
    if member is None:
        raise NotFound
    return member
