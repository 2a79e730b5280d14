"""Issue 20.1 on the handover form: a one-time key (`core.submission`); the same send twice
(a double click) makes one handover and answers the second with the case page."""

import pytest

from tests.handover.conftest import send
from tests.handover.test_views import _post_data, form_url
from zicht.core.submission import new_key
from zicht.handover.models import Handover, HandoverStatus

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


def test_a_repeated_hand_back_is_answered_with_the_case_page(
    worker_client, case_worker, case, partner
):
    """20.1 on the panel's actions: the hand-back twice with one key (a double click) is done
    once; the second is sent to the case page (before: a 409 stale page)."""
    handover, _ = send(case_worker, case, partner)
    case.refresh_from_db()
    page = worker_client.get(f"/dossiers/{case.number}").content.decode()
    assert page.count('name="sleutel"') >= 1
    url = f"/dossiers/{case.number}/overdracht/{handover.pk}/terugleggen"
    data = {"terug-version": case.version, "terug-by": "household", "terug-reason": "Wil niet",
            "sleutel": new_key()}  # fmt: skip
    first = worker_client.post(url, data)
    again = worker_client.post(url, data)
    assert first.status_code == again.status_code == 302
    assert again["Location"] == f"/dossiers/{case.number}"
    assert Handover.objects.get().status == HandoverStatus.HANDED_BACK
