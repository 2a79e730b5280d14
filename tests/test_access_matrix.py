"""The access matrix, generated from the URL configuration (issue 17, "An access-matrix test").

Every route of the pages and the API is classified below (the right it needs, the object in its
path, how it is read). The test walks the URL configuration: a route that is not classified
fails `test_every_route_is_classified`, so a new route is covered the day it is added. Then every
route × every role × own / other team's / unknown object:

- a role without the right: 403 (the API as problem+json);
- with the right, another team's or an unknown object: 404, the same answer (R-PRIV-3);
- with the right, its own object: an answer (not 403, 404 or 5xx), and every person whose name the
  answer shows has an access-log entry of this request (R-PRIV-3, NEN 7513).

Fast: requests through the test client, one user per role, one role per right-set for the
refusals, the objects made once.
"""

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.api.factories import case, person, team_of, token_client
from tests.conftest import verified_client
from tests.factories import PartnerAgencyFactory, TeamFactory, UserFactory
from zicht.accounts.policy import Action, Role, can
from zicht.audit.models import AccessLogEntry
from zicht.reports.models import PartnerSystemAccount

pytestmark = pytest.mark.django_db

PUBLIC, LOGIN = "public", "login"
A = Action


@dataclass(frozen=True)
class Route:
    right: str  # an Action, LOGIN (any staff member) or PUBLIC (no login)
    obj: str = ""  # what the path names: "case", "person", "household", "user", "other"
    method: str = "GET"  # how the route is used; a write (POST, PUT) is sent an empty object


# Routes whose object this test does not make (a letter, an advice, a handover, a report): only
# the refusal without the right and the 404 of an unknown one are checked.
OTHER = "other"

ROUTES: dict[str, Route] = {
    # the API
    "api/v1/openapi.json": Route(PUBLIC),
    "api/v1/^.*$": Route(PUBLIC),  # every other path: 404 problem+json
    "api/v1/persons": Route(A.VIEW_CLIENT_DATA),
    "api/v1/persons/search": Route(A.VIEW_CLIENT_DATA, method="POST"),
    "api/v1/persons/<int:id>": Route(A.VIEW_CLIENT_DATA, "person"),
    "api/v1/households": Route(A.VIEW_CLIENT_DATA),
    "api/v1/households/<int:id>": Route(A.VIEW_CLIENT_DATA, "household"),
    "api/v1/households/<int:id>/members": Route(A.VIEW_CLIENT_DATA, "household", "POST"),
    "api/v1/households/<int:id>/members/<int:person>/roles": Route(A.VIEW_CLIENT_DATA, "household", "PUT"),
    "api/v1/cases": Route(A.VIEW_CLIENT_DATA),
    "api/v1/cases/<str:number>": Route(A.VIEW_CLIENT_DATA, "case"),
    "api/v1/cases/<str:number>/transitions": Route(A.VIEW_CLIENT_DATA, "case", "POST"),
    "api/v1/cases/<str:number>/timeline": Route(A.VIEW_CLIENT_DATA, "case"),
    "api/v1/cases/<str:number>/deadlines": Route(A.VIEW_CLIENT_DATA, "case"),
    "api/v1/cases/<str:number>/responsibility": Route(A.VIEW_CLIENT_DATA, "case"),
    "api/v1/reports": Route(A.SUBMIT_REPORT, method="POST"),
    "api/v1/cases/<str:number>/assessment": Route(A.VIEW_CLIENT_DATA, "case"),
    "api/v1/cases/<str:number>/assessment/submit": Route(A.VIEW_CLIENT_DATA, "case", "POST"),
    "api/v1/cases/<str:number>/assessment/confirm": Route(A.VIEW_CLIENT_DATA, "case", "POST"),
    "api/v1/cases/<str:number>/informing": Route(A.VIEW_CLIENT_DATA, "case"),
    "api/v1/cases/<str:number>/reporter-contacts": Route(A.VIEW_CLIENT_DATA, "case", "POST"),
    "api/v1/cases/<str:number>/household-informed": Route(A.VIEW_CLIENT_DATA, "case", "POST"),
    "api/v1/cases/<str:number>/reporter-updates": Route(A.VIEW_CLIENT_DATA, "case", "POST"),
    "api/v1/cases/<str:number>/handovers": Route(A.VIEW_CLIENT_DATA, "case"),
    "api/v1/cases/<str:number>/investigation": Route(A.VIEW_CLIENT_DATA, OTHER),
    "api/v1/cases/<str:number>/investigation/grounds": Route(A.VIEW_CLIENT_DATA, OTHER, "PUT"),
    "api/v1/cases/<str:number>/investigation/conversations": Route(A.VIEW_CLIENT_DATA, OTHER, "POST"),
    "api/v1/cases/<str:number>/investigation/network-requests": Route(A.VIEW_CLIENT_DATA, OTHER, "POST"),
    "api/v1/cases/<str:number>/investigation/network-requests/<int:id>/answer": Route(A.VIEW_CLIENT_DATA, OTHER, "POST"),
    "api/v1/cases/<str:number>/investigation/notices": Route(A.VIEW_CLIENT_DATA, OTHER, "POST"),
    "api/v1/cases/<str:number>/investigation/conclusion": Route(A.VIEW_CLIENT_DATA, OTHER, "POST"),
    "api/v1/cases/<str:number>/handovers/<int:id>/hand-back": Route(A.VIEW_CLIENT_DATA, OTHER, "POST"),
    "api/v1/cases/<str:number>/disputes": Route(A.VIEW_CLIENT_DATA, "case"),
    "api/v1/cases/<str:number>/disputes/<int:id>/steps": Route(A.VIEW_CLIENT_DATA, OTHER, "POST"),
    "api/v1/cases/<str:number>/disputes/<int:id>/resolution": Route(A.VIEW_CLIENT_DATA, OTHER, "POST"),
    "api/v1/cases/<str:number>/warm-handovers": Route(A.VIEW_CLIENT_DATA, "case", "POST"),
    "api/v1/cases/<str:number>/conversations": Route(A.VIEW_CLIENT_DATA, "case"),
    "api/v1/cases/<str:number>/contact-skips": Route(A.VIEW_CLIENT_DATA, "case", "POST"),
    "api/v1/cases/<str:number>/safety-plan": Route(A.VIEW_CLIENT_DATA, "case"),
    "api/v1/cases/<str:number>/safety-plan/versions/<int:version>": Route(A.VIEW_CLIENT_DATA, OTHER),
    "api/v1/cases/<str:number>/conditions/acknowledgement": Route(A.VIEW_CLIENT_DATA, OTHER),
    "api/v1/cases/<str:number>/conditions/plan-letters": Route(A.VIEW_CLIENT_DATA, "case", "POST"),
    "api/v1/handovers": Route(A.CONFIRM_HANDOVER),
    "api/v1/handovers/<int:id>": Route(A.CONFIRM_HANDOVER, OTHER),
    "api/v1/handovers/<int:id>/confirmation": Route(A.CONFIRM_HANDOVER, OTHER, "POST"),
    "api/v1/screening": Route(A.VIEW_CLIENT_DATA),
    "api/v1/screening/<int:report_id>/screenings": Route(A.VIEW_CLIENT_DATA, OTHER, "POST"),
    "api/v1/waiting-list": Route(A.VIEW_MANAGEMENT_INFO),
    "api/v1/reporting/dashboard": Route(A.VIEW_MANAGEMENT_INFO),
    "api/v1/reporting/municipalities": Route(A.VIEW_MANAGEMENT_INFO),
    "api/v1/reporting/capacity": Route(A.VIEW_MANAGEMENT_INFO),
    "api/v1/house-bans": Route(A.SUBMIT_REPORT, method="POST"),
    # the pages
    "beheer/login/": Route(PUBLIC),
    "inloggen": Route(PUBLIC),
    "inloggen/code": Route(PUBLIC),
    "inloggen/wachtwoord/<uidb64>/<token>": Route(PUBLIC),
    "uitloggen": Route(LOGIN),
    "": Route(LOGIN),
    "over-zicht": Route(LOGIN),
    "meldcode": Route(PUBLIC),
    "gezondheid": Route(PUBLIC),
    "meldcode/uitkomst": Route(PUBLIC),
    "overdracht/<str:token>": Route(PUBLIC),
    "werk": Route(A.VIEW_CLIENT_DATA),
    "team": Route(A.LEAD_TEAM),
    "dossiers/openen": Route(A.REGISTER_CONTACT),
    "dossiers/<casenumber:number>": Route(A.VIEW_CLIENT_DATA, "case"),
    "dossiers/<casenumber:number>/fase": Route(A.VIEW_CLIENT_DATA, "case", "POST"),
    "dossiers/<casenumber:number>/toewijzing": Route(A.VIEW_CLIENT_DATA, "case", "POST"),
    "dossiers/<casenumber:number>/gemeente": Route(A.VIEW_CLIENT_DATA, "case", "POST"),
    "dossiers/<casenumber:number>/noodtoegang": Route(A.VIEW_CLIENT_DATA, "case"),
    "toegangslog": Route(A.REVIEW_ACCESS_LOG),
    "toegangslog/persoon/<int:person_id>": Route(A.REVIEW_ACCESS_LOG, "person"),
    "toegangslog/medewerker/<int:user_id>": Route(A.REVIEW_ACCESS_LOG, "user"),
    "personen/zoeken": Route(A.VIEW_CLIENT_DATA),
    "personen/nieuw": Route(A.REGISTER_CONTACT),
    "personen/<int:pk>": Route(A.VIEW_CLIENT_DATA, "person"),
    "personen/<int:pk>/wijzigen": Route(A.REGISTER_CONTACT, "person"),
    "personen/<int:pk>/samenvoegen": Route(A.REGISTER_CONTACT, "person", "POST"),
    "huishoudens/<int:pk>": Route(A.VIEW_CLIENT_DATA, "household"),
    "meldingen/nieuw": Route(A.REGISTER_CONTACT),
    "adviezen/nieuw": Route(A.REGISTER_CONTACT),
    "adviezen/<int:pk>": Route(A.REGISTER_CONTACT, OTHER),
    "adviezen/<int:pk>/mdo": Route(A.REGISTER_CONTACT, OTHER),
    "brieven/<int:pk>": Route(A.VIEW_CLIENT_DATA, OTHER),
    "brieven/<int:pk>/pdf": Route(A.VIEW_CLIENT_DATA, OTHER),
    "brieven/<int:pk>/intrekken": Route(A.VIEW_CLIENT_DATA, OTHER, "POST"),
    "brieven/<int:pk>/verzonden": Route(A.VIEW_CLIENT_DATA, OTHER, "POST"),
    "dossiers/<casenumber:number>/beoordeling": Route(A.VIEW_CLIENT_DATA, "case"),
    "dossiers/<casenumber:number>/beoordeling/bevestigen": Route(A.VIEW_CLIENT_DATA, "case", "POST"),
    "dossiers/<casenumber:number>/beoordeling/terugsturen": Route(A.VIEW_CLIENT_DATA, "case", "POST"),
    "dossiers/<casenumber:number>/register/bevragen": Route(A.VIEW_CLIENT_DATA, "case", "POST"),
    "dossiers/<casenumber:number>/informeren/<int:report_id>/melder": Route(A.VIEW_CLIENT_DATA, OTHER),
    "dossiers/<casenumber:number>/informeren/<int:report_id>/huishouden": Route(A.VIEW_CLIENT_DATA, OTHER),
    "dossiers/<casenumber:number>/informeren/<int:report_id>/huishouden/opnieuw": Route(A.VIEW_CLIENT_DATA, OTHER),
    "dossiers/<casenumber:number>/informeren/<int:report_id>/terugkoppeling": Route(A.VIEW_CLIENT_DATA, OTHER),
    "dossiers/<casenumber:number>/overdracht": Route(A.VIEW_CLIENT_DATA, "case"),
    "dossiers/<casenumber:number>/onderzoek": Route(A.VIEW_CLIENT_DATA, "case"),
    "dossiers/<casenumber:number>/onderzoek/reden": Route(A.VIEW_CLIENT_DATA, "case"),
    "dossiers/<casenumber:number>/onderzoek/gesprek": Route(A.VIEW_CLIENT_DATA, OTHER),
    "dossiers/<casenumber:number>/onderzoek/netwerk": Route(A.VIEW_CLIENT_DATA, OTHER),
    "dossiers/<casenumber:number>/onderzoek/netwerk/<int:request_id>": Route(A.VIEW_CLIENT_DATA, OTHER),
    "dossiers/<casenumber:number>/onderzoek/raad-politie": Route(A.VIEW_CLIENT_DATA, OTHER),
    "dossiers/<casenumber:number>/onderzoek/afronden": Route(A.VIEW_CLIENT_DATA, OTHER),
    "dossiers/<casenumber:number>/overdracht/<int:handover_id>/terugleggen": Route(A.VIEW_CLIENT_DATA, OTHER),
    "dossiers/<casenumber:number>/overdracht/<int:handover_id>/link": Route(A.VIEW_CLIENT_DATA, OTHER, "POST"),
    "dossiers/<casenumber:number>/overdracht/<int:handover_id>/geschil": Route(A.VIEW_CLIENT_DATA, OTHER),
    "dossiers/<casenumber:number>/geschil/<int:dispute_id>/stap": Route(A.VIEW_CLIENT_DATA, OTHER),
    "dossiers/<casenumber:number>/geschil/<int:dispute_id>/afronden": Route(A.VIEW_CLIENT_DATA, OTHER),
    "api/v1/cases/<str:number>/monitoring-plans": Route(A.VIEW_CLIENT_DATA, "case"),
    "api/v1/cases/<str:number>/monitoring-plans/<int:id>/moments": Route(A.VIEW_CLIENT_DATA, OTHER, "POST"),
    "api/v1/cases/<str:number>/monitoring-plans/<int:id>/checks": Route(A.VIEW_CLIENT_DATA, OTHER, "POST"),
    "api/v1/cases/<str:number>/monitoring-plans/<int:id>/outcome": Route(A.VIEW_CLIENT_DATA, OTHER, "POST"),
    "dossiers/<casenumber:number>/monitoren/starten": Route(A.VIEW_CLIENT_DATA, "case"),
    "dossiers/<casenumber:number>/monitoren/<int:plan_id>/moment": Route(A.VIEW_CLIENT_DATA, OTHER),
    "dossiers/<casenumber:number>/monitoren/<int:plan_id>/controle": Route(A.VIEW_CLIENT_DATA, OTHER),
    "dossiers/<casenumber:number>/monitoren/<int:plan_id>/afronden": Route(A.VIEW_CLIENT_DATA, OTHER),
    "dossiers/<casenumber:number>/warme-overdracht": Route(A.VIEW_CLIENT_DATA, "case"),
    "dossiers/<casenumber:number>/gesprekken/nieuw": Route(A.VIEW_CLIENT_DATA, "case"),
    "dossiers/<casenumber:number>/niet-gesproken": Route(A.VIEW_CLIENT_DATA, "case"),
    "dossiers/<casenumber:number>/veiligheidsplan": Route(A.VIEW_CLIENT_DATA, "case"),
    "dossiers/<casenumber:number>/veiligheidsplan/versies": Route(A.VIEW_CLIENT_DATA, "case"),
    "dossiers/<casenumber:number>/voorwaarden/erkenning": Route(A.VIEW_CLIENT_DATA, "case"),
    "dossiers/<casenumber:number>/voorwaarden/plan-versturen": Route(A.VIEW_CLIENT_DATA, "case", "POST"),
    "api-documentatie": Route(PUBLIC),
    "screening": Route(A.VIEW_CLIENT_DATA),
    "screening/wachtlijst": Route(A.VIEW_MANAGEMENT_INFO),
    "screening/meldingen/<int:report_id>": Route(A.VIEW_CLIENT_DATA, OTHER),
    "verantwoording/cbs": Route(A.VIEW_MANAGEMENT_INFO),
    "verantwoording/cbs/bestand": Route(A.VIEW_MANAGEMENT_INFO),
    "dossiers/<casenumber:number>/huisverbod/<int:ban_id>/besluit": Route(A.VIEW_CLIENT_DATA, OTHER),
    "dossiers/<casenumber:number>/huisverbod/<int:ban_id>/actie": Route(A.VIEW_CLIENT_DATA, OTHER),
    "dossiers/<casenumber:number>/huisverbod/<int:ban_id>/einde": Route(A.VIEW_CLIENT_DATA, OTHER),
    "huisverboden": Route(A.LEAD_TEAM),
    # retention and destruction (R-PRIV-4): the functional administrator's list, case numbers only
    "bewaren": Route(A.MANAGE_RETENTION),
    "bewaren/bewaarplicht": Route(A.MANAGE_RETENTION, method="POST"),
    "bewaren/bewaarplicht/<int:hold_id>/opheffen": Route(A.MANAGE_RETENTION, OTHER, "POST"),
    "bewaren/<casenumber:number>/voordragen": Route(A.MANAGE_RETENTION, "case", "POST"),
    "bewaren/<casenumber:number>/intrekken": Route(A.MANAGE_RETENTION, "case", "POST"),
    "bewaren/<casenumber:number>/goedkeuren": Route(A.MANAGE_RETENTION, "case", "POST"),
    "dossiers/<casenumber:number>/bewaren": Route(A.VIEW_CLIENT_DATA, "case"),
    "dossiers/<casenumber:number>/bewaren/kinderbescherming": Route(A.VIEW_CLIENT_DATA, "case", "POST"),
    "dossiers/<casenumber:number>/bewaren/verzoek": Route(A.VIEW_CLIENT_DATA, "case", "POST"),
    "dossiers/<casenumber:number>/bewaren/besluit": Route(A.VIEW_CLIENT_DATA, "case", "POST"),
    "voorlichtingen": Route(A.INFORMATION_SESSIONS),
    "voorlichtingen/export.csv": Route(A.INFORMATION_SESSIONS),
    "voorlichtingen/nieuw": Route(A.INFORMATION_SESSIONS),
    "voorlichtingen/<int:session_id>": Route(A.INFORMATION_SESSIONS, OTHER),
    "verantwoording/gemeenten": Route(A.VIEW_MANAGEMENT_INFO),
    "verantwoording/dashboard": Route(A.VIEW_MANAGEMENT_INFO),
    "verantwoording/capaciteit": Route(A.VIEW_MANAGEMENT_INFO),
}  # fmt: skip


def _routes(patterns: Any = None, prefix: str = "") -> list[str]:
    """Every route of the URL configuration but Beheer (Django's admin, with its own permission
    test: tests/accounts/test_policy.py) as its pattern."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        text = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if text != "beheer/":
                found += _routes(pattern.url_patterns, text)
        elif isinstance(pattern, URLPattern):
            found.append(text)
    return found


def test_every_route_is_classified():
    """A new route fails here until it is added to ROUTES with the right it needs."""
    routes = _routes()
    assert not [route for route in routes if route not in ROUTES], "classify these routes"
    assert not [route for route in ROUTES if route not in routes], "these routes are gone"


UNKNOWN = {"case": "2026-999999", "person": 999_999, "household": 999_999, "user": 999_999}


def _path(route: str, objects: dict[str, Any], obj: str) -> str:
    """The route with the case number (and the route's own object) of the scope filled in, and
    any other id unknown."""

    def fill(match: re.Match[str]) -> str:
        name = match.group(1).split(":")[-1]
        if name == "number":
            return str(objects["case"])
        if obj in ("person", "household", "user") and name in ("id", "pk", "person_id", "user_id"):
            return str(objects[obj])
        return "999999"

    return "/" + re.sub(r"<([^>]+)>", fill, route)


@pytest.fixture
def world(db) -> dict[str, Any]:
    """One user per role, all in the own team; a case of the own team and one of another."""
    users = {role: UserFactory(role=role, email=f"{role}@zicht.test") for role in Role}
    PartnerSystemAccount.objects.create(
        user=users[Role.PARTNER_SYSTEM],
        partner=PartnerAgencyFactory(),
        default_team=TeamFactory(name="Team Intake"),
    )
    worker = users[Role.CASE_WORKER]
    team = team_of(worker, "Team Eigen")
    for user in users.values():
        team.members.add(user)
    own = case(worker, team=team, last_names=("Eigenaar", "Eigenhuis"))
    stranger = UserFactory()
    other = case(stranger, team=team_of(stranger, "Team Ander"), last_names=("Vreemdeling",))
    loose = person(worker, "Losgeslagen")  # registered, in no case: visible to client-data roles
    objects = {
        "own": {
            "case": own.number,
            "person": own.person_ids()[0],
            "household": own.household_id,
            "user": worker.pk,
        },
        "other": {
            "case": other.number,
            "person": other.person_ids()[0],
            "household": other.household_id,
            "user": stranger.pk,
        },
    }
    return {"users": users, "objects": objects, "loose": loose, "own": own, "other": other}


def _client(user: Any, api: bool) -> Client:
    return token_client(user) if api else verified_client(user)


def _request(client: Client, method: str, path: str) -> Any:
    if method in ("POST", "PUT"):
        return client.generic(method, path, "{}", content_type="application/json")
    return client.get(path)


def _shown_but_not_logged(response: Any, user: Any, since: int) -> list[str]:
    from zicht.people.models import Person

    if response.status_code != 200 or "pdf" in response.get("Content-Type", ""):
        return []
    body = response.content.decode(errors="replace")
    logged = set(
        AccessLogEntry.objects.filter(pk__gt=since, user_id=user.pk).values_list(
            "person_id", flat=True
        )
    )
    return [
        f"{p.last_name} ({p.pk})"
        for p in Person.objects.all()
        if p.last_name in body and p.pk not in logged
    ]


# Every person of the matrix has a last name of their own, so a name in an answer points at one
# person. Gaps found by the matrix and not yet fixed would be listed here, with a reason.
KNOWN_GAPS: set[tuple[str, str, str]] = set()
# The access log is reviewed across the organisation (a person's log shows every team's reads):
# another team's person or colleague is no 404 there.
ORGANISATION_WIDE = {"toegangslog/persoon/<int:person_id>", "toegangslog/medewerker/<int:user_id>"}
# A case's assessment is 404 until one is started: the own case of the matrix has none.
NONE_YET = {"api/v1/cases/<str:number>/assessment"}
# Routes that answer every case number alike, on purpose: emergency access asks for a reason
# before it looks the case up, so it tells a known number from an unknown one to nobody.
SAME_FOR_EVERY_NUMBER = {"dossiers/<casenumber:number>/noodtoegang"}
# A partner's handover is found only among that partner's (R-HO-5): every other role gets the
# 404 of an unknown handover, not a 403 that would confirm the route's purpose.
PARTNER_ONLY_404 = {"api/v1/handovers/<int:id>"}


def _representatives(users: dict[str, Any]) -> dict[str, Any]:
    """One role per set of the rights the routes ask: roles with the same set answer alike."""
    rights = {Action(spec.right) for spec in ROUTES.values() if spec.right not in (PUBLIC, LOGIN)}
    chosen: dict[frozenset[Action], tuple[str, Any]] = {}
    for role, user in users.items():
        chosen.setdefault(frozenset(r for r in rights if can(user, r)), (role, user))
    return dict(chosen.values())


def _check(
    route: str, spec: Route, role: str, user: Any, scope: str, response: Any, since: int
) -> list[str]:
    allowed = spec.right == LOGIN or can(user, Action(spec.right))
    status = response.status_code
    where = f"{spec.method} {response.request['PATH_INFO']} as {role} ({scope})"
    api = route.startswith("api/")
    if status >= 500:
        return [f"{where}: {status}"]
    if api and 400 <= status < 500 and response["Content-Type"] != "application/problem+json":
        return [f"{where}: {status} not problem+json"]
    if spec.method != "GET":
        return []  # a write: checked above for crashes; its rights by its own tests
    if not allowed:
        expected = {403, 404} if route in PARTNER_ONLY_404 else {403}
        return [] if status in expected else [f"{where}: {status}, expected 403"]
    if route in SAME_FOR_EVERY_NUMBER or (route in ORGANISATION_WIDE and scope == "other"):
        return [] if status == 200 else [f"{where}: {status}, expected 200"]
    if spec.obj == OTHER or scope in ("other", "unknown"):
        if status == 404 or (spec.method, route, "unknown") in KNOWN_GAPS:
            return []
        return [f"{where}: {status}, expected 404"]
    if route in NONE_YET:
        return [] if status == 404 else [f"{where}: {status}, expected 404 (none yet)"]
    if status in (403, 404):
        return [f"{where}: {status}, expected an answer"]
    unlogged = _shown_but_not_logged(response, user, since)
    if unlogged and (spec.method, route, "unlogged") not in KNOWN_GAPS:
        return [f"{where}: shows {unlogged} without a logged read"]
    return []


def test_access_matrix(world):
    """Issue 17: every route × every role × own / other team's / unknown object — 403 without
    the right, 404 outside scope (the same as unknown), and a read logged per person shown."""
    problems: list[str] = []
    checked = 0
    users = _representatives(world["users"])
    assert len(users) >= 5
    for route, spec in ROUTES.items():
        if spec.right == PUBLIC or "^" in route:
            continue
        api = route.startswith("api/")
        for role, user in users.items():
            allowed = spec.right == LOGIN or can(user, Action(spec.right))
            client = _client(user, api)
            scopes = ["own", "other", "unknown"] if allowed and spec.obj else ["own"]
            for scope in scopes:
                objects = UNKNOWN if scope == "unknown" else world["objects"][scope]
                path = _path(route, objects, spec.obj)
                since = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
                response = _request(client, spec.method, path)
                checked += 1
                problems += _check(route, spec, role, user, scope, response, since or 0)
    assert checked > 200
    assert not problems, "\n".join(problems)
