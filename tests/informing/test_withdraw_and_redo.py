"""Issue 16.1: a letter not yet sent can be withdrawn and redone, with the reason kept (timeline
and letter status); a sent letter cannot; the redo is checked by the disclosure guard (R-PRIV-5)
and a stale case version is refused."""

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import verified_client
from tests.informing.helpers import contact, inform_household, register
from zicht.cases.models import TimelineEvent
from zicht.cases.services import StaleVersion
from zicht.core.errors import Conflict
from zicht.informing import services
from zicht.informing.models import HouseholdInforming
from zicht.letters import services as letter_services
from zicht.letters.models import Letter, LetterStatus

pytestmark = pytest.mark.django_db

REASON = "De tekst noemde de school van de melder."


@pytest.fixture
def informed(worker, django_capture_on_commit_callbacks):
    report = register(worker, anonymous=True)
    contact(worker, report)
    with django_capture_on_commit_callbacks(execute=True):
        inform_household(worker, report)
    return report


def _version(report) -> int:
    report.case.refresh_from_db()
    return report.case.version


def test_a_letter_not_yet_sent_is_withdrawn_with_the_reason_kept(worker, informed):
    """16.1: withdrawn, the reason on the letter and in the timeline; it never leaves."""
    letter = HouseholdInforming.objects.get(report=informed).letters.first()
    letter_services.letter_withdraw(
        user=worker, letter=letter, reason=REASON, expected_version=_version(informed)
    )
    letter.refresh_from_db()
    assert letter.status == LetterStatus.WITHDRAWN
    assert letter.withdrawal_reason == REASON
    assert letter.withdrawn_by == worker and letter.withdrawn_at is not None
    event = TimelineEvent.objects.get(case=informed.case, kind="letter_withdrawn")
    assert REASON in event.summary
    with pytest.raises(Conflict):
        letter_services.letter_mark_sent(user=worker, letter=letter)


def test_a_sent_letter_cannot_be_withdrawn(worker, informed):
    letter = HouseholdInforming.objects.get(report=informed).letters.first()
    letter_services.letter_mark_sent(user=worker, letter=letter)
    with pytest.raises(Conflict) as refused:
        letter_services.letter_withdraw(
            user=worker, letter=letter, reason=REASON, expected_version=_version(informed)
        )
    assert "al verzonden" in refused.value.message
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT


def test_withdrawing_needs_a_reason_and_the_current_version(worker, informed):
    letter = HouseholdInforming.objects.get(report=informed).letters.first()
    with pytest.raises(ValidationError) as refused:
        letter_services.letter_withdraw(
            user=worker, letter=letter, reason="  ", expected_version=_version(informed)
        )
    assert "reden" in refused.value.message_dict["reason"][0]
    with pytest.raises(StaleVersion):
        letter_services.letter_withdraw(
            user=worker, letter=letter, reason=REASON, expected_version=_version(informed) - 1
        )
    letter.refresh_from_db()
    assert letter.status != LetterStatus.WITHDRAWN


def test_a_letter_withdrawn_before_its_pdf_was_made_stays_withdrawn(worker):
    """16.1: the background task does not bring a withdrawn letter back."""
    report = register(worker, anonymous=True)
    contact(worker, report)
    letter = inform_household(worker, report).letters.first()  # no PDF yet: not committed
    letter_services.letter_withdraw(
        user=worker, letter=letter, reason=REASON, expected_version=_version(report)
    )
    letter_services.letter_render_pdf(letter_id=letter.pk)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.WITHDRAWN and not letter.pdf


def test_the_household_letters_are_redone_with_the_corrected_text(worker, informed):
    """16.1: the open letters are withdrawn with the reason and made again, same addressees,
    each new letter pointing at the one it replaces; the plans are the corrected ones."""
    informing = HouseholdInforming.objects.get(report=informed)
    before = {x.pk: x.recipient_name for x in informing.letters.all()}
    services.household_letters_redo(
        user=worker,
        report=informed,
        expected_version=_version(informed),
        plans="Een medewerker komt volgende week langs.",
        reason=REASON,
    )
    informing.refresh_from_db()
    assert informing.plans == "Een medewerker komt volgende week langs."
    old = Letter.objects.filter(pk__in=before)
    assert {x.status for x in old} == {LetterStatus.WITHDRAWN}
    assert {x.withdrawal_reason for x in old} == {REASON}
    new = [x for x in informing.current_letters]
    assert sorted(x.recipient_name for x in new) == sorted(before.values())
    assert {x.replaces_id for x in new} == set(before)
    assert all("volgende week langs" in x.html for x in new)
    assert TimelineEvent.objects.filter(case=informed.case, kind="household_letters_redone")


def test_the_redo_is_checked_by_the_disclosure_guard(worker, informed):
    """R-PRIV-5: the corrected text may not name the anonymous reporter either."""
    with pytest.raises(ValidationError) as refused:
        services.household_letters_redo(
            user=worker,
            report=informed,
            expected_version=_version(informed),
            plans="Basisschool De Wilg maakt zich zorgen.",
            reason=REASON,
        )
    assert "organisatie van de melder" in refused.value.message_dict["plans"][0]
    assert not Letter.objects.filter(status=LetterStatus.WITHDRAWN).exists()


def test_nothing_to_redo_when_every_letter_was_sent(worker, informed):
    for letter in HouseholdInforming.objects.get(report=informed).letters.all():
        letter_services.letter_mark_sent(user=worker, letter=letter)
    with pytest.raises(Conflict):
        services.household_letters_redo(
            user=worker,
            report=informed,
            expected_version=_version(informed),
            plans="Nieuwe tekst.",
            reason=REASON,
        )


def test_withdraw_page_keeps_the_input_and_names_the_field(worker, informed):
    """16.1 on the page: no reason → 400 naming the field; with one → back to the case page."""
    client = verified_client(worker)
    letter = HouseholdInforming.objects.get(report=informed).letters.first()
    url = f"/brieven/{letter.pk}/intrekken"
    assert client.get(url).status_code == 200
    response = client.post(url, {"version": _version(informed), "reason": ""})
    assert response.status_code == 400
    assert "Reden van intrekken" in response.content.decode()
    response = client.post(url, {"version": _version(informed), "reason": REASON})
    assert response.status_code == 302
    assert response["Location"].endswith("#brieven")
    letter.refresh_from_db()
    assert letter.status == LetterStatus.WITHDRAWN
    stale = client.post(url, {"version": _version(informed) - 1, "reason": REASON})
    assert stale.status_code == 409


def test_redo_page_prefills_the_text_and_refuses_the_reporter(worker, informed):
    client = verified_client(worker)
    url = f"/dossiers/{informed.case.number}/informeren/{informed.pk}/huishouden/opnieuw"
    page = client.get(url).content.decode()
    assert "komt volgende week bij u langs" in page
    response = client.post(
        url,
        {
            "version": _version(informed),
            "plans": "Juf Fenna belde ons.",
            "reason": REASON,
        },
    )
    assert response.status_code == 400
    assert "de naam van de melder" in response.content.decode()
    response = client.post(
        url, {"version": _version(informed), "plans": "Wij komen langs.", "reason": REASON}
    )
    assert response.status_code == 302
    case_page = client.get(f"/dossiers/{informed.case.number}").content.decode()
    assert "1 brief klaargezet" in case_page
