"""Letters: HTML rendered in the transaction, the PDF after commit as an idempotent task, the
outbox status, the scoped and logged download, and the administrator's template check."""

import re
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django_tasks import TaskResultStatus
from pypdf import PdfReader

from tests.cases.factories import open_case
from tests.conftest import verified_client
from tests.factories import OrganisationFactory, TeamFactory, UserFactory
from zicht.audit.models import AccessEvent, AccessLogEntry, Channel
from zicht.cases.models import TimelineEvent
from zicht.core.errors import Conflict
from zicht.letters import selectors, services
from zicht.letters.models import Letter, LetterStatus, LetterTemplate, RecipientKind
from zicht.letters.tasks import render_letter_pdf

pytestmark = pytest.mark.django_db

CONTEXT = {
    "professional_name": "mevrouw dr. A. de Vries",
    "decision_date": "3 maart 2025",
    "decision": "Veilig Thuis maakt ambtshalve een melding van deze situatie.",
    "grounds": "Het risico voor de kinderen is hoog en acuut <en dringend>.",
}


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Veilig Thuis Testregio", phone="0800-2000")


@pytest.fixture
def case(case_worker, organisation):
    return open_case(user=case_worker, team=TeamFactory(name="Team Zuid"))


def queue(user, case, **overrides):
    arguments = {
        "user": user,
        "case": case,
        "template_code": "vt_initiated_report_decision",
        "recipient_name": "Mevrouw dr. A. de Vries",
        "recipient_address": "Huisartsenpraktijk De Linde\nLindelaan 4\n1234 AB Testdorp",
        "recipient_kind": RecipientKind.PROFESSIONAL,
        "context": CONTEXT,
        **overrides,
    }
    return services.letter_queue(**arguments)


def pdf_text(letter: Letter) -> str:
    with letter.pdf.open("rb") as handle:
        reader = PdfReader(BytesIO(handle.read()))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_queue_renders_the_html_now_and_notes_it_on_the_timeline(case_worker, case):
    letter = queue(case_worker, case)

    assert letter.status == LetterStatus.QUEUED
    assert not letter.pdf
    assert "Geachte mevrouw dr. A. de Vries," in letter.html
    assert "Veilig Thuis Testregio" in letter.html
    assert "0800-2000" in letter.html
    assert case.number in letter.html
    assert "Lindelaan 4" in letter.html
    # Values from the case are escaped: the administrator's template cannot be broken into.
    assert "hoog en acuut &lt;en dringend&gt;" in letter.html
    assert re.search(
        r"\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|"
        r"november|december) \d{4}",
        letter.html,
    )
    event = TimelineEvent.objects.get(case=case, kind="letter_queued")
    assert event.summary.startswith("Brief klaargezet: Besluit van Veilig Thuis")
    assert event.target_id == letter.pk


def test_pdf_is_made_after_commit_and_reads_back_in_dutch(
    case_worker, case, django_capture_on_commit_callbacks
):
    """R-ADV-7: VT informs the professional of the MDO decision to make a VT-initiated report."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        letter = queue(case_worker, case)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.QUEUED  # nothing happens before commit
    assert len(callbacks) == 1

    callbacks[0]()  # the commit: the immediate backend runs the task now

    letter.refresh_from_db()
    assert letter.status == LetterStatus.RENDERED
    assert letter.rendered_at is not None
    assert letter.pdf.name.startswith("letters/")
    text = pdf_text(letter)
    assert "Veilig Thuis Testregio" in text
    assert "Geachte mevrouw dr. A. de Vries" in text
    assert "multidisciplinair overleg (MDO)" in text
    assert "Veilig Thuis maakt ambtshalve een melding van deze situatie." in text
    assert "Ons kenmerk" in text and case.number in text


def test_rendering_twice_stores_one_pdf(case_worker, case, settings):
    letter = queue(case_worker, case)
    first = services.letter_render_pdf(letter_id=letter.pk)
    second = services.letter_render_pdf(letter_id=letter.pk)
    render_letter_pdf.call(letter.pk)

    letter.refresh_from_db()
    assert second.pdf.name == first.pdf.name == letter.pdf.name
    assert letter.rendered_at == first.rendered_at
    assert len(list((settings.MEDIA_ROOT / "letters").rglob("*.pdf"))) == 1


def test_failed_render_is_recorded_on_the_letter_and_can_be_retried(case_worker, case, monkeypatch):
    letter = queue(case_worker, case)

    def broken(self, *args, **kwargs):
        raise OSError("lettertype niet gevonden")

    monkeypatch.setattr("weasyprint.document.Document.write_pdf", broken)
    result = render_letter_pdf.enqueue(letter.pk)

    assert result.status == TaskResultStatus.FAILED
    letter.refresh_from_db()
    assert letter.status == LetterStatus.FAILED
    assert "OSError: lettertype niet gevonden" in letter.error
    assert not letter.pdf

    monkeypatch.undo()
    render_letter_pdf.enqueue(letter.pk)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.RENDERED
    assert letter.error == ""


def test_mark_sent_only_after_the_pdf(case_worker, case):
    letter = queue(case_worker, case)
    with pytest.raises(Conflict, match="de PDF is er nog niet"):
        services.letter_mark_sent(user=case_worker, letter=letter)
    services.letter_render_pdf(letter_id=letter.pk)

    letter = services.letter_mark_sent(user=case_worker, letter=letter)

    assert letter.status == LetterStatus.SENT
    assert letter.sent_by == case_worker
    assert TimelineEvent.objects.filter(case=case, kind="letter_sent").exists()


def test_unknown_template_is_refused_in_dutch(case_worker, case):
    with pytest.raises(ValidationError, match="bestaat niet of is niet actief"):
        queue(case_worker, case, template_code="bestaat_niet")
    assert not Letter.objects.exists()


def test_pdf_download_is_scoped_and_logged_as_export(case_worker, case):
    """R-PRIV-3: downloading a letter exports the household's data: outside the user's scope it
    is a 404 (as if missing) and nothing is logged; inside it, one EXPORT entry per person."""
    letter = services.letter_render_pdf(letter_id=queue(case_worker, case).pk)
    url = f"/brieven/{letter.pk}/pdf"
    outsider = verified_client(UserFactory(email="buiten@zicht.test"))
    before = AccessLogEntry.objects.filter(event=AccessEvent.EXPORT).count()

    assert outsider.get(url).status_code == 404
    assert outsider.get(f"/brieven/{letter.pk}").status_code == 404
    assert AccessLogEntry.objects.filter(event=AccessEvent.EXPORT).count() == before

    response = verified_client(case_worker).get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="brief-{letter.pk}-vt_initiated_report_decision.pdf"' in disposition
    assert not re.search(r"\d{9}", disposition)  # never a BSN in the file name
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    exports = AccessLogEntry.objects.filter(event=AccessEvent.EXPORT, case_id=case.pk)
    member_ids = set(case.household.members.values_list("person_id", flat=True))
    assert {entry.person_id for entry in exports} == member_ids
    assert all(entry.channel == Channel.PDF and entry.user == case_worker for entry in exports)


def test_download_before_the_pdf_exists_explains_and_logs_nothing(case_worker, case):
    letter = queue(case_worker, case)
    client = verified_client(case_worker)

    response = client.get(f"/brieven/{letter.pk}/pdf", follow=True)

    assert response.redirect_chain[-1][0] == f"/brieven/{letter.pk}"
    assert "nog niet gemaakt" in response.content.decode()
    assert not AccessLogEntry.objects.filter(event=AccessEvent.EXPORT).exists()


def test_preview_shows_the_letter_and_its_outbox_status(case_worker, case):
    letter = queue(case_worker, case)
    client = verified_client(case_worker)

    page = client.get(f"/brieven/{letter.pk}").content.decode()
    assert "Klaargezet" in page
    assert "Geachte mevrouw dr. A. de Vries," in page
    assert "<style>" not in page  # the print styles stay in the PDF document

    services.letter_render_failed(letter_id=letter.pk, error="OSError: schijf vol")
    page = client.get(f"/brieven/{letter.pk}").content.decode()
    assert "Mislukt" in page and "schijf vol" in page

    services.letter_render_pdf(letter_id=letter.pk)
    page = client.get(f"/brieven/{letter.pk}").content.decode()
    assert "PDF gemaakt" in page and f"/brieven/{letter.pk}/pdf" in page
    assert AccessLogEntry.objects.filter(event=AccessEvent.READ, case_id=case.pk).exists()


def test_letters_of_a_case_are_scoped(case_worker, case):
    queue(case_worker, case)
    outsider = UserFactory(email="ander@zicht.test")

    assert selectors.letters_of_case(user=case_worker, case=case).count() == 1
    assert selectors.letters_of_case(user=outsider, case=case).count() == 0


def test_admin_refuses_a_template_that_does_not_compile(admin_client):
    url = "/beheer/letters/lettertemplate/add/"
    data = {
        "name": "Kapotte brief",
        "code": "kapot",
        "subject": "Onderwerp",
        "body": "<p>Geachte {{ naam }},</p>{% if naam %}<p>zonder einde</p>",
        "active": "on",
    }

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "bevat een fout in de sjabloonopmaak en is niet opgeslagen" in response.content.decode()
    assert not LetterTemplate.objects.filter(code="kapot").exists()

    data["body"] = "<p>Geachte {{ naam }},</p>{% if naam %}<p>met einde</p>{% endif %}"
    assert admin_client.post(url, data).status_code == 302
    assert LetterTemplate.objects.filter(code="kapot").exists()


def test_admin_refuses_include_of_files(admin_client):
    response = admin_client.post(
        "/beheer/letters/lettertemplate/add/",
        {"name": "Poging", "code": "poging", "subject": "x", "body": '{% include "base.html" %}'},
    )
    assert response.status_code == 200
    assert "niet toegestaan" in response.content.decode()
    assert not LetterTemplate.objects.filter(code="poging").exists()
