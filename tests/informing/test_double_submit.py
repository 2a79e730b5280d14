"""Issue 20.1 on the informing pages: a one-time key (`core.submission`); recording the contact
with the reporter twice with one key (a double click) records it once and sends the second on
to the case page instead of a stale-version page."""

import pytest

from tests.conftest import verified_client
from tests.informing.helpers import register
from tests.informing.test_views import _contact_form, _url
from zicht.core.submission import new_key
from zicht.informing.models import ReporterContact

pytestmark = pytest.mark.django_db


def test_a_repeated_record_is_recorded_once(worker):
    report = register(worker, anonymous=True)
    client = verified_client(worker)
    assert 'name="sleutel"' in client.get(_url(report)).content.decode()
    data = _contact_form(report, sleutel=new_key())
    first = client.post(_url(report), data)
    again = client.post(_url(report), data)
    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"]
    assert again["Location"].endswith(f"/dossiers/{report.case.number}#informeren")
    assert ReporterContact.objects.filter(report=report).count() == 1


def test_a_refused_record_keeps_the_key(worker):
    report = register(worker, anonymous=True)
    key = new_key()
    page = verified_client(worker).post(_url(report), _contact_form(report, method="", sleutel=key))
    assert page.status_code == 400
    assert f'name="sleutel" value="{key}"' in page.content.decode()
