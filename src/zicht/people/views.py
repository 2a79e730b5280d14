"""Pages for persons and households. Reads go through `selectors` (scoped, logged), writes
through `services`; a refused form comes back with status 400, the field named and the input kept.

A BSN never travels in a URL: every form that may carry one is posted.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from zicht.accounts.policy import Action, can, require
from zicht.core import submission
from zicht.core.errors import Conflict, NotFound
from zicht.core.forms import FORM_REFUSALS, add_service_errors, refusal_text
from zicht.people import selectors, services
from zicht.people.bsn import masked_bsn
from zicht.people.forms import (
    AddMemberForm,
    HouseholdSearchForm,
    IdentityFields,
    MergeForm,
    PersonForm,
    PersonSearchForm,
    PersonUpdateForm,
)
from zicht.people.models import Household, HouseholdRole, Person

CANDIDATES_SALT = "zicht.people.household-candidates"
CANDIDATES_MAX_AGE = 2 * 60 * 60  # a search result may be acted on for two hours
IDENTITY_FIELDS = tuple(IdentityFields.base_fields)

View = Callable[..., HttpResponse]


def client_data_required(view: View) -> View:
    """Logged in, and a role that may see client data (403 otherwise)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require(request.user, Action.VIEW_CLIENT_DATA)
        return view(request, *args, **kwargs)

    return wrapper


def _require_register(request: HttpRequest) -> None:
    require(request.user, Action.REGISTER_CONTACT)


def _identity(cleaned: dict[str, Any]) -> dict[str, Any]:
    """The search's or form's identity fields as keyword arguments; empty means "not given"."""
    empty = {name: None if name.startswith("birth_") else "" for name in IDENTITY_FIELDS}
    return {name: cleaned.get(name) or default for name, default in empty.items()}


# Search before registering ----------------------------------------------------------------------


@client_data_required
@require_http_methods(["GET", "POST"])
def person_search(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "people/search.html", {"form": PersonSearchForm()})
    form = PersonSearchForm(request.POST)
    if not form.is_valid():
        return render(request, "people/search.html", {"form": form}, status=400)
    user: Any = request.user
    candidates = selectors.person_candidates(
        user=user,
        **_identity(form.cleaned_data),
        resource=request.path,
    )
    context = {
        "form": form,
        "candidates": candidates,
        "searched": True,
        "may_register": can(request.user, Action.REGISTER_CONTACT),
    }
    return render(request, "people/search.html", context)


# Registering and changing ---------------------------------------------------------------------


def _person_values(form: PersonForm) -> dict[str, Any]:
    values = _identity(form.cleaned_data)
    for name in ("sex", "street", "house_number", "postcode", "city", "municipality"):
        values[name] = form.cleaned_data.get(name) or ("" if name != "municipality" else None)
    return values


def _placement(request: HttpRequest) -> tuple[Household | None, str]:
    """The household a new person is registered into, when the search came from one."""
    household_id, role = request.POST.get("household", ""), request.POST.get("role", "")
    if not household_id:
        return None, ""
    user: Any = request.user
    households = selectors.households_visible_to(user)
    household = households.filter(pk=household_id).first() if household_id.isdigit() else None
    if household is None or role not in HouseholdRole.values:
        raise NotFound  # a household out of scope looks the same as a missing one
    return household, role


@client_data_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    _require_register(request)
    household, role = _placement(request) if request.method == "POST" else (None, "")
    context: dict[str, Any] = {
        "household": household,
        "role": role,
        "role_label": HouseholdRole(role).label if role else "",
    }
    if request.method == "GET":
        return render(request, "people/person_create.html", context | {"form": PersonForm()})
    if request.POST.get("stap") == "vooraf":  # from the search: what was searched, pre-filled
        searched = IdentityFields(request.POST)
        initial = _identity(searched.cleaned_data) if searched.is_valid() else {}
        form = PersonForm(initial={k: v for k, v in initial.items() if v not in ("", None)})
        return render(request, "people/person_create.html", context | {"form": form})
    user: Any = request.user
    form = PersonForm(request.POST)
    status = 400
    if form.is_valid():
        try:  # registered and placed in the household, or neither; once per key (20.1)
            person = submission.once(
                request,
                "personen/nieuw",
                lambda: _register(user, form, household, role),
                lambda person: _after_create(person, household),
            )
        except submission.Repeated as repeated:
            return submission.answer(request, repeated)
        except FORM_REFUSALS as error:
            status = add_service_errors(form, error)
        else:
            messages.success(request, f"{person.full_name} is geregistreerd.")
            return redirect(_after_create(person, household))
    return render(request, "people/person_create.html", context | {"form": form}, status=status)


def _register(user: Any, form: PersonForm, household: Household | None, role: str) -> Person:
    with transaction.atomic():
        person = services.person_create(user=user, **_person_values(form))
        if household is not None:
            services.household_add_member(user=user, household=household, person=person, role=role)
    return person


def _after_create(person: Person, household: Household | None) -> str:
    if household is not None:
        return reverse("people:household_detail", kwargs={"pk": household.pk})
    return reverse("people:person_detail", kwargs={"pk": person.pk})


@client_data_required
@require_http_methods(["GET", "POST"])
def person_update(request: HttpRequest, pk: int) -> HttpResponse:
    _require_register(request)
    user: Any = request.user
    person = selectors.person_get_for_user(user=user, person_id=pk, resource=request.path)
    if request.method == "GET":
        form = PersonUpdateForm(initial=PersonUpdateForm.initial_from(person))
        return render(request, "people/person_update.html", {"person": person, "form": form})
    form = PersonUpdateForm(request.POST)
    stale_message = ""
    status = 400
    if form.is_valid():
        try:
            services.person_update(
                user=user,
                person=person,
                expected_version=form.cleaned_data["version"],
                **_person_values(form),
            )
        except services.StalePerson as stale:
            # Keep what was typed, against the current version, so a second save is deliberate.
            stale_message = str(stale)
            person = stale.person
            form = PersonUpdateForm({**request.POST.dict(), "version": person.version})
            status = stale.status
        except FORM_REFUSALS as error:
            status = add_service_errors(form, error)
        else:
            messages.success(request, "De gegevens zijn opgeslagen.")
            return redirect("people:person_detail", pk=person.pk)
    context = {"person": person, "form": form, "stale_message": stale_message}
    return render(request, "people/person_update.html", context, status=status)


# A person's page and merging --------------------------------------------------------------------


def _merge_form(request: HttpRequest, person: Person, data: Any = None) -> MergeForm | None:
    """The "samenvoegen met…" form, offering this person's likely duplicates in scope."""
    if not can(request.user, Action.REGISTER_CONTACT):
        return None
    user: Any = request.user
    candidates = selectors.person_candidates(
        user=user,
        last_name=person.last_name,
        prefix=person.prefix,
        first_names=person.first_names,
        bsn=person.bsn,
        birth_year=person.birth_year,
        birth_month=person.birth_month,
        birth_day=person.birth_day,
        exclude_ids=[person.pk],
        visible_only=True,
        resource=request.path,
    )
    choices = [
        (
            c.person.pk,
            f"{c.person.full_name}, geboren {c.person.birth_date_display} "
            f"(persoonsnummer {c.person.pk}; overeenkomst {c.score}%: {', '.join(c.reasons)})",
        )
        for c in candidates
    ]
    persons = selectors.persons_visible_to(user).exclude(pk=person.pk)
    return MergeForm(data, persons=persons, choices=choices)


def _render_detail(
    request: HttpRequest, person: Person, merge_form: MergeForm | None, status: int = 200
) -> HttpResponse:
    user: Any = request.user
    context = {
        "person": person,
        "masked_bsn": masked_bsn(person.bsn),
        "households": selectors.person_households(user=user, person=person),
        "history": selectors.person_history(person=person),
        "merged_ids": selectors.merged_person_ids(person=person),
        "merge_form": merge_form,
        "may_change": can(user, Action.REGISTER_CONTACT),
    }
    return render(request, "people/person_detail.html", context, status=status)


@client_data_required
@require_http_methods(["GET"])
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    person = selectors.person_get_for_user(user=user, person_id=pk, resource=request.path)
    return _render_detail(request, person, _merge_form(request, person))


@client_data_required
@require_POST
def person_merge(request: HttpRequest, pk: int) -> HttpResponse:
    _require_register(request)
    user: Any = request.user
    keep = selectors.person_get_for_user(user=user, person_id=pk, resource=request.path)
    persons = selectors.persons_visible_to(user).exclude(pk=keep.pk)
    form = MergeForm(request.POST, persons=persons)
    refused = None
    if form.is_valid():
        remove = form.cleaned_data["remove"]
        try:
            services.person_merge(user=user, keep=keep, remove=remove)
        except FORM_REFUSALS as error:
            refused = error
        else:
            messages.success(
                request,
                f"Persoonsnummer {remove.pk} is samengevoegd met {keep.full_name}.",
            )
            return redirect("people:person_detail", pk=keep.pk)
    # Refused: the same input again, now with the likely duplicates to choose from.
    shown = _merge_form(request, keep, request.POST)
    status = 400
    if shown is not None and shown.is_valid() and refused is not None:
        status = add_service_errors(shown, refused)
    return _render_detail(request, keep, shown, status=status)


# Households -------------------------------------------------------------------------------------


def _render_household(
    request: HttpRequest, household: Household, status: int = 200, **extra: Any
) -> HttpResponse:
    user: Any = request.user
    members = list(selectors.household_members(household=household))
    refused = extra.pop("roles_refused", None)
    for member in members:  # what each member's roles form shows: as saved, or as posted
        member.roles_checked = member.all_roles  # type: ignore[attr-defined]
        member.roles_error = ""  # type: ignore[attr-defined]
        if refused is not None and refused[0] == member.person_id:
            member.roles_checked, member.roles_error = refused[1], refused[2]  # type: ignore[attr-defined]
    context = {
        "household": household,
        "members": members,
        "role_choices": HouseholdRole.choices,
        "case_numbers": selectors.household_case_numbers(user=user, household=household),
        "may_change": can(user, Action.REGISTER_CONTACT),
        "search_form": HouseholdSearchForm(),
        **extra,
    }
    return render(request, "people/household_detail.html", context, status=status)


def _set_roles(request: HttpRequest, household: Household) -> HttpResponse:
    """Every role of one member (16.9), against the roles the form showed (`was`)."""
    user: Any = request.user
    person_id = request.POST.get("persoon", "")
    member = next(
        (
            m
            for m in selectors.household_members(household=household)
            if str(m.person_id) == person_id
        ),
        None,
    )
    if member is None:
        raise NotFound
    roles = request.POST.getlist("rollen")
    try:
        services.household_member_set_roles(
            user=user,
            household=household,
            person=member.person,
            roles=roles,
            expected_roles=[r for r in request.POST.get("was", "").split(",") if r],
        )
    except FORM_REFUSALS as error:
        status = 409 if isinstance(error, Conflict) else 400
        text = refusal_text(error)
        return _render_household(
            request, household, status=status, roles_refused=(member.person_id, roles, text)
        )
    messages.success(request, f"Rollen van {member.person.full_name} opgeslagen.")
    return redirect("people:household_detail", pk=household.pk)


@client_data_required
@require_http_methods(["GET", "POST"])
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    household = selectors.household_get_for_user(user=user, household_id=pk, resource=request.path)
    if request.method == "GET":
        return _render_household(request, household)
    _require_register(request)
    if request.POST.get("stap") == "toevoegen":
        return _add_member(request, household)
    if request.POST.get("stap") == "rollen":
        return _set_roles(request, household)
    form = HouseholdSearchForm(request.POST)
    if not form.is_valid():
        return _render_household(request, household, status=400, search_form=form)
    member_ids = household.members.values_list("person_id", flat=True)
    candidates = selectors.person_candidates(
        user=user,
        **_identity(form.cleaned_data),
        exclude_ids=list(member_ids),
        resource=request.path,
    )
    token = signing.dumps(
        {"household": household.pk, "persons": [c.person.pk for c in candidates]},
        salt=CANDIDATES_SALT,
    )
    return _render_household(
        request,
        household,
        search_form=form,
        candidates=candidates,
        candidates_token=token,
        role=form.cleaned_data["role"],
        searched=True,
    )


def _add_member(request: HttpRequest, household: Household) -> HttpResponse:
    """Adds a person the search showed. The signed list proves the person came from that search:
    nobody adds (and so gains sight of) a person by guessing a number."""
    user: Any = request.user
    form = AddMemberForm(request.POST)
    problem = "Deze zoekopdracht is verlopen of onvolledig. Zoek de persoon opnieuw."
    errors = _problems(problem)
    status = 400
    person = None
    if form.is_valid():
        try:
            shown = signing.loads(
                form.cleaned_data["candidates"], salt=CANDIDATES_SALT, max_age=CANDIDATES_MAX_AGE
            )
        except signing.BadSignature:
            shown = {}
        person_id = form.cleaned_data["person"]
        if shown.get("household") == household.pk and person_id in shown.get("persons", []):
            person = selectors.person_found_in_search(person_id=person_id)
    if person is not None:
        try:  # once per key (20.1): a double click adds the person once
            submission.once(
                request,
                "huishoudens/lid",
                lambda: services.household_add_member(
                    user=user, household=household, person=person, role=form.cleaned_data["role"]
                ),
                lambda _: reverse("people:household_detail", kwargs={"pk": household.pk}),
            )
        except submission.Repeated as repeated:
            return submission.answer(request, repeated)
        except FORM_REFUSALS as error:
            errors = _problems()
            status = add_service_errors(errors, error)
        else:
            messages.success(request, f"{person.full_name} is toegevoegd aan het huishouden.")
            return redirect("people:household_detail", pk=household.pk)
    return _render_household(request, household, status=status, add_errors=errors)


def _problems(*texts: str) -> forms.Form:
    """A form carrying only errors, so `includes/form_errors.html` can show them."""
    form = forms.Form({})
    form.is_valid()
    for text in texts:
        form.add_error(None, text)
    return form
