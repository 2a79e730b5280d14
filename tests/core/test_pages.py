"""The UI shell: home, about, navigation, settings, the demo mode."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_about_page_shows_version_and_organisation(client, organisation):
    response = client.get("/over-zicht")
    body = response.content.decode()
    assert response.status_code == 200
    assert organisation.name in body
    assert "Versie" in body and "0.1.0" in body


def test_home_shows_teams_and_deadline_of_today(worker_client, case_worker):
    team = TeamFactory(name="Team Testdorp")
    team.members.add(case_worker)
    body = worker_client.get("/").content.decode()
    assert "Team Testdorp" in body
    assert "5 werkdagen" in body


def test_navigation_follows_the_role(worker_client, admin_client):
    assert 'href="/beheer/"' not in worker_client.get("/").content.decode()
    assert 'href="/beheer/"' in admin_client.get("/").content.decode()


def test_security_headers(worker_client):
    response = worker_client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"


def test_demo_totp_prints_a_code_in_demo_mode(settings, capsys):
    settings.ZICHT_DEMO = True
    call_command("seed_demo")
    capsys.readouterr()
    call_command("demo_totp", "medewerker@zicht.test")
    assert capsys.readouterr().out.strip().isdigit()


def test_demo_totp_is_refused_outside_demo_mode(settings):
    settings.ZICHT_DEMO = False
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Geweigerd"):
        call_command("demo_totp", "medewerker@zicht.test")


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    hidden = {"DATABASE_URL", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in hidden}
    return subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deploy_check():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        ZICHT_ENV="production",
        ZICHT_DEMO="false",
        SECRET_KEY="x" * 64 + "-production-only-test-key-with-enough-entropy-2026",
        DATABASE_URL="sqlite:////tmp/zicht-deploy-check.sqlite3",
        ALLOWED_HOSTS="zicht.example.nl",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    result = _manage("check", ZICHT_ENV="production", ALLOWED_HOSTS="x", DATABASE_URL="sqlite://")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_demo_mode_fails_the_deploy_check():
    result = _manage(
        "check",
        "--deploy",
        ZICHT_ENV="production",
        ZICHT_DEMO="true",
        SECRET_KEY="y" * 80,
        DATABASE_URL="sqlite:////tmp/zicht-deploy-check.sqlite3",
        ALLOWED_HOSTS="zicht.example.nl",
    )
    assert result.returncode != 0
    assert "zicht.E001" in result.stderr + result.stdout
