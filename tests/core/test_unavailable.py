"""Issue 18.7: a database that is away is answered 503 with Retry-After, and the task worker
waits for it instead of dying (zicht.core.unavailable, core/management/commands/db_worker.py)."""

from unittest import mock

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.db import OperationalError, connections
from django.test import Client
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from tests.conftest import verified_client
from zicht.core.management.commands import db_worker

DROPPED = OperationalError("server closed the connection unexpectedly")


@pytest.fixture
def staff(case_worker) -> Client:
    client = verified_client(case_worker)
    client.raise_request_exception = False  # the handler's answer, not the test's exception
    return client


@pytest.fixture
def session_read_fails():
    """The request's first query (its session) hits a connection that died."""
    with mock.patch.object(SessionStore, "_get_session_from_db", side_effect=DROPPED):
        yield


@pytest.fixture
def database_refuses_connections():
    """No new connection can be made: the server is restarting."""
    refused = OperationalError("connection refused")
    with mock.patch.object(type(connections["default"]), "get_new_connection", side_effect=refused):
        yield


@pytest.mark.django_db
def test_a_page_is_answered_503_with_retry_after_while_the_database_is_away(
    staff, session_read_fails, database_refuses_connections
):
    response = staff.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    text = response.content.decode()
    assert "Zicht is even niet bereikbaar" in text
    assert "niets half bewaard" in text


@pytest.mark.django_db
def test_the_api_answers_503_problem_json_while_the_database_is_away(
    staff, session_read_fails, database_refuses_connections
):
    response = staff.get("/api/v1/cases")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"] == "application/problem+json"
    assert response["API-Version"]
    body = response.json()
    assert body["type"] == "urn:zicht:probleem:tijdelijk-niet-beschikbaar"
    assert body["instance"] == "/api/v1/cases"
    assert "niets half opgeslagen" in body["detail"]


@pytest.mark.django_db
def test_an_error_of_a_database_that_answers_stays_a_500(staff, session_read_fails):
    """A broken query on a reachable database is a fault to report, not a wait: 500, no
    Retry-After (the database is asked, on a connection of its own)."""
    page = staff.get("/")
    assert page.status_code == 500
    assert "Retry-After" not in page
    assert "Er ging iets mis in Zicht" in page.content.decode()
    api = staff.get("/api/v1/cases")
    assert (api.status_code, api["Content-Type"]) == (500, "application/problem+json")
    assert api.json()["type"] == "urn:zicht:probleem:interne-fout"


@pytest.mark.django_db
def test_another_error_is_a_500(staff):
    with mock.patch.object(SessionStore, "_get_session_from_db", side_effect=RuntimeError("x")):
        assert staff.get("/").status_code == 500


@task()
def noted(number: int) -> int:
    return number * 2


@pytest.mark.django_db
def test_the_task_worker_waits_for_the_database_and_goes_on(settings, caplog):
    """Upstream's db_worker died with the first lost connection (a PostgreSQL restart left 25 of
    40 letters queued). Ours pauses, 1 s then 2 s, and takes the task once the database is back."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    queued = noted.enqueue(21)
    real = DBTaskResultQuerySet.get_locked
    polls = iter([DROPPED, DROPPED])

    def poll(self):
        failure = next(polls, None)
        if failure:
            raise failure
        return real(self)

    with (
        mock.patch.object(DBTaskResultQuerySet, "get_locked", poll),
        mock.patch.object(db_worker.time, "sleep") as pause,
        # The test's own transaction holds the connection; closing it is Django's part. (Not a
        # transactional test: its flush would empty the tables the migrations filled for the
        # tests after it.)
        mock.patch.object(db_worker.connections, "close_all") as closed,
        # Likewise the library's own check for dropped connections: on PostgreSQL it closes a
        # connection inside the test's transaction, and every query after it fails for ever.
        mock.patch.object(db_worker.db_worker, "close_old_connections"),
    ):
        call_command("db_worker", batch=True, startup_delay=False, interval=0, verbosity=0)

    assert [c.args[0] for c in pause.call_args_list] == [1.0, 2.0]
    assert closed.call_count == 2  # a fresh connection after each lost one
    done = DBTaskResult.objects.get(pk=queued.id)
    assert (done.status, done.return_value) == (TaskResultStatus.SUCCESSFUL, 42)
    warnings = [r.getMessage() for r in caplog.records if r.name == "zicht.tasks"]
    assert len(warnings) == 2
    assert all("OperationalError" in w and "server closed" not in w for w in warnings)


@pytest.mark.django_db
def test_a_connection_that_could_not_be_opened_is_a_wait_even_if_the_database_is_back(staff):
    """The fault run's one 500: the request's connect failed ("the database system is starting
    up"), and a moment later the probe found the database back. The request still met a database
    that was away: 503."""
    starting = OperationalError("the database system is starting up")
    with (
        mock.patch.object(SessionStore, "_get_session_from_db", side_effect=starting),
        mock.patch.object(connections["default"], "connection", None),  # never opened
    ):
        response = staff.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


@pytest.mark.django_db
def test_the_register_answers_a_database_away_with_503_problem_json(
    rf, database_refuses_connections
):
    """The register (its own deployable) speaks only problem+json, also when its database is
    away: its handler500 is `api_server_error`."""
    from zicht.core.unavailable import api_server_error
    from zicht.register import urls

    assert urls.handler500 == "zicht.core.unavailable.api_server_error"
    request = rf.get("/register/v1/lookups")
    try:
        raise DROPPED
    except OperationalError:
        response = api_server_error(request)
    assert (response.status_code, response["Retry-After"]) == (503, "30")
    assert response["Content-Type"] == "application/problem+json"
