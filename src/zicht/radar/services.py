"""Registering a case's persons, delivering the outbox, receiving matches, asking the register.

R-REG-1: a case's persons are registered when the case is registered and when they join it. The
message is written to the outbox in the caller's transaction, so it exists exactly when the case
does; it is delivered after commit and retried until the register acknowledges it. A register
that is down or slow never blocks intake and loses nothing.
"""

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from zicht.accounts.models import User
from zicht.audit.models import AccessEvent, Channel
from zicht.audit.services import access_log_record
from zicht.cases.models import Case
from zicht.cases.services import timeline_add
from zicht.core.limits import FREE_TEXT_MAX
from zicht.core.purge import DestroyedFile
from zicht.people.models import Person
from zicht.radar import client
from zicht.radar.client import RegisterUnavailable, Transport
from zicht.radar.encoding import person_keys
from zicht.radar.models import (
    CaseRegistration,
    Outbox,
    OutboxKind,
    PersonReference,
    RegisterLookup,
    RegisterMatch,
)
from zicht.radar.signals import register_answered

log = logging.getLogger("zicht.radar")
MAX_BACKOFF = timedelta(hours=1)
BATCH = 100


def _enqueue_after_commit() -> None:
    if client.configured():
        from zicht.radar.tasks import deliver_outbox

        transaction.on_commit(lambda: deliver_outbox.enqueue())


def _queue(kind: str, case_reference: str, body: dict) -> Outbox:
    row = Outbox.objects.create(
        kind=kind, case_reference=case_reference, body=body, next_attempt_at=timezone.now()
    )
    _enqueue_after_commit()
    return row


def case_register(case: Case, persons: list[Person] | None = None) -> Outbox | None:
    """Queue the registration of a case's persons (all of them, or the ones that just joined)."""
    registration, _ = CaseRegistration.objects.get_or_create(case=case)
    if registration.ended_at is not None:
        return None
    if persons is None:
        persons = [m.person for m in case.household.members.select_related("person")]
    keys = []
    for person in persons:
        reference, _ = PersonReference.objects.get_or_create(
            registration=registration, person=person
        )
        keys.append(person_keys(person, reference.reference))
    if not keys:
        return None
    return _queue(
        OutboxKind.REGISTER,
        registration.reference,
        {"case_ref": registration.reference, "persons": keys},
    )


def case_deregister(case: Case) -> Outbox | None:
    """End the case's registrations in the register: its retention ended or its file is destroyed.
    The lifecycle work calls this; the message survives the case itself (it holds no reference
    to it), so destroying the case right after loses nothing."""
    registration = CaseRegistration.objects.filter(case=case, ended_at=None).first()
    if registration is None:
        return None
    registration.ended_at = timezone.now()
    registration.save(update_fields=["ended_at"])
    return _queue(OutboxKind.END, registration.reference, {})


def case_purge(target: DestroyedFile) -> int:
    """The destroyed file's part of the register (R-PRIV-4, a `core.purge` hook): its
    registration ended, and the queued or sent registration messages, which carry the persons'
    search keys, removed. The end message stays until delivered: it holds only the random case
    reference. Returns how many messages were removed."""
    registration = (
        CaseRegistration.objects.filter(case_id=target.case_id).select_related("case").first()
    )
    if registration is None:
        return 0
    case_deregister(registration.case)
    removed, _ = Outbox.objects.filter(
        kind=OutboxKind.REGISTER, case_reference=registration.reference
    ).delete()
    return removed


def persons_changed(person: Person) -> None:
    """A registered person's identity changed: refresh the keys in each active registration."""
    for reference in PersonReference.objects.filter(
        person=person, registration__ended_at=None
    ).select_related("registration__case"):
        case_register(reference.registration.case, [person])


def _backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=30 * 2 ** min(attempts, 10)), MAX_BACKOFF)


def _send(row: Outbox, transport: Transport) -> bool:
    if row.kind == OutboxKind.REGISTER:
        answer = transport("POST", "/register/v1/registrations", row.body)
        return answer.status in (200, 201)
    answer = transport("DELETE", f"/register/v1/registrations/{row.case_reference}")
    # 404: the register never had it (a case registered without persons): nothing to end.
    return answer.status in (204, 404)


def deliver_due(transport: Transport | None = None, now: datetime | None = None) -> int:
    """Send the due outbox messages in order; the first sign of a register in trouble stops the
    round (a later message must not overtake an earlier one for the same case). Returns how many
    were acknowledged."""
    transport = transport or client.http_transport
    now = now or timezone.now()
    delivered = 0
    due = Outbox.objects.filter(delivered_at=None).order_by("id")[:BATCH]
    for row in due:
        if row.next_attempt_at > now:
            break  # an earlier message waits: the later ones wait behind it
        try:
            ok = _send(row, transport)
        except RegisterUnavailable as error:
            _failed(row, str(error), now)
            break
        if ok:
            Outbox.objects.filter(pk=row.pk).update(delivered_at=now, attempts=row.attempts + 1)
            delivered += 1
        else:
            # A refusal of the message itself (a bug, not an outage): kept and retried later, and
            # logged without content, so nothing is lost while someone looks.
            log.error("register refused outbox message %s (%s)", row.pk, row.kind)
            _failed(row, "refused", now)
            break
    return delivered


def _failed(row: Outbox, error: str, now: datetime) -> None:
    Outbox.objects.filter(pk=row.pk).update(
        attempts=row.attempts + 1,
        next_attempt_at=now + _backoff(row.attempts),
        last_error=error[:100],
    )


def pending_count() -> int:
    return Outbox.objects.filter(delivered_at=None).count()


def pull_notifications(transport: Transport | None = None) -> int:
    """Fetch the register's open notifications, store each match once (keyed on the
    notification's id: a repeat is harmless), then acknowledge it. A notification about a case
    that no longer exists here is acknowledged and dropped."""
    transport = transport or client.http_transport
    answer = transport("GET", "/register/v1/notifications")
    if answer.status != 200 or not isinstance(answer.body, list):
        raise RegisterUnavailable(f"HTTP {answer.status}")
    stored = 0
    for notification in answer.body:
        stored += _receive(notification)
        transport("POST", f"/register/v1/notifications/{int(notification['id'])}/ack")
    return stored


@transaction.atomic
def _receive(notification: dict) -> int:
    reference = (
        PersonReference.objects.select_related("registration__case", "person")
        .filter(
            reference=notification["person_ref"],
            registration__reference=notification["case_ref"],
        )
        .first()
    )
    if reference is None:
        log.info("register notification %s for a case no longer here", notification["id"])
        return 0
    other = notification["other"]
    case = reference.registration.case
    match, created = RegisterMatch.objects.get_or_create(
        notification_id=notification["id"],
        defaults={
            "case": case,
            "person": reference.person,
            "organisation": other["organisation"][:150],
            "contact": other["contact"][:300],
            "other_reference": other["case_ref"][:64],
            "other_registered_at": other["registered_at"],
            "other_last_activity_at": other["last_activity_at"],
        },
    )
    if not created:
        return 0
    timeline_add(
        case=case,
        actor=None,
        kind="register_match",
        summary=f"Landelijk register: ook bekend bij {match.organisation}",
    )
    access_log_record(
        user=None,
        event=AccessEvent.TRANSFER,
        channel=Channel.SYSTEM,
        person_ids=[reference.person_id],
        case=case,
        detail="landelijk register: match ontvangen",
    )
    register_answered.send(sender=RegisterMatch, case=case)
    return 1


def lookup(*, user: User, case: Case, transport: Transport | None = None) -> RegisterLookup:
    """A worker asks the register about the case's persons (R-REG-1: during the assessment).
    Only persons of this case's own registration can be asked about (R-REG-2); the answer is
    kept with the question, and the transfer is in the access log (R-PRIV-3)."""
    transport = transport or client.http_transport
    registration = CaseRegistration.objects.filter(case=case, ended_at=None).first()
    references = list(registration.persons.select_related("person")) if registration else []
    lines = []
    for reference in references:
        answer = transport(
            "POST",
            "/register/v1/lookups",
            {"case_ref": registration.reference, "person_ref": reference.reference},  # type: ignore[union-attr]
        )
        if answer.status != 200:
            raise RegisterUnavailable(f"HTTP {answer.status}")
        for other in answer.body["registrations"]:
            lines.append(
                f"{reference.person.full_name}: bekend bij {other['organisation']} "
                f"(sinds {other['registered_at'][:10]}, hun referentie {other['case_ref']}, "
                f"contact {other['contact']})"
            )
    text = "\n".join(lines) or "Niet bekend bij andere Veilig Thuis-organisaties."
    if not references:
        text = "Nog niet in het landelijk register: de registratie wacht op verzending."
    access_log_record(
        user=user,
        event=AccessEvent.TRANSFER,
        channel=Channel.HTML,
        person_ids=[r.person_id for r in references],
        case=case,
        detail="landelijk register bevraagd",
    )
    asked = RegisterLookup.objects.create(case=case, asked_by=user, answer=text[:FREE_TEXT_MAX])
    register_answered.send(sender=RegisterLookup, case=case)
    return asked
