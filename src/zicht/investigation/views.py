"""Pages of the investigation: its overview and one form per step. Staff views are scoped
through the case (`case_get_for_user` logs the read); writes need ASSESS_SAFETY. Every form
comes back with what was typed and the refusal at its field; creates run once per submission
key (core.submission) and the conclusion carries the investigation's version."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from zicht.accounts.models import User
from zicht.accounts.policy import Action, can, require
from zicht.cases import selectors as case_selectors
from zicht.cases.models import Case
from zicht.cases.steps import step_submit
from zicht.handover.forms import OpinionFormSet
from zicht.investigation import services
from zicht.investigation.coverage import coverage
from zicht.investigation.forms import (
    NOT_MET,
    AnswerForm,
    ConclusionForm,
    ConversationForm,
    GroundsForm,
    NetworkForm,
    NoticeForm,
)
from zicht.investigation.models import Investigation, NetworkRequest
from zicht.investigation.selectors import (
    days_left,
    investigation_current,
    investigation_deadlines,
)
from zicht.involvement.models import Service
from zicht.involvement.selectors import conversations_of, household_members
from zicht.involvement.services import ContactInput


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # login_required


def _case(request: HttpRequest, number: str, *, write: bool = False) -> Case:
    require(request.user, Action.VIEW_CLIENT_DATA, *([Action.ASSESS_SAFETY] if write else []))
    return case_selectors.case_get_for_user(
        user=_user(request), number=number, resource=request.path
    )


def _investigation(case: Case) -> Investigation:
    investigation = investigation_current(case=case)
    if investigation is None:
        raise Http404("Voor dit dossier is nog geen onderzoek vastgelegd.")
    return investigation


def _page_url(case: Case) -> str:
    return reverse("investigation:page", kwargs={"number": case.number})


def _next_links(case: Case) -> list[tuple[str, str]]:
    """R-OND-4: the shared plan and the warm handover pages of `involvement`/`handover`."""
    links = []
    for label, name in (
        ("Veiligheidsvoorwaarden en veiligheidsplan", "involvement:plan"),
        ("Warme overdracht", "handover:warm"),
    ):
        try:
            links.append((label, reverse(name, kwargs={"number": case.number})))
        except NoReverseMatch:
            continue
    return links


@login_required
def investigation_page(request: HttpRequest, number: str) -> HttpResponse:
    case = _case(request, number)
    investigation = investigation_current(case=case)
    if investigation is None:
        return redirect("investigation:grounds", number=case.number)
    rows = coverage(investigation)
    return render(
        request,
        "investigation/page.html",
        {
            "case": case,
            "investigation": investigation,
            "coverage": rows,
            "missing": [row for row in rows if not row.covered],
            "conversations": conversations_of(case=case, service=Service.INVESTIGATION),
            "deadlines": [(d, days_left(d)) for d in investigation_deadlines(case=case)],
            "may_write": can(request.user, Action.ASSESS_SAFETY),
            "next_links": _next_links(case),
        },
    )


def _form_page(
    request: HttpRequest,
    case: Case,
    form: Form,
    *,
    title: str,
    button: str,
    status: int = 200,
    intro: str = "",
    opinions: Any = None,
    stale_message: str = "",
) -> HttpResponse:
    return render(
        request,
        "investigation/form.html",
        {
            "case": case,
            "form": form,
            "title": title,
            "button": button,
            "intro": intro,
            "opinions": opinions,
            "stale_message": stale_message,
        },
        status=status,
    )


def _submit(
    request: HttpRequest,
    case: Case,
    form: Form,
    write: Callable[[], Any],
    *,
    done: str,
    page: dict[str, Any],
    valid: bool | None = None,
) -> HttpResponse:
    """Validate, write once per submission key, back to the investigation page; a refusal
    shows the form again with the input kept. The investigation carries its own version (the
    conclusion's form), so the case version is not asked of every step."""
    return step_submit(
        request,
        case=case,
        form=form,
        render=lambda case, form, status, stale: _form_page(
            request, case, form, status=status, stale_message=stale, **page
        ),
        write=write,
        back=_page_url(case),
        done=done,
        versioned=False,
        valid=valid,
    )


@login_required
def grounds(request: HttpRequest, number: str) -> HttpResponse:
    """R-OND-1: why VT investigates, one or more grounds with their explanation."""
    case = _case(request, number, write=request.method == "POST")
    current = investigation_current(case=case)
    current = current if current and current.is_open else None
    page: dict[str, Any] = {
        "title": "Reden van het onderzoek",
        "button": "Reden vastleggen",
        "intro": "Kies een of meer redenen en licht elke gekozen reden toe voor dit huishouden.",
    }
    if request.method != "POST":
        initial: dict[str, Any] = {"version": current.version if current else None}
        for g in current.grounds.all() if current else []:
            initial[f"ground_{g.ground}"] = True
            initial[f"explanation_{g.ground}"] = g.explanation
        return _form_page(request, case, GroundsForm(initial=initial), **page)
    form = GroundsForm(request.POST)
    return _submit(
        request,
        case,
        form,
        lambda: services.investigation_grounds_save(
            user=_user(request),
            case=case,
            grounds=form.entries(),
            investigation=current,
            expected_version=form.cleaned_data.get("version") if current else None,
        ),
        done="De reden van het onderzoek is vastgelegd.",
        page=page,
    )


@login_required
def conversation(request: HttpRequest, number: str) -> HttpResponse:
    """R-OND-3: a conversation; per member spoken, seen or absent, with a reason where needed."""
    case = _case(request, number, write=request.method == "POST")
    investigation = _investigation(case)
    members = household_members(case)
    page: dict[str, Any] = {
        "title": "Onderzoeksgesprek vastleggen",
        "button": "Gesprek vastleggen",
        "intro": "Kinderen van 6 jaar of ouder op de dag van het gesprek worden persoonlijk "
        "gesproken. Wie alleen gezien is of er niet bij was, krijgt zo nodig een reden.",
    }
    if request.method != "POST":
        return _form_page(request, case, ConversationForm(members=members), **page)
    form = ConversationForm(request.POST, members=members)

    def write() -> Any:
        data = form.cleaned_data
        contacts = [
            ContactInput(how=data[f"how_{m.pk}"], member_id=m.pk)
            for m in members
            if data.get(f"how_{m.pk}") not in (None, "", NOT_MET)
        ]
        return services.investigation_conversation(
            user=_user(request),
            case=case,
            investigation=investigation,
            held_on=data.get("held_on"),
            summary=data.get("summary", ""),
            contacts=contacts,
            reasons={m.pk: data.get(f"reason_{m.pk}", "") for m in members},
        )

    return _submit(request, case, form, write, done="Het gesprek is vastgelegd.", page=page)


@login_required
def network(request: HttpRequest, number: str) -> HttpResponse:
    """R-OND-3: information asked from the professional and informal network."""
    case = _case(request, number, write=request.method == "POST")
    investigation = _investigation(case)
    page: dict[str, Any] = {"title": "Informatie opvragen bij het netwerk", "button": "Vastleggen"}
    if request.method != "POST":
        return _form_page(request, case, NetworkForm(), **page)
    form = NetworkForm(request.POST)
    return _submit(
        request,
        case,
        form,
        lambda: services.network_request_add(
            user=_user(request), case=case, investigation=investigation, **form.cleaned_data
        ),
        done="De gevraagde informatie is vastgelegd.",
        page=page,
    )


@login_required
def answer(request: HttpRequest, number: str, request_id: int) -> HttpResponse:
    case = _case(request, number, write=request.method == "POST")
    investigation = _investigation(case)
    asked = NetworkRequest.objects.filter(investigation=investigation, pk=request_id).first()
    if asked is None:
        raise Http404
    page: dict[str, Any] = {
        "title": f"Antwoord van {asked.source}",
        "button": "Antwoord vastleggen",
    }
    if request.method != "POST":
        return _form_page(request, case, AnswerForm(), intro=asked.question, **page)
    form = AnswerForm(request.POST)
    return _submit(
        request,
        case,
        form,
        lambda: services.network_answer_record(
            user=_user(request), case=case, request=asked, **form.cleaned_data
        ),
        done="Het antwoord is vastgelegd.",
        page=page,
    )


@login_required
def notice(request: HttpRequest, number: str) -> HttpResponse:
    """R-OND-5: an RvdK request with the college informed, or the police informed."""
    case = _case(request, number, write=request.method == "POST")
    investigation = _investigation(case)
    page: dict[str, Any] = {
        "title": "Verzoek aan de Raad of politie informeren",
        "button": "Vastleggen",
        "intro": "Bij een verzoek tot onderzoek aan de Raad voor de Kinderbescherming wordt het "
        "college van burgemeester en wethouders altijd per brief geïnformeerd.",
    }
    if request.method != "POST":
        return _form_page(request, case, NoticeForm(), **page)
    form = NoticeForm(request.POST)
    return _submit(
        request,
        case,
        form,
        lambda: services.notice_record(
            user=_user(request), case=case, investigation=investigation, **form.cleaned_data
        ),
        done="Vastgelegd.",
        page=page,
    )


@login_required
def conclude(request: HttpRequest, number: str) -> HttpResponse:
    """R-OND-2: the conclusion, facts and attributed opinions apart (R-HO-4)."""
    case = _case(request, number, write=request.method == "POST")
    investigation = _investigation(case)
    page: dict[str, Any] = {"title": "Onderzoek afronden", "button": "Onderzoek afronden"}
    if request.method != "POST":
        form = ConclusionForm(initial={"version": investigation.version}, case=case)
        return _form_page(request, case, form, opinions=OpinionFormSet(), **page)
    form = ConclusionForm(request.POST, case=case)
    opinions = OpinionFormSet(request.POST, form_kwargs={"case": case})
    page["opinions"] = opinions
    valid = form.is_valid() & opinions.is_valid()
    return _submit(
        request,
        case,
        form,
        lambda: services.investigation_conclude(
            user=_user(request),
            case=case,
            investigation=investigation,
            expected_version=form.cleaned_data["version"],
            conclusion=form.cleaned_data["conclusion"],
            facts=form.cleaned_data["facts"],
            next_steps=form.cleaned_data["next_steps"],
            opinions=[o for o in (row.opinion() for row in opinions.forms) if o is not None],
        ),
        done="Het onderzoek is afgerond en de brief aan het huishouden staat klaar.",
        page=page,
        valid=valid,
    )
