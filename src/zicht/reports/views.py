"""The report intake page. The worker types while the caller talks: one page, nothing typed is lost.

Saving takes two steps when needed. "Controleren en opslaan" first searches, for every person row
with a last name, for persons already known (search before create); when there are any, the page
comes back with a choice per row. Then the new persons are registered and the report is
registered in one transaction: nothing is half-saved. A refusal comes back with status 400, the
fields named and everything typed kept. A BSN never travels in a URL: the page is posted.

Opened from an advice (`?advies=<pk>`, R-ADV-6) the form is prefilled from it and the report is
linked to it in the same transaction; with `&mdo=<id>` it is the VT-initiated report an MDO decided
(R-ADV-7). The advice and MDO travel on as hidden fields and are checked again when saving.
"""

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from zicht.accounts.policy import Action, require
from zicht.core.errors import Conflict
from zicht.core.forms import add_service_errors, unjudged  # "Meer personen" is not a save
from zicht.organisation.selectors import this_organisation
from zicht.people import matching
from zicht.people import selectors as people_selectors
from zicht.people.forms import IdentityFields
from zicht.people.models import HouseholdRole, Person
from zicht.people.selectors import Candidate
from zicht.reports import sources, submission
from zicht.reports.forms import PersonRowForm, ReportForm
from zicht.reports.intake import (
    Address,
    AlreadyTakenIn,
    PersonIn,
    PersonRegisteredMeanwhile,
    ReportIn,
    person_errors,
    report_intake,
)
from zicht.reports.services import Reporter, report_problems_of_accepted

CANDIDATES_SALT = "zicht.reports.intake-candidates"
CANDIDATES_MAX_AGE = 2 * 60 * 60  # the choice between candidates may be made for two hours
MIN_ROWS = 3
MAX_ROWS = 30
NEW = "nieuw"
IDENTITY_FIELDS = tuple(IdentityFields.base_fields)
REPORT_ERROR_FIELDS = {"received_at": "received_date"}  # the service's key → the form's field
SOURCE_DROPPED = (
    "De melding is niet opgeslagen. Slaat u opnieuw op, dan wordt de melding vastgelegd zonder "
    "koppeling met het advies."
)


@dataclass
class Row:
    """One person row: the typed identity and role, and the candidates the search showed."""

    index: int
    form: PersonRowForm
    candidates: list[Candidate] = field(default_factory=list)
    choice: str = ""  # NEW or the number of a candidate shown
    choice_error: str = ""

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def choice_name(self) -> str:
        return f"p{self.index}-keuze"

    def chosen(self) -> Person | None:
        return next((c.person for c in self.candidates if str(c.person.pk) == self.choice), None)


def _row_form(index: int, data: Any = None) -> PersonRowForm:
    return PersonRowForm(data, prefix=f"p{index}")


def _row_count(data: Any) -> int:
    try:
        count = int(data.get("rijen", MIN_ROWS))
    except (TypeError, ValueError):
        count = MIN_ROWS
    return max(1, min(count, MAX_ROWS))


def _identity(cleaned: dict[str, Any]) -> dict[str, Any]:
    """The row's identity fields as keyword arguments; empty means "not given"."""
    return {
        name: cleaned.get(name) or (None if name.startswith("birth_") else "")
        for name in IDENTITY_FIELDS
    }


def _key(row: Row) -> str:
    """What the row's search was for: the shown candidates hold only while the row is unchanged."""
    cleaned = getattr(row.form, "cleaned_data", {})
    values = json.dumps(_identity(cleaned), sort_keys=True, default=str)
    return hashlib.sha256(values.encode()).hexdigest()


def _sign(user: Any, rows: list[Row]) -> str:
    """The candidates shown per row, signed: an existing person is only accepted when the search
    showed it for that row (nobody gains sight of a person by guessing a number)."""
    shown = {
        str(row.index): {
            "key": _key(row),
            "c": [[c.person.pk, c.score, c.reasons, c.visible] for c in row.candidates],
        }
        for row in rows
        if row.candidates
    }
    return signing.dumps({"user": user.pk, "rows": shown}, salt=CANDIDATES_SALT)


def _shown(user: Any, token: str) -> dict[str, Any]:
    if not token:
        return {}
    try:
        data = signing.loads(token, salt=CANDIDATES_SALT, max_age=CANDIDATES_MAX_AGE)
    except signing.BadSignature:
        return {}
    return data.get("rows", {}) if data.get("user") == user.pk else {}


def _restore(row: Row, shown: dict[str, Any], data: Any) -> bool:
    """Shows the candidates signed for this row again, with the choice made, while the row's
    identity is unchanged. Returns whether it did."""
    entry = shown.get(str(row.index))
    if not entry or not hasattr(row.form, "cleaned_data") or entry.get("key") != _key(row):
        return False
    for pk, score, reasons, visible in entry["c"]:
        person = people_selectors.person_found_in_search(person_id=pk)
        if person is not None:
            row.candidates.append(Candidate(person, score, reasons, visible))
    choice = data.get(row.choice_name, "")
    allowed = {NEW, *(str(c.person.pk) for c in row.candidates)}
    if choice in allowed:
        row.choice = choice
    else:
        row.choice = _default_choice(row.candidates)
        row.choice_error = "Kies een van de getoonde personen of ‘Nieuwe persoon registreren’."
    return True


def _default_choice(candidates: list[Candidate]) -> str:
    """ "New person" only when no candidate is likely; from `MATCH_THRESHOLD` nothing is
    preselected: the worker must choose (a wrong default makes a duplicate or a wrong link)."""
    if candidates and candidates[0].score >= matching.MATCH_THRESHOLD:
        return ""
    return NEW


def _anchor(bound: forms.BoundField) -> str:
    # Radio buttons and checkbox lists have no single element; link to the first option.
    return bound.id_for_label or f"{bound.auto_id}_0"


def _error_list(form: ReportForm, rows: list[Row], persons_errors: list[str]) -> list[Any]:
    """Every error with the field it is about, for the summary at the top of the page."""
    errors: list[tuple[str, str]] = [("", str(e)) for e in form.non_field_errors()]
    errors += [("betrokkenen", e) for e in persons_errors]
    for bound in form:
        errors += [(_anchor(bound), f"{bound.label}: {e}") for e in bound.errors]
    for row in rows:
        errors += [("", f"Persoon {row.number}: {e}") for e in row.form.non_field_errors()]
        for bound in row.form:
            errors += [
                (_anchor(bound), f"Persoon {row.number}, {bound.label}: {e}") for e in bound.errors
            ]
        if row.choice_error:
            anchor = f"id_{row.choice_name}_0"
            errors.append((anchor, f"Persoon {row.number}, wie is het: {row.choice_error}"))
    return errors


def _source(user: Any, data: Any) -> tuple[Any, str]:
    """The advice (and MDO decision) the report comes from (`reports.sources`), with the refusal
    if it cannot."""
    kind = sources.kind()
    if kind is None or not data.get(kind.params[0], ""):
        return None, ""
    try:
        return kind.resolve(user, data), ""
    except ValidationError as error:
        return None, " ".join(error.messages)


def _render(
    request: HttpRequest,
    form: ReportForm,
    rows: list[Row],
    *,
    status: int = 200,
    persons_errors: list[str] | None = None,
    source: Any = None,
    source_problem: str = "",
) -> HttpResponse:
    persons_errors = persons_errors or []
    review = any(row.candidates for row in rows)
    context = {
        "form": form,
        "rows": rows,
        "row_count": len(rows),
        "review": review,
        "candidates_token": _sign(request.user, rows) if review else "",
        "errors": _error_list(form, rows, persons_errors),
        "persons_errors": persons_errors,
        "new": NEW,
        "source": source,
        "source_problem": source_problem,
        "submission_key": submission.posted_key(request.POST.get(submission.FIELD, ""))
        or submission.new_key(),
    }
    return render(request, "reports/report_new.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.REGISTER_CONTACT)
    user: Any = request.user
    teams = user.teams.order_by("name")
    if request.method == "GET":
        source, problem = _source(user, request.GET)
        kind = sources.kind()
        initial = kind.initial(source, this_organisation()) if source and kind else None
        rows = [Row(i, _row_form(i)) for i in range(MIN_ROWS)]
        form = ReportForm(initial=initial, teams=teams)
        return _render(request, form, rows, source=source, source_problem=problem)

    data = request.POST
    key = submission.posted_key(data.get(submission.FIELD, ""))
    done = submission.first_case(user, key)
    if done is not None:  # a repeated submit: answered with the first one's result (20.1)
        return _already_saved(request, done)
    source, problem = _source(user, data)
    form = ReportForm(data, teams=teams)
    rows = [Row(i, _row_form(i, data)) for i in range(_row_count(data))]
    shown = _shown(user, data.get("kandidaten", ""))

    if data.get("actie") == "meer":  # one more row; everything typed stays
        for item in [form, *(row.form for row in rows)]:
            unjudged(item)
        for row in rows:
            if _restore(row, shown, data):
                row.choice_error = ""
        if len(rows) < MAX_ROWS:
            rows.append(Row(len(rows), _row_form(len(rows))))
        return _render(request, form, rows, source=source, source_problem=problem)

    valid = form.is_valid()
    valid = all([row.form.is_valid() for row in rows]) and valid
    for row in rows:
        _restore(row, shown, data)
    if problem:  # the advice cannot (any longer) become this report: say so, save nothing
        form.add_error(None, f"{problem} {SOURCE_DROPPED}")
    # Every error at once (16.5): the report's own rules on what the form accepted, before the
    # search, so a worker never fixes the typing only to meet the rules on the next round.
    persons_errors = _add_report_problems(form, rows)
    if not valid or problem or form.errors or persons_errors:
        return _render(
            request, form, rows, status=400, persons_errors=persons_errors, source=source
        )

    # Search before create: a row not yet checked, or changed since, is searched now.
    filled = [row for row in rows if not row.form.is_empty()]
    review = False
    for row in filled:
        if row.candidates or row.choice_error:
            review = review or bool(row.choice_error)
            continue
        row.candidates = people_selectors.person_candidates(
            user=user, **_identity(row.form.cleaned_data), resource=request.path
        )
        row.choice = _default_choice(row.candidates)
        review = review or bool(row.candidates)
    if any(row.choice_error for row in filled):
        return _render(request, form, rows, status=400, source=source)
    if review:
        return _render(request, form, rows, source=source)
    return _save(request, form, rows, filled, source)


def _add_report_problems(form: ReportForm, rows: list[Row]) -> list[str]:
    """`report_problems` on what the form accepted, each at its field unless the field already
    shows an error; returns the errors about the persons as a whole."""
    cleaned = form.cleaned_data
    dated = {"received_date", "received_time"} <= cleaned.keys()
    problems = report_problems_of_accepted(
        cleaned,
        involved=None if any(not row.form.is_empty() for row in rows) else [],
        received_at=form.received_at() if dated else None,
    )
    persons = [problems.pop("persons")] if "persons" in problems else []
    for key, message in problems.items():
        name = REPORT_ERROR_FIELDS.get(key, key)
        if name not in form.errors:
            form.add_error(name if name in form.fields else None, message)
    return persons


def _already_saved(request: HttpRequest, number: str) -> HttpResponse:
    messages.info(request, f"Deze melding was al vastgelegd in dossier {number}.")
    return redirect("cases:detail", number=number)


def _save(
    request: HttpRequest,
    form: ReportForm,
    rows: list[Row],
    filled: list[Row],
    source: Any,
) -> HttpResponse:
    user: Any = request.user
    key = submission.posted_key(request.POST.get(submission.FIELD, ""))
    cleaned = form.cleaned_data
    persons_errors: list[str] = []
    try:
        result = report_intake(
            user=user,
            report=ReportIn(
                channel=cleaned["channel"],
                received_at=form.received_at(),
                reporter=Reporter(
                    name=cleaned["reporter_name"],
                    kind=cleaned["caller_kind"],
                    phone=cleaned["reporter_phone"],
                    email=cleaned["reporter_email"],
                    organisation=cleaned["reporter_organisation"],
                    sector=cleaned["sector"],
                    profession=cleaned["profession"],
                ),
                concerns=cleaned["concerns"],
                violence_types=cleaned["violence_types"],
                violence_duration=cleaned["violence_duration"],
                anonymous_to_household=cleaned["anonymous_to_household"],
                anonymity_reason=cleaned["anonymity_reason"],
                keeps_helping=cleaned["keeps_helping"],
                asks_vt_take_over=cleaned["asks_vt_take_over"],
                agreements=cleaned["agreements"],
                team=cleaned["team"],
                address=Address(**form.address_values()),
            ),
            persons=[
                PersonIn(
                    role=HouseholdRole(row.form.cleaned_data["role"]),
                    identity=_identity(row.form.cleaned_data) | row.form.address_values(),
                    person=row.chosen(),
                )
                for row in filled
            ],
            source=source,
            resource=request.path,
            record=submission.recorder(user, key),
        )
    except AlreadyTakenIn:  # the same submit, sent twice at once: the other one saved it
        return _already_saved(request, submission.first_case(user, key) or "")
    except PersonRegisteredMeanwhile as error:
        # Nothing was saved: the new rows are searched again, so the worker can choose the
        # person a colleague just registered.
        for row in filled:
            if row.chosen() is None:
                row.candidates = people_selectors.person_candidates(
                    user=user, **_identity(row.form.cleaned_data), resource=request.path
                )
                row.choice = _default_choice(row.candidates)
        status = add_service_errors(form, error)
    except Conflict as error:  # the advice or MDO was turned into a report meanwhile
        status = add_service_errors(form, error, REPORT_ERROR_FIELDS)
    except ValidationError as error:
        # Errors about a person are shown at its row; the rest on the report form.
        per_person, rest = person_errors(error)
        for index, fields in per_person.items():
            add_service_errors(filled[index].form, ValidationError(fields))
        if hasattr(rest, "error_dict") and "persons" in rest.error_dict:
            persons_errors += rest.message_dict["persons"]
            rest = ValidationError(
                {key: texts for key, texts in rest.message_dict.items() if key != "persons"}
            )
        add_service_errors(form, rest, REPORT_ERROR_FIELDS)
        status = 400
    else:
        case = result.report.case
        kind = sources.kind()
        linked = f", gekoppeld aan {kind.label(source)}" if source and kind else ""
        messages.success(request, f"Melding vastgelegd in dossier {case.number}{linked}.")
        return redirect("cases:detail", number=case.number)
    return _render(request, form, rows, status=status, persons_errors=persons_errors, source=source)
