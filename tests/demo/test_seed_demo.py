"""`seed_demo`, the command `make run` starts with: reference data and demo accounts, again and
again without doubles."""

import pytest
from django.core.management import call_command

from zicht.accounts.models import Team, User
from zicht.organisation.models import Municipality, Organisation, PartnerAgency

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent(capsys):
    call_command("seed_demo")
    counts = (
        User.objects.count(),
        Team.objects.count(),
        Municipality.objects.count(),
        PartnerAgency.objects.count(),
        Organisation.objects.count(),
    )
    call_command("seed_demo")
    again = (
        User.objects.count(),
        Team.objects.count(),
        Municipality.objects.count(),
        PartnerAgency.objects.count(),
        Organisation.objects.count(),
    )
    assert counts == again
    assert Municipality.objects.get(cbs_code="GM0361").name == "Alkmaar"
    assert Organisation.objects.count() == 1
    assert "medewerker@zicht.test" in capsys.readouterr().out


def test_the_readme_lists_every_demo_account():
    """Issue 16.10: a new user finds every account `make run` creates in the README."""
    from pathlib import Path

    from zicht.demo.reference import DEMO_ACCOUNTS

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    missing = [a.email for a in DEMO_ACCOUNTS if f"`{a.email}`" not in readme]
    assert not missing, f"README.md mist demo-accounts: {missing}"
