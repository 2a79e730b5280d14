"""Letters that would otherwise stay queued for ever after a process died (issue 18.7).

A letter's PDF is made by a task that `letter_create` enqueues after its transaction commits.
Two crashes leave a letter without a PDF and without anyone coming for it:

- the web worker is killed between the commit and the enqueue: the letter exists, no task does;
- the task worker (`db_worker`) is killed while rendering: django-tasks' database backend leaves
  that task RUNNING for ever and never gives it to another worker.

`requeue_stuck_letters` (run every 5 minutes by `manage.py requeue_letters`) closes both: a task
that has been running longer than any rendering takes is marked failed (its worker is gone), and
every letter still queued after that time with no task waiting or running for it gets a new one.
Rendering is idempotent (`services.letter_render_pdf`), so a letter enqueued twice gets one PDF.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from zicht.letters.models import Letter, LetterStatus
from zicht.letters.tasks import render_letter_pdf

# A PDF takes seconds; a task running or a letter queued this long has lost its process.
STUCK_AFTER = timedelta(minutes=10)
TASK_PATH = render_letter_pdf.module_path


@dataclass(frozen=True)
class Recovered:
    tasks_failed: int
    letters_requeued: int


def requeue_stuck_letters(*, stuck_after: timedelta = STUCK_AFTER) -> Recovered:
    cutoff = timezone.now() - stuck_after
    lost = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
    tasks_failed = lost.update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path="zicht.letters.recovery.WorkerLost",
        traceback=f"De worker stopte tijdens de taak (langer dan {stuck_after} bezig).",
    )
    pending = DBTaskResult.objects.filter(
        task_path=TASK_PATH, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    ).values_list("args_kwargs", flat=True)
    waiting = {args["args"][0] for args in pending if args.get("args")}
    stuck = Letter.objects.filter(status=LetterStatus.QUEUED, created_at__lt=cutoff).exclude(
        pk__in=waiting
    )
    requeued = 0
    for letter_id in stuck.values_list("pk", flat=True):
        render_letter_pdf.enqueue(letter_id)
        requeued += 1
    return Recovered(tasks_failed=tasks_failed, letters_requeued=requeued)
