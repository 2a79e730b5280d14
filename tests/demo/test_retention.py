"""The demo's archive files (R-PRIV-4): `make run` shows *Bewaren en vernietigen* with two files
due, one under a legal hold, and the two demo administrators can destroy the other one."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from zicht.accounts.models import User
from zicht.cases.models import Case
from zicht.demo.retention import WORD
from zicht.retention import services
from zicht.retention.models import DestructionRecord, LegalHold, Retention

pytestmark = pytest.mark.django_db


def test_priv4_the_demo_has_files_due_one_held_and_four_eyes_destroy_the_other(settings):
    """R-PRIV-4: due files on the monthly list; the held one is refused; two different demo
    administrators propose and approve the other."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    call_command("seed_demo")
    archive = Case.objects.filter(household__name__startswith=f"{WORD} ").order_by("closed_at")
    assert archive.count() == 2
    today = timezone.localdate()
    assert all(Retention.objects.get(case=c).destroy_on < today for c in archive)
    held, free = archive  # the one closed longest ago has the hold
    assert LegalHold.objects.get(lifted_at=None).case == held

    first = User.objects.get(email="beheerder@zicht.test")
    second = User.objects.get(email="beheerder2@zicht.test")
    page = _logged_in(first).get("/bewaren").content.decode()
    assert held.number in page and free.number in page

    services.destruction_propose(user=first, number=free.number)
    services.destruction_approve(user=second, number=free.number)
    assert DestructionRecord.objects.filter(case_number=free.number).exists()
    assert not Case.objects.filter(pk=free.pk).exists()

    call_command("seed_demo")  # the archive is made once, also after a destruction
    assert Case.objects.filter(household__name__startswith=f"{WORD} ").count() == 1


def _logged_in(user: User) -> Client:
    """As after both login steps, with the device the demo enrolled."""
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    return client
