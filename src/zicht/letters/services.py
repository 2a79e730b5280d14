"""Every write to letters: queueing (HTML rendered now, in the caller's transaction), the PDF
(after commit, as an idempotent task that takes the letter's id) and marking a letter sent."""

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import mark_safe

from zicht.accounts.models import User
from zicht.accounts.policy import Action, require
from zicht.audit.models import AccessEvent, Channel
from zicht.audit.services import access_log_record
from zicht.cases.models import Case
from zicht.cases.services import case_lock, case_touch, timeline_add
from zicht.core.errors import AlreadyExists, Conflict
from zicht.letters.guards import check_letter
from zicht.letters.models import (
    FINAL_STATUSES,
    Letter,
    LetterStatus,
    LetterTemplate,
    RecipientKind,
    SentVia,
)
from zicht.letters.pdf import STYLESHEET, render_pdf
from zicht.letters.rendering import render_text
from zicht.letters.sanitising import sanitise_body
from zicht.organisation.selectors import this_organisation

DEFAULT_ORGANISATION_NAME = "Veilig Thuis"
DEFAULT_PHONE = "0800-2000"
ERROR_MAX_LENGTH = 2000
SKEW = timedelta(minutes=5)


class LetterTemplateMissing(ValidationError):
    pass


def _dutch_date() -> str:
    with translation.override("nl"):
        return date_format(timezone.localdate(), "j F Y")


def _render_html(
    *,
    template: LetterTemplate,
    case: Case | None,
    recipient_name: str,
    recipient_lines: list[str],
    context: dict[str, Any],
) -> tuple[str, str]:
    """The subject and the complete HTML document of a letter."""
    organisation = this_organisation()
    organisation_name = organisation.name if organisation else DEFAULT_ORGANISATION_NAME
    # The organisation in the text is always this VT, whatever the caller passes.
    context = {**context, "organisation_name": organisation_name}
    with translation.override("nl"):
        subject = render_text(template.subject, context).strip()
        # Cleaned again as it is used: a template stored past the admin (a migration, the
        # database) gets no further than one saved through it.
        body = sanitise_body(render_text(template.body, context))
    html = render_to_string(
        "letters/base_letter.html",
        {
            "stylesheet": STYLESHEET,
            "organisation_name": organisation_name,
            "organisation_phone": organisation.phone if organisation else DEFAULT_PHONE,
            "organisation_address": organisation.address if organisation else "",
            "organisation_email": organisation.email if organisation else "",
            "letter_date": _dutch_date(),
            "case_number": case.number if case else "",
            "recipient_name": recipient_name,
            "recipient_lines": recipient_lines,
            "subject": subject,
            # Rendered with autoescaping and cleaned to the allow-list above.
            "body": mark_safe(body),  # noqa: S308
        },
    )
    return subject, html


def vt_contact(case: Case) -> dict[str, str]:
    """Who the recipient of a case's letter calls at Veilig Thuis: the worker (or the team when
    nobody is assigned), the team and the organisation's number."""
    organisation = this_organisation()
    return {
        "vt_worker": case.worker.full_name if case.worker else f"{case.team}",
        "vt_team": str(case.team),
        "vt_phone": organisation.phone if organisation else "0800-2000",
    }


def _address_key(lines: list[str]) -> str:
    return "\n".join(" ".join(line.casefold().replace(",", " ").split()) for line in lines)


def open_letter_to(*, case: Case, template_code: str, lines: list[str]) -> Letter | None:
    """The case's letter of this template to this address that may still go out, if any."""
    key = _address_key(lines)
    candidates = Letter.objects.filter(case=case, template_code=template_code).exclude(
        status__in=FINAL_STATUSES
    )
    return next((x for x in candidates if _address_key(x.address_lines) == key), None)


@transaction.atomic
def letter_queue(
    *,
    user: User,
    case: Case | None,
    template_code: str,
    recipient_name: str,
    recipient_address: str,
    recipient_kind: RecipientKind | str,
    context: dict[str, Any],
    replaces: Letter | None = None,
    dedupe: bool = False,
) -> Letter:
    """Renders the letter's HTML now and puts it in the outbox; the PDF follows after commit.
    `replaces` is the withdrawn letter this one redoes. With `dedupe`, a letter of the same
    template to the same address of the case that has not been sent or withdrawn is returned
    instead of a second one (one letter per addressee per purpose, 16.3)."""
    template = LetterTemplate.objects.filter(code=template_code, active=True).first()
    if template is None:
        raise LetterTemplateMissing(
            f"Het briefsjabloon '{template_code}' bestaat niet of is niet actief. "
            "Vraag de functioneel beheerder het sjabloon aan te maken of te activeren."
        )
    if recipient_kind not in RecipientKind.values:
        raise ValidationError({"recipient_kind": "Kies een bekende soort ontvanger."})
    recipient_name = recipient_name.strip()
    if not recipient_name:
        raise ValidationError({"recipient_name": "Vul de naam van de ontvanger in."})
    # Before anything is rendered: a household or partner letter passes every registered check
    # (R-PRIV-5: no anonymous reporter in its texts).
    check_letter(case=case, recipient_kind=str(recipient_kind), context=context)
    lines = [line.strip() for line in recipient_address.splitlines() if line.strip()]
    if dedupe and case is not None and lines:
        existing = open_letter_to(case=case, template_code=template.code, lines=lines)
        if existing is not None:
            return existing
    subject, html = _render_html(
        template=template,
        case=case,
        recipient_name=recipient_name,
        recipient_lines=lines,
        context=context,
    )
    letter = Letter.objects.create(
        case=case,
        template_code=template.code,
        subject=subject[:200],
        recipient_name=recipient_name,
        recipient_address="\n".join(lines),
        recipient_kind=recipient_kind,
        html=html,
        created_by=user,
        replaces=replaces,
    )
    if case is not None:
        timeline_add(
            case=case,
            actor=user,
            kind="letter_queued",
            summary=f"Brief klaargezet: {subject} aan {recipient_name}",
            target=letter,
            data={"template": template.code, "recipient_kind": str(recipient_kind)},
        )
    from zicht.letters.tasks import render_letter_pdf

    letter_id = letter.pk
    transaction.on_commit(lambda: render_letter_pdf.enqueue(letter_id))
    return letter


def letter_render_pdf(*, letter_id: int) -> Letter:
    """Makes the PDF of a queued (or earlier failed) letter. Idempotent: a letter that has its
    PDF is returned unchanged, so a task that runs twice stores one PDF; a letter withdrawn
    before its PDF was made stays withdrawn, without one."""
    letter = Letter.objects.get(pk=letter_id)
    if letter.status == LetterStatus.RENDERED or letter.status in FINAL_STATUSES:
        return letter
    pdf = render_pdf(letter.html)
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter_id)
        if letter.status == LetterStatus.RENDERED or letter.status in FINAL_STATUSES:
            return letter  # another worker finished first
        letter.pdf.save(f"brief-{letter.pk}.pdf", ContentFile(pdf), save=False)
        letter.status = LetterStatus.RENDERED
        letter.error = ""
        letter.rendered_at = timezone.now()
        letter.save(update_fields=["pdf", "status", "error", "rendered_at"])
    return letter


@transaction.atomic
def letter_render_failed(*, letter_id: int, error: str) -> Letter:
    """Records why the PDF could not be made, so the letter is not lost from the outbox."""
    letter = Letter.objects.select_for_update().get(pk=letter_id)
    if letter.status == LetterStatus.RENDERED or letter.status in FINAL_STATUSES:
        return letter
    letter.status = LetterStatus.FAILED
    letter.error = error[:ERROR_MAX_LENGTH]
    letter.save(update_fields=["status", "error"])
    return letter


def _changed(user: User, case: Case, channel: Channel, detail: str) -> None:
    """A letter of the locked case changed: a form opened before is stale now, and the change
    to the household's file is in the access log (R-PRIV-3)."""
    case_touch(case)
    access_log_record(
        user=user,
        event=AccessEvent.CHANGE,
        channel=channel,
        person_ids=case.person_ids(),
        case=case,
        detail=detail,
    )


@transaction.atomic
def letter_mark_sent(
    *,
    user: User,
    letter: Letter,
    via: str = SentVia.POST,
    sent_at: datetime | None = None,
    expected_version: int | None = None,
    channel: Channel = Channel.HTML,
) -> Letter:
    """Records that the letter left the building: how (post, e-mail, by hand) and when, against
    the case version the user saw (16.3). Sending twice changes nothing."""
    require(user, Action.ASSESS_SAFETY)
    sent_at = sent_at or timezone.now()
    case = case_lock(letter.case, expected_version) if letter.case is not None else None
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.status == LetterStatus.SENT:
        return letter
    if letter.status == LetterStatus.WITHDRAWN:
        raise Conflict("Deze brief is ingetrokken en gaat niet meer de deur uit.", field="via")
    if letter.status != LetterStatus.RENDERED:
        raise Conflict(
            "Deze brief kan nog niet als verzonden worden gemarkeerd: de PDF is er nog niet.",
            field="via",
        )
    errors: dict[str, str] = {}
    if via not in SentVia.values:
        errors["via"] = "Kies hoe de brief is verzonden."
    if sent_at > timezone.now() + SKEW:
        errors["sent_at"] = "Dit tijdstip ligt in de toekomst."
    elif sent_at < letter.created_at.replace(second=0, microsecond=0):
        errors["sent_at"] = "Dit tijdstip ligt vóór het klaarzetten van de brief."
    if errors:
        raise ValidationError(errors)
    letter.status = LetterStatus.SENT
    letter.sent_at = sent_at
    letter.sent_by = user
    letter.sent_via = via
    letter.save(update_fields=["status", "sent_at", "sent_by", "sent_via"])
    if case is not None:
        timeline_add(
            case=case,
            actor=user,
            kind="letter_sent",
            summary=f"Brief verzonden ({SentVia(via).label.lower()}): {letter.subject} aan "
            f"{letter.recipient_name}",
            target=letter,
            at=sent_at,
        )
        _changed(user, case, channel, f"Brief {letter.pk} verzonden")
    return letter


WITHDRAW_REASON_REQUIRED = "Geef de reden waarom u deze brief intrekt; die blijft bewaard."


def withdraw_locked(*, user: User, letter: Letter, reason: str) -> Letter:
    """Withdraws a letter whose case the caller has locked: not sent, so it never leaves the
    building; the letter, its PDF and the reason stay in the file (16.1)."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.status == LetterStatus.WITHDRAWN:
        raise AlreadyExists("Deze brief is al ingetrokken.", field="reason")
    if letter.status == LetterStatus.SENT:
        raise Conflict(
            "Deze brief is al verzonden en kan niet meer worden ingetrokken. Neem contact op met "
            "de ontvanger en leg dat vast in het dossier.",
            field="reason",
        )
    letter.status = LetterStatus.WITHDRAWN
    letter.withdrawn_at = timezone.now()
    letter.withdrawn_by = user
    letter.withdrawal_reason = reason
    letter.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    if letter.case is not None:
        timeline_add(
            case=letter.case,
            actor=user,
            kind="letter_withdrawn",
            summary=f"Brief ingetrokken: {letter.subject} aan {letter.recipient_name}. "
            f"Reden: {reason}",
            target=letter,
            data={"reason": reason},
        )
    return letter


@transaction.atomic
def letter_withdraw(
    *,
    user: User,
    letter: Letter,
    reason: str,
    expected_version: int | None,
    channel: Channel = Channel.HTML,
) -> Letter:
    """A letter not yet sent is withdrawn with the reason kept (timeline and letter status); the
    case version the user saw is checked, so a colleague's change is not overwritten."""
    require(user, Action.ASSESS_SAFETY)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": WITHDRAW_REASON_REQUIRED})
    case = case_lock(letter.case, expected_version) if letter.case is not None else None
    letter = withdraw_locked(user=user, letter=letter, reason=reason)
    if case is not None:
        _changed(user, case, channel, f"Brief {letter.pk} ingetrokken")
    return letter
