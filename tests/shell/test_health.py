"""`/gezondheid` (issue 18.8): the database and the task queue, without login or personal data."""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.test import Client
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from zicht.shell import health

pytestmark = pytest.mark.django_db


def queued(*, waited: timedelta, status: str = TaskResultStatus.READY) -> DBTaskResult:
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="zicht.letters.tasks.render_letter",
        backend_name="default",
        run_after=get_date_max(),
        status=status,
    )
    moment = timezone.now() - waited
    DBTaskResult.objects.filter(pk=task.pk).update(
        enqueued_at=moment, started_at=moment if status == TaskResultStatus.RUNNING else None
    )
    return task


def test_healthy_without_login_as_json_never_cached():
    response = Client().get("/gezondheid")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["tasks"]["waiting"] == 0
    assert "sessionid" not in response.cookies


def test_a_queue_that_is_worked_off_is_healthy():
    queued(waited=timedelta(seconds=20))
    body = Client().get("/gezondheid").json()
    assert body["status"] == "ok"
    assert body["checks"]["tasks"]["waiting"] == 1
    assert 15 <= body["checks"]["tasks"]["oldest_wait_seconds"] <= 120


def test_a_task_waiting_too_long_is_503(settings):
    """A stopped db_worker: letters wait; the balancer and the monitoring see 503."""
    settings.HEALTH_TASK_MAX_WAIT_SECONDS = 60
    queued(waited=timedelta(minutes=10))
    response = Client().get("/gezondheid")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fout"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["tasks"]["ok"] is False
    assert "db_worker" in body["checks"]["tasks"]["detail"]


def test_a_task_running_for_ever_is_503(settings):
    """A worker killed mid-task leaves its task running; the check shows it."""
    settings.HEALTH_TASK_MAX_WAIT_SECONDS = 60
    queued(waited=timedelta(minutes=10), status=TaskResultStatus.RUNNING)
    body = Client().get("/gezondheid").json()
    assert body["checks"]["tasks"]["longest_running_seconds"] >= 590
    assert body["status"] == "fout"


def test_a_database_that_does_not_answer_is_503_without_its_error(monkeypatch):
    def down():
        raise OperationalError('connection to server at "db" (10.0.0.5), user "zicht" failed')

    monkeypatch.setattr(health, "database_check", down)
    response = Client().get("/gezondheid")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {
        "ok": False,
        "detail": "De database antwoordt niet.",
    }
    assert b"10.0.0.5" not in response.content


def test_a_logged_in_user_before_the_code_step_gets_it_too(case_worker):
    client = Client()
    client.force_login(case_worker)  # a password alone: every staff page redirects to the code
    assert client.get("/gezondheid").status_code == 200
