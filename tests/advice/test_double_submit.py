"""Issue 20.1 on the advice pages: the form carries a one-time key (`core.submission`); the same
POST again makes nothing new and is sent to what the first one made."""

import pytest

from tests.advice.factories import expert, mdo_form_data, register_advice, team_member
from tests.advice.test_advice import URL, _data
from tests.conftest import verified_client
from tests.factories import OrganisationFactory
from zicht.advice.models import Advice, MdoDecision
from zicht.core.submission import new_key

pytestmark = pytest.mark.django_db

REPEATED = "Dit formulier was al verstuurd"


@pytest.fixture(autouse=True)
def _private_media_and_immediate_tasks(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def worker():
    OrganisationFactory(name="Veilig Thuis Testregio")
    return team_member(full_name="Fenna Frontoffice")


def test_the_advice_form_carries_a_key_and_keeps_it_after_an_error(worker):
    client = verified_client(worker)
    assert 'name="sleutel"' in client.get(URL).content.decode()
    key = new_key()
    refused = client.post(URL, _data(sleutel=key, question=""))
    assert refused.status_code == 400
    assert f'name="sleutel" value="{key}"' in refused.content.decode()


def test_a_repeated_advice_submit_makes_one_advice(worker):
    """20.1: a double click on "opslaan" of the advice form registers one advice."""
    client = verified_client(worker)
    data = _data(sleutel=new_key())
    first = client.post(URL, data)
    again = client.post(URL, data, follow=True)
    advice = Advice.objects.get()
    assert first["Location"] == f"/adviezen/{advice.pk}"
    assert again.redirect_chain == [(f"/adviezen/{advice.pk}", 302)]
    assert REPEATED in again.content.decode()


def test_two_submits_with_different_keys_make_two_advices(worker):
    client = verified_client(worker)
    client.post(URL, _data(sleutel=new_key()))
    client.post(URL, _data(sleutel=new_key()))
    assert Advice.objects.count() == 2


def test_a_repeated_mdo_submit_records_one_decision(worker):
    """20.1: the MDO form twice with one key: one decision, one letter, the second sent on."""
    advice = register_advice(worker)
    client = verified_client(worker)
    url = f"/adviezen/{advice.pk}/mdo"
    data = {
        **mdo_form_data([expert()], outcome="no_report", risk_high_acute="nee"),
        "sleutel": new_key(),
    }
    assert 'name="sleutel"' in client.get(url).content.decode()
    first = client.post(url, data)
    again = client.post(url, data)
    mdo = MdoDecision.objects.get()
    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"] == f"/adviezen/{advice.pk}"
    assert mdo.advice == advice
