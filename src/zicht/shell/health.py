"""`/gezondheid`: whether this instance can serve, for the load balancer and the monitoring.

No login, no personal data: only whether the database answers and how the task queue is doing
(how many tasks wait, and how long the oldest has been ready: a stopped or stuck `db_worker`
shows as a queue that ages). 200 when both are well, 503 otherwise, always JSON and never cached.
"""

from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max


def database_check() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True}


def task_queue_check() -> dict[str, Any]:
    """The oldest ready task's wait in seconds (from when it became runnable), the number
    waiting, and the longest a task has been running (a worker killed mid-task leaves one
    running for ever)."""
    now = timezone.now()
    ready = DBTaskResult.objects.ready()
    waiting = ready.count()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", "run_after").first()
    wait = 0.0
    if oldest:
        enqueued, run_after = oldest
        became_ready = enqueued if run_after == get_date_max() else max(enqueued, run_after)
        wait = max(0.0, (now - became_ready).total_seconds())
    started = (
        DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
        .order_by("started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    running = max(0.0, (now - started).total_seconds()) if started else 0.0
    limit = settings.HEALTH_TASK_MAX_WAIT_SECONDS
    return {
        "ok": wait <= limit and running <= limit,
        "waiting": waiting,
        "oldest_wait_seconds": round(wait),
        "longest_running_seconds": round(running),
        "max_seconds": limit,
    }


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    checks: dict[str, Any] = {}
    try:
        checks["database"] = database_check()
        checks["tasks"] = task_queue_check()
    except DatabaseError:
        # The message only: the error's text can name the host and the user.
        checks["database"] = {"ok": False, "detail": "De database antwoordt niet."}
    failing = [name for name, check in checks.items() if not check["ok"]]
    if "tasks" in failing:
        checks["tasks"]["detail"] = "De takenwachtrij loopt achter: draait db_worker?"
    body = {"status": "fout" if failing else "ok", "checks": checks}
    return JsonResponse(body, status=503 if failing else 200)
