"""Issue 18.7: no letter stays stuck after a process died (zicht.letters.recovery)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.letters.test_letters import case, organisation, queue  # noqa: F401  # fixtures
from zicht.letters import services
from zicht.letters.models import Letter, LetterStatus
from zicht.letters.recovery import TASK_PATH, requeue_stuck_letters
from zicht.letters.tasks import render_letter_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _database_tasks(settings, _private_media_and_immediate_tasks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def tasks_for(letter: Letter) -> list[DBTaskResult]:
    return [
        t
        for t in DBTaskResult.objects.filter(task_path=TASK_PATH)
        if t.args_kwargs["args"] == [letter.pk]
    ]


def aged(letter: Letter) -> Letter:
    Letter.objects.filter(pk=letter.pk).update(created_at=timezone.now() - timedelta(minutes=20))
    return letter


def test_a_letter_whose_enqueue_was_lost_gets_a_task(case_worker, case):  # noqa: F811
    """The web worker died between the commit and the enqueue (here: the commit callback never
    ran): after 10 minutes the letter is queued again, once."""
    letter = aged(queue(case_worker, case))
    assert tasks_for(letter) == []
    assert requeue_stuck_letters().letters_requeued == 1
    assert [t.status for t in tasks_for(letter)] == [TaskResultStatus.READY]
    assert requeue_stuck_letters().letters_requeued == 0  # a task waits for it: not twice


def test_a_young_letter_is_left_alone(case_worker, case):  # noqa: F811
    queue(case_worker, case)
    assert requeue_stuck_letters().letters_requeued == 0


def test_a_task_of_a_killed_worker_is_failed_and_its_letter_rendered_once(case_worker, case):  # noqa: F811
    """db_worker killed -9 while rendering: its task stays RUNNING for ever. It is marked failed,
    the letter gets a new task, and rendering twice stores one PDF."""
    letter = aged(queue(case_worker, case))
    requeue_stuck_letters()
    [task] = tasks_for(letter)
    DBTaskResult.objects.filter(pk=task.pk).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(minutes=15)
    )
    recovered = requeue_stuck_letters()
    assert (recovered.tasks_failed, recovered.letters_requeued) == (1, 1)
    statuses = sorted(t.status for t in tasks_for(letter))
    assert statuses == sorted([TaskResultStatus.FAILED, TaskResultStatus.READY])
    services.letter_render_pdf(letter_id=letter.pk)
    first = Letter.objects.get(pk=letter.pk).pdf.name
    services.letter_render_pdf(letter_id=letter.pk)
    again = Letter.objects.get(pk=letter.pk)
    assert again.status == LetterStatus.RENDERED
    assert again.pdf.name == first


def test_a_letter_whose_rendering_lost_the_database_stays_queued_and_is_requeued(
    case_worker,
    case,  # noqa: F811
):
    """The fault run's PostgreSQL restart hit a letter mid-PDF: it was marked failed and would
    have waited for a person. A lost database is not the letter's fault: it stays queued and
    `requeue_letters` gives it a new task."""
    letter = aged(queue(case_worker, case))
    dropped = OperationalError("terminating connection due to administrator command")
    with (
        mock.patch.object(services, "letter_render_pdf", side_effect=dropped),
        pytest.raises(OperationalError),
    ):
        render_letter_pdf.call(letter.pk)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.QUEUED
    assert requeue_stuck_letters().letters_requeued == 1
