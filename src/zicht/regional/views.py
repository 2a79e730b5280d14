"""Pages of the regional tasks: the house ban's panel actions on the case page, the house-ban
overview for the team leader (R-HB-1), and the information sessions (R-VL-1).

The panel actions are the case page's panel form pages (`cases.steps.panel_action`): scoped
through the case (its read logged), writes need ASSESS_SAFETY, a stale case version is refused
with the input kept."""

import csv
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from zicht.accounts.models import User
from zicht.accounts.policy import Action, require
from zicht.cases.models import Case
from zicht.cases.steps import panel_action
from zicht.core import submission
from zicht.core.forms import FORM_REFUSALS, add_service_errors, unjudged
from zicht.regional import house_bans, sessions
from zicht.regional.forms import (
    ActionForm,
    DecisionForm,
    EndForm,
    SessionEditForm,
    SessionFilterForm,
    SessionForm,
)
from zicht.regional.models import HouseBan, InformationSession


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # login_required


def _ban(case: Case, ban_id: int) -> HouseBan:
    return get_object_or_404(HouseBan, case=case, pk=ban_id)


# --- the panel's actions (the handover's panel form pages, with the ban as what they act on) ---


@login_required
def decide(request: HttpRequest, number: str, ban_id: int) -> HttpResponse:
    """R-HB-1: the mayor's decision on an extension, up to 28 days in total."""

    def write(case: Case, data: dict[str, Any]) -> None:
        house_bans.house_ban_decide(
            user=_user(request),
            ban=_ban(case, ban_id),
            expected_version=data["version"],
            decided_on=data["decided_on"],
            extended=data["extended"],
            ends_at=data["ends_at"],
            note=data["note"],
        )

    return panel_action(
        request,
        number,
        DecisionForm,
        "besluit",
        title="Besluit over verlenging van het huisverbod",
        button="Besluit vastleggen",
        write=write,
        done="Het besluit over de verlenging is vastgelegd.",
        target=lambda case: _ban(case, ban_id),
        initial=lambda ban: {"decided_on": timezone.localdate()},
    )


@login_required
def record_action(request: HttpRequest, number: str, ban_id: int) -> HttpResponse:
    """R-HB-1: contact with the banned person, the victims, the children; advice given."""

    def write(case: Case, data: dict[str, Any]) -> None:
        house_bans.house_ban_action_record(
            user=_user(request),
            ban=_ban(case, ban_id),
            expected_version=data["version"],
            kind=data["kind"],
            done_on=data["done_on"],
            note=data["note"],
        )

    return panel_action(
        request,
        number,
        ActionForm,
        "actie",
        title="Actie tijdens het huisverbod vastleggen",
        button="Actie vastleggen",
        write=write,
        done="De actie is vastgelegd.",
        target=lambda case: _ban(case, ban_id),
        initial=lambda ban: {"done_on": timezone.localdate()},
    )


@login_required
def end(request: HttpRequest, number: str, ban_id: int) -> HttpResponse:
    """R-HB-1: the ban ended; the safety agreements VT monitors afterwards."""

    def write(case: Case, data: dict[str, Any]) -> None:
        house_bans.house_ban_end(
            user=_user(request),
            ban=_ban(case, ban_id),
            expected_version=data["version"],
            ended_at=data["ended_at"],
            aftercare=data["aftercare"],
        )

    return panel_action(
        request,
        number,
        EndForm,
        "einde",
        title="Einde van het huisverbod en nazorg",
        button="Einde en nazorg vastleggen",
        write=write,
        done="Het einde van het huisverbod en de nazorgafspraken zijn vastgelegd.",
        target=lambda case: _ban(case, ban_id),
        initial=lambda ban: {"ended_at": timezone.localtime(ban.ends_at)},
    )


# --- the overview for the team leader -----------------------------------------------------------


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """R-HB-1: running bans with the days left and their extensions, and ended bans with their
    aftercare, of the teams the leader may see. No person is named: the case number links to
    the case page, which logs its read."""
    require(request.user, Action.LEAD_TEAM)
    now = timezone.now()
    bans = (
        HouseBan.objects.filter(case__in=Case.objects.visible_to(_user(request)))
        .select_related("case", "case__team", "case__worker", "monitoring_plan")
        .prefetch_related("decisions")
    )
    running = list(bans.filter(ended_at__isnull=True).order_by("ends_at"))
    for ban in running:
        left = ban.ends_at - now
        ban.days_left = max(0, left.days + (1 if left % timedelta(days=1) else 0))  # type: ignore[attr-defined]
        ban.expired = left <= timedelta(0)  # type: ignore[attr-defined]
    ended = list(
        bans.filter(ended_at__isnull=False, ended_at__gte=now - timedelta(days=90)).order_by(
            "-ended_at"
        )
    )
    return render(request, "regional/overview.html", {"running": running, "ended": ended})


# --- information sessions -----------------------------------------------------------------------

SESSION_PAGE = "voorlichtingen/nieuw"


def _sessions_filtered(request: HttpRequest) -> tuple[SessionFilterForm, Any]:
    form = SessionFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, sessions.sessions_list(**form.cleaned_data)
    return form, sessions.sessions_list() if not form.is_bound else None


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    """R-VL-1: the sessions given, filtered by period and municipality."""
    require(request.user, Action.INFORMATION_SESSIONS)
    form, found = _sessions_filtered(request)
    rows = list(found[:500]) if found is not None else []
    return render(
        request,
        "regional/sessions.html",
        {
            "form": form,
            "sessions": rows,
            "participants": sum(s.participants for s in rows),
            "query": request.GET.urlencode(),
        },
        status=200 if found is not None else 400,
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(found: Any) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    rows = sessions.csv_rows(found)
    yield "\ufeff" + writer.writerow(next(rows))  # the BOM: spreadsheets read UTF-8
    for row in rows:
        yield writer.writerow(row)


@login_required
def session_csv(request: HttpRequest) -> HttpResponse:
    """R-VL-1: the filtered list as CSV (semicolons, as Dutch spreadsheets expect)."""
    require(request.user, Action.INFORMATION_SESSIONS)
    form, found = _sessions_filtered(request)
    if found is None:
        return render(
            request,
            "regional/sessions.html",
            {"form": form, "sessions": [], "participants": 0, "query": ""},
            status=400,
        )
    # About a hundred sessions a year: one response, not a stream.
    response = HttpResponse("".join(_csv_lines(found)), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="voorlichtingen-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response


def _session_page(
    request: HttpRequest,
    form: Form,
    *,
    session: InformationSession | None = None,
    status: int = 200,
    stale_message: str = "",
) -> HttpResponse:
    return render(
        request,
        "regional/session_form.html",
        {"form": form, "session": session, "stale_message": stale_message},
        status=status,
    )


@login_required
def session_new(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.INFORMATION_SESSIONS)
    if request.method != "POST":
        return _session_page(request, SessionForm())
    form = SessionForm(request.POST)
    if not form.is_valid():
        return _session_page(request, form, status=400)
    try:  # once per submission key (20.1)
        submission.once(
            request,
            SESSION_PAGE,
            lambda: sessions.session_create(user=_user(request), values=form.cleaned_data),
            lambda _: reverse("regional:sessions"),
        )
    except submission.Repeated as repeated:
        return submission.answer(request, repeated)
    except FORM_REFUSALS as error:
        return _session_page(request, form, status=add_service_errors(form, error))
    messages.success(request, "De voorlichting is geregistreerd.")
    return redirect("regional:sessions")


@login_required
def session_edit(request: HttpRequest, session_id: int) -> HttpResponse:
    require(request.user, Action.INFORMATION_SESSIONS)
    session = get_object_or_404(InformationSession, pk=session_id)
    if request.method != "POST":
        initial = {name: getattr(session, name) for name in sessions.FIELDS}
        form = SessionEditForm(initial={**initial, "version": session.version})
        return _session_page(request, form, session=session)
    form = SessionEditForm(request.POST)
    if not form.is_valid():
        return _session_page(request, form, session=session, status=400)
    try:
        if "verwijderen" in request.POST:
            sessions.session_delete(
                user=_user(request), session=session, expected_version=form.cleaned_data["version"]
            )
            messages.success(request, "De voorlichting is verwijderd.")
            return redirect("regional:sessions")
        sessions.session_update(
            user=_user(request),
            session=session,
            expected_version=form.cleaned_data["version"],
            values=form.cleaned_data,
        )
    except sessions.StaleSession as stale:
        kept = SessionEditForm({**request.POST.dict(), "version": stale.session.version})
        unjudged(kept)
        return _session_page(
            request, kept, session=stale.session, status=409, stale_message=str(stale)
        )
    except FORM_REFUSALS as error:
        return _session_page(request, form, session=session, status=add_service_errors(form, error))
    messages.success(request, "De voorlichting is bijgewerkt.")
    return redirect("regional:sessions")
