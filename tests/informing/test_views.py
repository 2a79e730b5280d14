"""The informing pages and the case page panel: errors per field with input kept, the stale
version refused, scoping (404 out of scope) and the access log."""

import pytest
from django.utils import timezone

from tests.conftest import verified_client
from tests.factories import TeamFactory, UserFactory
from tests.informing.helpers import contact, register
from tests.people.factories import bsn_from
from zicht.audit.models import AccessEvent, AccessLogEntry
from zicht.informing.models import HouseholdInforming, ReporterContact

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(worker):
    return register(worker, anonymous=True)


def _url(report, step="melder"):
    return f"/dossiers/{report.case.number}/informeren/{report.pk}/{step}"


def _contact_form(report, **overrides):
    report.case.refresh_from_db()
    return {
        "version": report.case.version,
        "contacted_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "method": "phone",
        "safety_judgement": "Zorgen over de veiligheid; VT blijft betrokken.",
        "information_shared": "VT gaat met de ouders praten.",
        "reporter_options": "Blijf het kind volgen op school.",
        "agreements": "VT belt over twee weken terug.",
        **overrides,
    }


def test_case_page_shows_the_panel_with_reporter_and_status(worker, report):
    """R-TRI-7, R-REP-2: the panel shows the reporter, marked anonymous towards the household,
    the contact deadline and a link to record the contact."""
    page = verified_client(worker).get(f"/dossiers/{report.case.number}")
    html = page.content.decode()
    assert "Melder en huishouden informeren" in html
    assert "Fenna Zwaluwstaart" in html and "anoniem naar het huishouden" in html
    assert _url(report) in html
    assert "Nog niet: eerst contact met de melder" in html


def test_record_contact_through_the_page(worker, report):
    """R-TRI-7: recording the contact meets the deadline; back to the case page."""
    client = verified_client(worker)
    page = client.get(_url(report))
    assert page.status_code == 200
    assert "Deel alleen wat de melder nodig heeft" in page.content.decode()  # R-PRIV-2 guidance
    answer = client.post(_url(report), _contact_form(report, send_letter="on"))
    assert answer.status_code == 302
    assert answer["Location"].endswith(f"/dossiers/{report.case.number}#informeren")
    recorded = ReporterContact.objects.get(report=report)
    assert recorded.letter is not None
    assert report.case.deadlines.get(kind="reporter_contact").met_at is not None
    html = client.get(f"/dossiers/{report.case.number}").content.decode()
    assert "Informeren van het huishouden vastleggen" in html


def test_a_missing_letter_template_is_explained_not_a_server_error(worker, report):
    """R-TRI-7: when the functional administrator switched the letter off, the contact is not
    recorded half: the page says which template is missing and keeps what was typed."""
    from zicht.letters.models import LetterTemplate

    LetterTemplate.objects.filter(code="reporter_contact_confirmation").update(active=False)
    answer = verified_client(worker).post(_url(report), _contact_form(report, send_letter="on"))
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "briefsjabloon" in html and "reporter_contact_confirmation" in html
    assert "VT belt over twee weken terug." in html
    assert not ReporterContact.objects.exists()
    assert report.case.deadlines.get(kind="reporter_contact").met_at is None


def test_bsn_is_refused_at_the_field_and_input_kept(worker, report):
    """R-PRIV-2: a BSN in the information for the reporter is refused, named at the field."""
    typed = f"Moeder heeft BSN {bsn_from(11)}"
    answer = verified_client(worker).post(
        _url(report), _contact_form(report, information_shared=typed)
    )
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "Informatie gedeeld met de melder: Haal het BSN uit deze tekst" in html
    assert "VT belt over twee weken terug." in html  # the other input stays
    assert not ReporterContact.objects.exists()


def test_form_errors_name_the_field(worker, report):
    answer = verified_client(worker).post(
        _url(report), _contact_form(report, method="", contacted_at="gisteren")
    )
    html = answer.content.decode()
    assert answer.status_code == 400
    assert "Manier van contact: Kies hoe u contact had." in html
    assert "Vul een datum en tijd in" in html


def test_stale_version_is_refused_and_input_kept(worker, report):
    client = verified_client(worker)
    form = _contact_form(report, agreements="Mijn getypte afspraak")
    form["version"] = form["version"] - 1
    answer = client.post(_url(report), form)
    assert answer.status_code == 409
    html = answer.content.decode()
    assert "intussen door iemand anders gewijzigd" in html
    assert "Mijn getypte afspraak" in html
    assert not ReporterContact.objects.exists()


def test_household_refused_before_contact_with_a_dutch_reason(worker, report):
    """R-TRI-7: informing the household before the reporter contact is refused."""
    report.case.refresh_from_db()
    answer = verified_client(worker).post(
        _url(report, "huishouden"),
        {
            "version": report.case.version,
            "informed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "means": "short_letter",
            "plans": "VT komt langs.",
        },
    )
    assert answer.status_code == 400
    assert "Neem eerst contact op met de melder" in answer.content.decode()
    assert not HouseholdInforming.objects.exists()


def test_household_informed_through_the_page(worker, report):
    contact(worker, report)
    report.case.refresh_from_db()
    answer = verified_client(worker).post(
        _url(report, "huishouden"),
        {
            "version": report.case.version,
            "informed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "means": "short_letter",
            "plans": "VT komt langs.",
        },
    )
    assert answer.status_code == 302
    assert HouseholdInforming.objects.get(report=report).letters.count() == 1  # one address


def test_out_of_scope_is_404_and_reads_are_logged(worker, report):
    """R-PRIV-3: another team's case is not found; one's own read is in the access log."""
    outsider = UserFactory()
    TeamFactory(name="Team Elders").members.add(outsider)
    assert verified_client(outsider).get(_url(report)).status_code == 404
    assert verified_client(worker).get(_url(report)).status_code == 200
    assert AccessLogEntry.objects.filter(
        case_id=report.case_id, event=AccessEvent.READ, resource=_url(report), user=worker
    ).exists()


def test_unknown_report_is_404_and_front_office_is_403(worker, report):
    client = verified_client(worker)
    assert client.get(f"/dossiers/{report.case.number}/informeren/999999/melder").status_code == 404
    front_office = UserFactory(role="front_office")
    report.case.team.members.add(front_office)
    assert verified_client(front_office).get(_url(report)).status_code == 403
