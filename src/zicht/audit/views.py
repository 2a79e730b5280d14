"""Reviewing the access log (R-PRIV-3): a person's log for a subject access request, a staff
member's log for the privacy officer, each as a page or as a streamed CSV download."""

import csv
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from zicht.accounts.api import request_user
from zicht.accounts.policy import Action, require
from zicht.audit import selectors
from zicht.audit.models import AccessEvent, AccessLogEntry, Channel
from zicht.core.forms import LimitedForm

PAGE_SIZE = 50
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# A cell starting with one of these is a formula to a spreadsheet: free text (a reason) is
# prefixed with an apostrophe so opening the download never runs anything.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class PersonChoiceForm(LimitedForm):
    persoon = forms.IntegerField(
        label="Persoonsnummer",
        min_value=1,
        help_text="Het nummer van de persoon in Zicht (niet het BSN). Ook van een persoon van "
        "wie het dossier al is vernietigd.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "required": "Vul een persoonsnummer in.",
            "invalid": "Een persoonsnummer bestaat alleen uit cijfers.",
            "min_value": "Een persoonsnummer is 1 of hoger.",
        },
    )


class PersonSearchForm(LimitedForm):
    """By name or BSN. Sent as POST: a BSN never travels in an address (R-PRIV-2)."""

    naam = forms.CharField(
        label="Naam",
        required=False,
        max_length=200,
        help_text="Voornaam, achternaam of een deel ervan.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"max_length": "Gebruik hoogstens 200 tekens."},
    )
    bsn = forms.CharField(
        label="BSN",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"max_length": "Een BSN heeft 9 cijfers."},
    )

    def clean_bsn(self) -> str:
        bsn = "".join(ch for ch in self.cleaned_data["bsn"] if ch not in " .-")
        if bsn and (not bsn.isdigit() or len(bsn) not in (8, 9)):
            raise forms.ValidationError("Een BSN heeft 9 cijfers (of 8, met een 0 ervoor).")
        return bsn

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not (cleaned.get("naam", "").strip() or cleaned.get("bsn")):
            raise forms.ValidationError("Vul een naam of een BSN in.")
        return cleaned


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        label = f"{obj.full_name} ({obj.email})"
        return label if obj.is_active else f"{label} — niet meer actief"


class StaffChoiceForm(LimitedForm):
    medewerker = StaffChoiceField(
        label="Medewerker",
        queryset=None,
        empty_label="Kies een medewerker",
        error_messages={
            "required": "Kies een medewerker.",
            "invalid_choice": "Deze medewerker bestaat niet. Kies een medewerker uit de lijst.",
        },
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["medewerker"].queryset = selectors.staff_for_review(user=user)  # type: ignore[attr-defined]


def _require_reviewer(request: HttpRequest) -> None:
    require(request.user, Action.REVIEW_ACCESS_LOG)


def _wants_csv(request: HttpRequest) -> bool:
    return request.GET.get("formaat") == "csv"


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Choose whose log to see: a person (by name or BSN, or by number) or a staff member."""
    _require_reviewer(request)
    search_form = PersonSearchForm(request.POST if request.method == "POST" else None)
    person_form = PersonChoiceForm(request.GET if "persoon" in request.GET else None)
    staff_form = StaffChoiceForm(
        request.GET if "medewerker" in request.GET else None, user=request_user(request)
    )
    if person_form.is_bound and person_form.is_valid():
        return redirect("audit:person", person_id=person_form.cleaned_data["persoon"])
    if staff_form.is_bound and staff_form.is_valid():
        return redirect("audit:user", user_id=staff_form.cleaned_data["medewerker"].pk)
    found = None
    if search_form.is_bound and search_form.is_valid():
        found = selectors.access_log_search_persons(
            user=request_user(request),
            name=search_form.cleaned_data["naam"].strip(),
            bsn=search_form.cleaned_data["bsn"],
            resource=request.path,
        )
    bound = [form for form in (search_form, person_form, staff_form) if form.is_bound]
    status = 400 if any(form.errors for form in bound) else 200
    context = {
        "search_form": search_form,
        "found": found,
        "search_limit": selectors.SEARCH_LIMIT,
        "person_form": person_form,
        "staff_form": staff_form,
    }
    return render(request, "audit/index.html", context, status=status)


@login_required
def person_log(request: HttpRequest, person_id: int) -> HttpResponse | StreamingHttpResponse:
    """Every access to one person's data: the answer to a subject access request."""
    _require_reviewer(request)
    export = _wants_csv(request)
    rows = selectors.access_log_for_person(
        user=request_user(request),
        person_id=person_id,
        event=AccessEvent.EXPORT if export else AccessEvent.READ,
        channel=Channel.EXPORT if export else Channel.HTML,
        resource=request.path,
    )
    name = selectors.access_log_person_name(user=request_user(request), person_id=person_id)
    if export:
        return _csv_download(
            rows, filename=f"toegangslog-persoon-{person_id}", names={person_id: name}
        )
    who = f"{name} (persoon {person_id})" if name else f"persoon {person_id}"
    context = {
        "person_id": person_id,
        "name": name,
        "page": _page(request, rows),
        "caption": f"Toegangslog van {who}",
    }
    return render(request, "audit/person_log.html", context)


@login_required
def user_log(request: HttpRequest, user_id: int) -> HttpResponse | StreamingHttpResponse:
    """Every access by one staff member (or on their behalf): for the privacy officer."""
    _require_reviewer(request)
    member = selectors.staff_member_for_review(user=request_user(request), subject_user_id=user_id)
    export = _wants_csv(request)
    event = AccessEvent.EXPORT if export else AccessEvent.READ
    channel = Channel.EXPORT if export else Channel.HTML
    rows = selectors.access_log_for_user(
        user=request_user(request),
        subject_user_id=member.pk,
        event=event,
        channel=channel,
        resource=request.path,
    )
    if export:
        shown: Any = selectors.persons_in(rows)
    else:
        page = _page(request, rows)
        shown = [entry.person_id for entry in page.object_list]
    selectors.access_log_record_persons_shown(
        user=request_user(request),
        subject_user_id=member.pk,
        person_ids=shown,
        event=event,
        channel=channel,
        resource=request.path,
    )
    names = selectors.access_log_person_names(user=request_user(request), person_ids=shown)
    if export:
        return _csv_download(rows, filename=f"toegangslog-medewerker-{member.pk}", names=names)
    for entry in page.object_list:  # the name beside the number
        entry.person_name = names.get(entry.person_id, "")
    context = {"member": member, "page": page, "caption": f"Toegangslog van {member.full_name}"}
    return render(request, "audit/user_log.html", context)


def _page(request: HttpRequest, rows: QuerySet[AccessLogEntry]) -> Any:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))


CSV_HEADER = [
    "regel",
    "datum en tijd (Europe/Amsterdam)",
    "gebeurtenis",
    "medewerker",
    "namens",
    "persoonsnummer",
    "dossiernummer",
    "kanaal",
    "pagina of bron",
    "toelichting",
    "reden",
    "naam van de persoon",  # last, so the columns before it stay where they were
]


class _Echo:
    """The file-like object csv.writer needs; it hands each line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def _csv_lines(rows: QuerySet[AccessLogEntry], names: dict[int, str]) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    # The byte-order mark makes spreadsheet programs read the file as UTF-8 (ë, é).
    yield "\ufeff" + writer.writerow(CSV_HEADER)
    for entry in rows.iterator(chunk_size=2000):
        yield writer.writerow(
            [
                entry.pk,
                timezone.localtime(entry.at, AMSTERDAM).strftime("%Y-%m-%d %H:%M:%S"),
                entry.get_event_display(),
                _cell(entry.user_label),
                _cell(entry.on_behalf_of_label),
                _cell(entry.person_id),
                _cell(entry.case_number),
                entry.get_channel_display(),
                _cell(entry.resource),
                _cell(entry.detail),
                _cell(entry.reason),
                _cell(names.get(entry.person_id, "") if entry.person_id else ""),
            ]
        )


def _csv_download(
    rows: QuerySet[AccessLogEntry], *, filename: str, names: dict[int, str]
) -> StreamingHttpResponse:
    stamp = timezone.localtime(timezone.now(), AMSTERDAM).strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(
        _csv_lines(rows, names), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response
