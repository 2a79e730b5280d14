"""The disclosure guard at every entry point (R-PRIV-5): each text the household or a partner
receives — "Huishouden informeren", a handover's facts, safety points and opinions, any letter to
a household member or a partner — refuses the anonymous reporter's name, organisation, phone and
e-mail, on the page and in the API, with the field named, before anything is stored or rendered.

`ENTRY_POINTS` walks every such field; a new household- or partner-facing text field belongs in it.
"""

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.api.factories import token_client
from tests.conftest import verified_client
from tests.factories import MunicipalityFactory, PartnerAgencyFactory, UserFactory
from tests.informing.helpers import TEACHER, contact, register
from zicht.cases import services as case_services
from zicht.cases.workflow import Phase
from zicht.handover import services as handover_services
from zicht.handover.models import Handover
from zicht.informing.models import HouseholdInforming
from zicht.letters.models import Letter, RecipientKind
from zicht.letters.services import letter_queue

pytestmark = pytest.mark.django_db

SCHOOL = "Basisschool De Wilg"  # TEACHER's organisation
# What a worker might type, one per kind of identifier, each an obvious variant.
REVEALING = {
    "organisatie": f"Wij kregen een melding van {SCHOOL.upper()}.",
    "naam": "Volgens juf Fenna gaat het niet goed; F. Zwaluwstaart belde ons.",
    "telefoonnummer": "Bel bij vragen +31 6 1234 5678.",
    "e-mailadres": "Of mail F.Zwaluwstaart@DeWilg.test.",
}


@dataclass(frozen=True)
class EntryPoint:
    name: str
    field: str  # the field as the service and the API name it
    page_field: str  # the form field on the page
    kind: str  # "household" or "handover"


ENTRY_POINTS = [
    EntryPoint("huishouden informeren", "plans", "plans", "household"),
    EntryPoint("overdracht: feiten", "facts", "facts", "handover"),
    EntryPoint("overdracht: veiligheidsafspraken", "safety_points", "safety_points", "handover"),
    EntryPoint("overdracht: mening", "opinions[0].text", "form-0-text", "handover"),
    EntryPoint("overdracht: van wie", "opinions[0].holder", "form-0-holder", "handover"),
    EntryPoint("overdracht: gebaseerd op", "opinions[0].based_on", "form-0-based_on", "handover"),
]


@pytest.fixture(autouse=True)
def _tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def report(worker):
    report = register(worker, anonymous=True)
    contact(worker, report)
    return report


@pytest.fixture
def partner(report):
    municipality = MunicipalityFactory(name="Alkmaar", cbs_code="GM0361")
    report.case.__class__.objects.filter(pk=report.case_id).update(municipality=municipality)
    agency = PartnerAgencyFactory(name="Wijkteam Alkmaar-Noord", address="Postbus 1")
    agency.municipalities.add(municipality)
    return agency


def _version(report) -> int:
    report.case.refresh_from_db()
    return report.case.version


def _to_handover(worker, report) -> None:
    case_services.case_transition(
        user=worker, case=report.case, target=Phase.HANDOVER, expected_version=None
    )


def _handover_values(field: str, text: str) -> dict[str, Any]:
    values: dict[str, Any] = {
        "facts": "Op 2 maart zag iemand blauwe plekken bij Cas.",
        "safety_points": "Vader niet alleen met de kinderen.",
        "opinions[0].text": "De spanning thuis neemt toe.",
        "opinions[0].holder": "J. de Boer, gedragswetenschapper Veilig Thuis",
        "opinions[0].based_on": "Twee politiemeldingen in één maand.",
    }
    values[field] = text
    return values


def _page_post(client: Client, point: EntryPoint, report, partner, text: str):
    number = report.case.number
    if point.kind == "household":
        return client.post(
            f"/dossiers/{number}/informeren/{report.pk}/huishouden",
            {
                "version": _version(report),
                "informed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                "means": "short_letter",
                "plans": text,
            },
        )
    values = _handover_values(point.field, text)
    return client.post(
        f"/dossiers/{number}/overdracht",
        {
            "version": _version(report),
            "partner": partner.pk,
            "facts": values["facts"],
            "safety_points": values["safety_points"],
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "0",
            "form-0-text": values["opinions[0].text"],
            "form-0-holder": values["opinions[0].holder"],
            "form-0-based_on": values["opinions[0].based_on"],
        },
    )


def _api_post(client: Client, point: EntryPoint, report, partner, text: str):
    base = f"/api/v1/cases/{report.case.number}"
    if point.kind == "household":
        url, body = (
            f"{base}/household-informed",
            {
                "report": report.pk,
                "version": _version(report),
                "informed_at": timezone.now().isoformat(),
                "means": "short_letter",
                "plans": text,
            },
        )
    else:
        values = _handover_values(point.field, text)
        url, body = (
            f"{base}/handovers",
            {
                "version": _version(report),
                "partner": partner.pk,
                "facts": values["facts"],
                "safety_points": values["safety_points"],
                "opinions": [
                    {
                        "text": values["opinions[0].text"],
                        "holder": values["opinions[0].holder"],
                        "based_on": values["opinions[0].based_on"],
                    }
                ],
            },
        )
    return client.post(url, json.dumps(body), content_type="application/json")


def _nothing_stored(report) -> None:
    assert not HouseholdInforming.objects.filter(report=report).exists()
    assert not Handover.objects.filter(case=report.case).exists()
    assert not Letter.objects.filter(
        case=report.case, recipient_kind__in=[RecipientKind.HOUSEHOLD_MEMBER, RecipientKind.PARTNER]
    ).exists()


def _field_errors(response, point: EntryPoint) -> list[str]:
    context = response.context
    if point.page_field.startswith("form-"):
        row = context["opinions"].forms[0]
        return list(row.errors.get(point.page_field.removeprefix("form-0-"), []))
    return list(context["form"].errors.get(point.page_field, []))


@pytest.mark.parametrize("channel", ["page", "api"])
@pytest.mark.parametrize("what", list(REVEALING))
@pytest.mark.parametrize("point", ENTRY_POINTS, ids=lambda p: p.name)
def test_every_field_refuses_the_anonymous_reporter(worker, report, partner, point, what, channel):
    """R-PRIV-5 on the page (refused at the named field, what was typed kept) and in the API
    (problem+json 400 naming the field); nothing stored, no letter made."""
    if point.kind == "handover":
        _to_handover(worker, report)
    if channel == "page":
        response = _page_post(verified_client(worker), point, report, partner, REVEALING[what])
        assert response.status_code == 400, response.status_code
        errors = _field_errors(response, point)
        body = response.content.decode()
        assert "R-PRIV-5" in body
        assert REVEALING[what].split()[-1].rstrip(".").lower() in body.lower()  # input kept
    else:
        response = _api_post(token_client(worker), point, report, partner, REVEALING[what])
        assert response.status_code == 400, response.content
        assert response["Content-Type"].startswith("application/problem+json")
        named = {p["name"]: p["reason"] for p in response.json()["invalid_params"]}
        errors = [named.get(point.field, "")]
    assert any(f"{what} van de melder" in error for error in errors), errors
    _nothing_stored(report)


@pytest.mark.parametrize("point", ENTRY_POINTS, ids=lambda p: p.name)
def test_the_same_text_is_accepted_when_the_reporter_is_not_anonymous(worker, partner, point):
    """R-REP-2: by default the household may learn who reported; the guard stays out of it."""
    report = register(worker, anonymous=False)
    contact(worker, report)
    if point.kind == "handover":
        _to_handover(worker, report)
    municipality = partner.municipalities.first()
    report.case.__class__.objects.filter(pk=report.case_id).update(municipality=municipality)
    response = _page_post(verified_client(worker), point, report, partner, REVEALING["organisatie"])
    assert response.status_code == 302, response.content.decode()[:2000]


def test_every_letter_to_the_household_or_a_partner_is_checked(worker, report):
    """R-PRIV-5 in `letter_queue`: a letter to a household member or a partner refuses the
    anonymous reporter in any text of its context (a new letter is covered the day it is added);
    a letter to the reporter may name them."""
    from django.core.exceptions import ValidationError

    for kind in (RecipientKind.HOUSEHOLD_MEMBER, RecipientKind.PARTNER):
        with pytest.raises(ValidationError) as refused:
            letter_queue(
                user=worker,
                case=report.case,
                template_code="household_informed",
                recipient_name="Anna Bakker",
                recipient_address="Kerkstraat 12\n1811 AB Alkmaar",
                recipient_kind=kind,
                context={"plans": f"Namens {SCHOOL}", "opinions": [{"text": "juf Fenna"}]},
            )
        assert set(refused.value.message_dict) == {"plans", "opinions[0].text"}
    assert (
        not Letter.objects.filter(case=report.case)
        .exclude(recipient_kind=RecipientKind.REPORTER)
        .exists()
    )
    letter_queue(
        user=worker,
        case=report.case,
        template_code="household_informed",
        recipient_name=TEACHER.name,
        recipient_address=SCHOOL,
        recipient_kind=RecipientKind.REPORTER,
        context={"plans": f"Namens {SCHOOL}"},
    )


def test_the_partner_page_withholds_a_text_that_names_a_reporter_anonymous_since(worker, partner):
    """R-PRIV-5 on the partner's link page: a handover sent before a report made its reporter
    anonymous shows the partner that text withheld, not the reporter."""
    report = register(worker, anonymous=False)
    _to_handover(worker, report)
    _, link = handover_services.handover_send(
        user=worker,
        case=report.case,
        expected_version=None,
        partner=partner,
        facts=f"{SCHOOL} zag blauwe plekken.",
        link_base="http://testserver/overdracht/",
    )
    report.__class__.objects.filter(pk=report.pk).update(anonymous_to_household=True)
    page = Client().get(f"/overdracht/{link.rsplit('/', 1)[1]}").content.decode()
    assert "Wilg" not in page
    assert "weggelaten om een melder te beschermen" in page


def test_the_partner_system_reads_it_withheld_too(worker, partner):
    """R-PRIV-5 on the partner system's API (issue 19.3): the same handover read with the
    partner's token (one, in its list's case, and in the answer to its confirmation) withholds the
    text as the link page does — the API showed the stored text until now."""
    from zicht.accounts.policy import Role
    from zicht.reports.models import PartnerSystemAccount

    report = register(worker, anonymous=False)
    _to_handover(worker, report)
    handover, _ = handover_services.handover_send(
        user=worker,
        case=report.case,
        expected_version=None,
        partner=partner,
        facts=f"{SCHOOL} zag blauwe plekken.",
        link_base="http://testserver/overdracht/",
    )
    report.__class__.objects.filter(pk=report.pk).update(anonymous_to_household=True)
    account = PartnerSystemAccount.objects.create(
        user=UserFactory(role=Role.PARTNER_SYSTEM), partner=partner, default_team=report.case.team
    )
    client = token_client(account.user)
    read = client.get(f"/api/v1/handovers/{handover.pk}")
    answered = client.post(
        f"/api/v1/handovers/{handover.pk}/confirmation",
        json.dumps({"decision": "accepted", "name": "Sanne Smit"}),
        content_type="application/json",
    )
    for response in (read, answered):
        assert response.status_code == 200, response.content
        assert "Wilg" not in response.content.decode()
        assert response.json()["facts"].startswith("Dit deel is weggelaten")


def test_a_handover_to_the_reporters_own_organisation_is_not_refused(worker, report, partner):
    """R-PRIV-5 refuses the reporter in what the partner reads, not the partner's own name: a
    case handed over to the wijkteam whose worker reported names that wijkteam in its letter."""
    report.__class__.objects.filter(pk=report.pk).update(reporter_organisation=partner.name)
    _to_handover(worker, report)
    handover, _ = handover_services.handover_send(
        user=worker,
        case=report.case,
        expected_version=None,
        partner=partner,
        facts="Op 2 maart zag iemand blauwe plekken bij Cas.",
        link_base="http://testserver/overdracht/",
    )
    assert handover.letter is not None
