"""Issue 20.1 on the letter pages (withdraw, sent): a one-time key (`core.submission`); the same
POST twice is written once and the second is sent back to the letters panel."""

import pytest
from django.utils import timezone

from tests.conftest import verified_client
from tests.informing.helpers import contact, register
from tests.letters.test_panel import _rendered, _version
from zicht.cases.models import TimelineEvent
from zicht.core.submission import new_key
from zicht.letters.models import LetterStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(worker):
    report = register(worker, anonymous=True)
    contact(worker, report, send_letter=True)
    return report


def test_a_repeated_sent_is_recorded_once(worker, report, django_capture_on_commit_callbacks):
    letter = _rendered(report, django_capture_on_commit_callbacks, worker)
    client = verified_client(worker)
    url = f"/brieven/{letter.pk}/verzonden"
    assert 'name="sleutel"' in client.get(url).content.decode()
    moment = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    data = {"version": _version(report), "via": "post", "sent_at": moment, "sleutel": new_key()}
    first = client.post(url, data)
    again = client.post(url, data)
    assert first.status_code == again.status_code == 302  # before: 409, a stale version
    assert again["Location"] == first["Location"] and first["Location"].endswith("#brieven")
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT
    assert TimelineEvent.objects.filter(case=report.case, kind="letter_sent").count() == 1


def test_a_repeated_withdraw_is_answered_with_the_panel(
    worker, report, django_capture_on_commit_callbacks
):
    letter = _rendered(report, django_capture_on_commit_callbacks, worker)
    client = verified_client(worker)
    url = f"/brieven/{letter.pk}/intrekken"
    data = {"version": _version(report), "reason": "Fout adres.", "sleutel": new_key()}
    first = client.post(url, data)
    again = client.post(url, data)
    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"]
    letter.refresh_from_db()
    assert letter.status == LetterStatus.WITHDRAWN
