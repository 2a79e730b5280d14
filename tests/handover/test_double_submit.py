"""Issue 20.1 on the handover form: a one-time key (`core.submission`); the same send twice
(a double click) makes one handover and answers the second with the case page."""

import pytest

from tests.handover.test_views import _post_data, form_url
from zicht.core.submission import new_key
from zicht.handover.models import Handover

pytestmark = pytest.mark.django_db


def test_a_repeated_send_makes_one_handover(worker_client, case, partner):
    """20.1: before, the second POST (its version now old) came back as a 409 stale page."""
    assert 'name="sleutel"' in worker_client.get(form_url(case)).content.decode()
    data = _post_data(case, partner, sleutel=new_key())
    first = worker_client.post(form_url(case), data)
    again = worker_client.post(form_url(case), data, follow=True)
    assert first.status_code == 302
    assert again.redirect_chain == [(f"/dossiers/{case.number}", 302)]
    assert "Dit formulier was al verstuurd" in again.content.decode()
    assert Handover.objects.filter(case=case).count() == 1


def test_more_rows_keep_the_key(worker_client, case, partner):
    key = new_key()
    page = worker_client.post(form_url(case), _post_data(case, partner, more="1", sleutel=key))
    assert f'name="sleutel" value="{key}"' in page.content.decode()
