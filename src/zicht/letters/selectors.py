"""Every read of letters, scoped to the user through the cases they may see (R-PRIV-3)."""

from django.db.models import Q, QuerySet

from zicht.accounts.models import User
from zicht.accounts.policy import Action, can
from zicht.audit.models import AccessEvent, Channel
from zicht.audit.services import access_log_record
from zicht.cases.models import Case
from zicht.core.errors import Conflict, NotFound
from zicht.letters.models import Letter


class LetterNotReady(Conflict):
    """The letter's PDF has not been made (yet). Nothing was exported, so nothing is logged."""

    default_message = (
        "De PDF van deze brief is nog niet gemaakt. Probeer het over een minuut opnieuw."
    )


def letters_visible_to(*, user: User) -> QuerySet[Letter]:
    """Letters of the cases the user may see; a letter without a case only to its author."""
    if not can(user, Action.VIEW_CLIENT_DATA):
        return Letter.objects.none()
    return Letter.objects.filter(
        Q(case__in=Case.objects.visible_to(user).values("pk"))
        | Q(case__isnull=True, created_by=user)
    )


def letters_of_case(*, user: User, case: Case) -> QuerySet[Letter]:
    return letters_visible_to(user=user).filter(case=case).order_by("-created_at", "-id")


def letter_person_ids(*, letter: Letter) -> list[int]:
    if letter.case is None:
        return []
    return letter.case.person_ids()


def letter_get_for_user(
    *,
    user: User,
    pk: int,
    event: AccessEvent = AccessEvent.READ,
    channel: Channel = Channel.HTML,
    resource: str = "",
    require_pdf: bool = False,
) -> Letter:
    """The letter if the user may see it, else 404 (missing and forbidden alike); logs the
    access to the household's data in the letter (R-PRIV-3)."""
    letter = (
        letters_visible_to(user=user)
        .select_related("case", "case__household", "created_by")
        .filter(pk=pk)
        .first()
    )
    if letter is None:
        raise NotFound
    if require_pdf and not letter.pdf:
        raise LetterNotReady
    access_log_record(
        user=user,
        event=event,
        channel=channel,
        person_ids=letter_person_ids(letter=letter),
        case=letter.case,
        resource=resource,
        detail=f"Brief {letter.pk} ({letter.template_code})",
    )
    return letter
