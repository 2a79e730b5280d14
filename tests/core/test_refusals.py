"""One way to refuse (core/errors.py): each refusal has one status and one message, and the page
(core/refusals.py) and the API (core/problems.py) both answer with them."""

import logging

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from tests.conftest import verified_client
from tests.factories import UserFactory
from zicht.core import errors
from zicht.core.problems import PROBLEM_CONTENT_TYPE, problem_exception_handler
from zicht.core.refusals import RefusalMiddleware

KINDS = [
    (errors.NotPermitted("U kunt uw eigen werk niet bevestigen."), 403),
    (errors.NotFound(), 404),
    (errors.Conflict("Dit dossier is al afgesloten."), 409),
    (errors.AlreadyExists("Dit advies is al een melding."), 409),
    (errors.StaleVersion(), 409),
    (errors.Gone("Deze link is al gebruikt."), 410),
    (errors.VersionRequired(), 428),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("refusal", "status"), KINDS, ids=[type(r).__name__ for r, _ in KINDS])
def test_page_and_api_answer_a_refusal_with_its_status_and_message(refusal, status):
    request = RequestFactory().get("/ergens")
    request.user = AnonymousUser()
    page = RefusalMiddleware(lambda r: None).process_exception(request, refusal)  # type: ignore[arg-type]
    api = problem_exception_handler(refusal, {"request": request})

    assert page is not None and api is not None
    assert page.status_code == api.status_code == status
    assert refusal.message in page.content.decode()
    assert api.data["detail"] == refusal.message
    assert api.data["type"] == f"urn:zicht:probleem:{refusal.kind}"
    assert api.content_type == PROBLEM_CONTENT_TYPE


def test_a_refusal_about_a_field_names_it_in_the_api():
    response = problem_exception_handler(
        errors.AlreadyExists("Deze persoon staat al in dit huishouden.", field="person"),
        {"request": None},
    )
    assert response is not None and response.status_code == 409
    assert response.data["invalid_params"] == [
        {"name": "person", "reason": "Deze persoon staat al in dit huishouden."}
    ]


def test_not_permitted_and_not_found_are_djangos_own_too():
    """Code that knows only Django's exceptions (a decorator, the admin, a test) still sees them."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    assert isinstance(errors.NotPermitted(), PermissionDenied)
    assert isinstance(errors.NotFound(), Http404)


@pytest.mark.django_db
def test_a_refused_page_says_why_and_logs_no_traceback(caplog):
    """A refusal is expected: the page names what is missing, and the log gets one warning line
    without a stack trace (a traceback per refused page buried the real errors)."""
    client = verified_client(UserFactory(policy_control=True))
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/dossiers/2026-000001")
    assert response.status_code == 403
    assert (
        "Uw rol geeft geen toegang tot dossiers en persoonsgegevens." in response.content.decode()
    )
    assert [r.exc_info for r in caplog.records if r.name == "django.request"] == [None]


@pytest.mark.django_db
def test_an_unknown_address_is_the_same_404_page(worker_client):
    response = worker_client.get("/bestaat-niet")
    assert response.status_code == 404
    assert errors.NOT_FOUND in response.content.decode()
