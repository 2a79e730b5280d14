"""The deployment (issue 18.8): Containerfile and compose.yaml agree with the documentation.

Docker cannot build here, so what can be checked without it is checked: every variable compose
uses is documented in docs/configuration.md, every periodic job of docs/operations.md is
scheduled (and nothing else is), the services and the image are what operations.md describes.
"""

import importlib.util
import re
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
CONFIGURATION = (ROOT / "docs" / "configuration.md").read_text()
OPERATIONS = (ROOT / "docs" / "operations.md").read_text()


def scheduler() -> ModuleType:
    spec = importlib.util.spec_from_file_location("scheduler", ROOT / "deploy" / "scheduler.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def documented(variable: str) -> bool:
    return f"`{variable}`" in CONFIGURATION


def test_every_variable_compose_uses_is_documented():
    text = (ROOT / "compose.yaml").read_text()
    used = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", text))
    passed = set(COMPOSE["x-zicht"]["environment"])
    assert {"SECRET_KEY", "DATABASE_URL", "ZICHT_BACKUP_KEY"} <= passed
    missing = sorted(v for v in used | passed if not documented(v))
    assert not missing, f"not in docs/configuration.md: {missing}"


def test_every_variable_the_image_sets_is_documented():
    text = (ROOT / "Containerfile").read_text()
    block = re.search(r"^ENV (.*?)\n\n", text, re.S | re.M)
    assert block
    variables = re.findall(r"([A-Z][A-Z0-9_]*)=", block.group(1))
    own = [v for v in variables if not v.startswith("PYTHON")]
    assert own and all(documented(v) for v in own), own


def test_compose_runs_the_database_gunicorn_the_worker_and_the_scheduler():
    services = COMPOSE["services"]
    assert services["db"]["image"].startswith("postgres:15")
    assert services["web"]["command"][:2] == ["gunicorn", "zicht.conf.wsgi"]
    assert "db_worker" in services["worker"]["command"]
    assert services["scheduler"]["command"] == ["python", "deploy/scheduler.py"]
    assert services["migrate"]["command"][-2:] == ["migrate", "--noinput"]
    for name in ("web", "worker", "scheduler"):
        assert services[name]["environment"]["ZICHT_ENV"] == "production"
        needs = services[name]["depends_on"]
        assert needs["migrate"]["condition"] == "service_completed_successfully"


def periodic_jobs_in_operations() -> dict[str, str]:
    """The rows of the table under "## Periodic jobs": command name → schedule."""
    section = OPERATIONS.split("## Periodic jobs", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `manage\.py (\w+)[^`]*` \| ([^|]+) \|", section, re.M)
    return {name: schedule.strip() for name, schedule in rows}


def test_every_periodic_job_of_the_operations_guide_is_scheduled():
    documented_jobs = periodic_jobs_in_operations()
    assert "verify_access_log" in documented_jobs
    always = {name for name, schedule in documented_jobs.items() if "always running" in schedule}
    assert always == {"db_worker"}  # a service of its own in compose.yaml
    scheduled = {job.command[0] for job in scheduler().JOBS}
    assert scheduled == set(documented_jobs) - always


def test_the_schedule_matches_minutes_as_cron_does():
    module = scheduler()
    jobs = {job.command[0]: job for job in module.JOBS}
    sunday_4 = datetime(2026, 12, 6, 4, 0, tzinfo=UTC)
    assert jobs["prune_db_task_results"].due(sunday_4)
    assert not jobs["prune_db_task_results"].due(sunday_4.replace(day=7))  # Monday
    assert jobs["radar_sync"].due(sunday_4.replace(minute=35))
    assert not jobs["radar_sync"].due(sunday_4.replace(minute=36))
    assert jobs["backup"].due(datetime(2026, 12, 3, 1, 30, tzinfo=UTC))
    assert not jobs["backup"].due(datetime(2026, 12, 3, 2, 30, tzinfo=UTC))
    assert jobs["retention_list"].due(datetime(2027, 1, 1, 5, 0, tzinfo=UTC))
    assert not jobs["retention_list"].due(datetime(2027, 1, 2, 5, 0, tzinfo=UTC))


def test_the_image_is_slim_not_root_and_installs_the_locked_requirements():
    text = (ROOT / "Containerfile").read_text()
    assert text.count("\nFROM ") + text.startswith("FROM ") == 1
    assert re.search(r"^FROM python:3\.11-slim$", text, re.M)
    assert "pip install --no-cache-dir -r requirements/base.lock" in text
    assert "collectstatic --noinput" in text
    users = re.findall(r"^USER (\S+)", text, re.M)
    assert users and users[-1] not in {"root", "0"}
    assert '"gunicorn", "zicht.conf.wsgi"' in text
    assert "postgresql-client-15" in text  # pg_dump/pg_restore for manage.py backup
