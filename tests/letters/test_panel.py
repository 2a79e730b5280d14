"""Issue 16.3: the case page's letters panel — every letter with addressee, status (concept,
ready, sent with how and when, withdrawn), preview and PDF; recording that a letter was sent
(how and when, with the case version); one letter per addressee address per purpose."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.conftest import verified_client
from tests.informing.helpers import contact, inform_household, register
from zicht.cases.models import TimelineEvent
from zicht.cases.services import StaleVersion
from zicht.core.errors import Conflict
from zicht.informing.models import HouseholdInforming
from zicht.letters import services
from zicht.letters.models import Letter, LetterStatus, SentVia

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(worker):
    report = register(worker, anonymous=True)
    contact(worker, report, send_letter=True)
    return report


def _version(report) -> int:
    report.case.refresh_from_db()
    return report.case.version


def _rendered(report, django_capture_on_commit_callbacks, worker):
    with django_capture_on_commit_callbacks(execute=True):
        informing = inform_household(worker, report)
    return informing.letters.get()


def test_the_panel_lists_every_letter_with_addressee_status_preview_and_pdf(
    worker, report, django_capture_on_commit_callbacks
):
    """16.3: from the case page every letter can be reached — no more "klaargezet" leading
    nowhere."""
    letter = _rendered(report, django_capture_on_commit_callbacks, worker)
    page = verified_client(worker).get(f"/dossiers/{report.case.number}").content.decode()
    assert 'id="brieven"' in page
    for each in Letter.objects.filter(case=report.case):
        assert f"/brieven/{each.pk}" in page
    assert "Anna Bakker en Bram Bakker" in page and "Kerkstraat 12" in page
    assert "Klaar om te verzenden" in page
    assert f"/brieven/{letter.pk}/pdf" in page
    assert f"/brieven/{letter.pk}/verzonden" in page and f"/brieven/{letter.pk}/intrekken" in page
    assert '<iframe class="letter-frame" sandbox=""' in page
    assert 'href="#brieven"' in page  # "1 brief klaargezet" leads to the panel


def test_recording_that_a_letter_was_sent_says_how_and_when(
    worker, report, django_capture_on_commit_callbacks
):
    """16.3: sent by post at a given moment, in the timeline; the panel shows how and when."""
    letter = _rendered(report, django_capture_on_commit_callbacks, worker)
    at = timezone.now().replace(microsecond=0)
    services.letter_mark_sent(
        user=worker, letter=letter, via=SentVia.HAND, sent_at=at, expected_version=_version(report)
    )
    letter.refresh_from_db()
    assert (letter.status, letter.sent_via, letter.sent_at) == (LetterStatus.SENT, "hand", at)
    assert TimelineEvent.objects.filter(case=report.case, kind="letter_sent").exists()
    page = verified_client(worker).get(f"/dossiers/{report.case.number}").content.decode()
    assert "persoonlijk overhandigd op" in page
    assert f"/brieven/{letter.pk}/intrekken" not in page  # sent: no withdrawing any more


def test_recording_sent_checks_the_version_the_moment_and_how(
    worker, report, django_capture_on_commit_callbacks
):
    letter = _rendered(report, django_capture_on_commit_callbacks, worker)
    with pytest.raises(StaleVersion):
        services.letter_mark_sent(user=worker, letter=letter, expected_version=_version(report) - 1)
    with pytest.raises(ValidationError) as refused:
        services.letter_mark_sent(
            user=worker,
            letter=letter,
            via="pigeon",
            sent_at=timezone.now() + timedelta(days=1),
            expected_version=_version(report),
        )
    assert set(refused.value.message_dict) == {"via", "sent_at"}
    letter.refresh_from_db()
    assert letter.status == LetterStatus.RENDERED


def test_a_withdrawn_letter_cannot_be_recorded_as_sent(
    worker, report, django_capture_on_commit_callbacks
):
    letter = _rendered(report, django_capture_on_commit_callbacks, worker)
    services.letter_withdraw(
        user=worker, letter=letter, reason="Fout adres.", expected_version=_version(report)
    )
    with pytest.raises(Conflict):
        services.letter_mark_sent(user=worker, letter=letter)
    page = verified_client(worker).get(f"/dossiers/{report.case.number}").content.decode()
    assert "Ingetrokken" in page and "Reden: Fout adres." in page


def test_the_sent_page_records_it_and_returns_to_the_panel(
    worker, report, django_capture_on_commit_callbacks
):
    letter = _rendered(report, django_capture_on_commit_callbacks, worker)
    client = verified_client(worker)
    url = f"/brieven/{letter.pk}/verzonden"
    assert client.get(url).status_code == 200
    moment = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    refused = client.post(url, {"version": _version(report), "via": "", "sent_at": moment})
    assert (
        refused.status_code == 400 and "Kies hoe de brief is verzonden" in refused.content.decode()
    )
    done = client.post(url, {"version": _version(report), "via": "post", "sent_at": moment})
    assert done.status_code == 302 and done["Location"].endswith("#brieven")
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT and letter.sent_via == SentVia.POST


def test_two_reports_about_one_household_make_one_letter_per_address(worker, report):
    """16.3: a second report about the same household does not make a second letter to the
    same address while the first has not gone out (today: four letters to one address)."""
    first = inform_household(worker, report)
    second_report = register(worker, anonymous=True)
    # The second report about the same household, in the same case.
    second_report.__class__.objects.filter(pk=second_report.pk).update(case=report.case)
    second_report.refresh_from_db()
    contact(worker, second_report)
    second = inform_household(worker, second_report)
    household_letters = Letter.objects.filter(case=report.case, template_code="household_informed")
    assert household_letters.count() == 1
    assert list(first.letters.all()) == list(second.letters.all())


def test_after_the_first_letter_went_out_a_new_report_gets_its_own(worker, report):
    """16.3: the dedupe is per purpose — once sent, a later report's letter is a new one."""
    first = inform_household(worker, report)
    letter = first.letters.get()
    Letter.objects.filter(pk=letter.pk).update(status=LetterStatus.SENT)
    second_report = register(worker, anonymous=True)
    second_report.__class__.objects.filter(pk=second_report.pk).update(case=report.case)
    second_report.refresh_from_db()
    contact(worker, second_report)
    second = inform_household(worker, second_report)
    assert second.letters.get().pk != letter.pk
    assert HouseholdInforming.objects.count() == 2
