"""The public decision aid: no login, GET only, nothing stored (DOMAIN §4.8, R-ADV-3)."""

import pytest
from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, router
from django.test import Client

from zicht.audit.models import AccessLogEntry

REPORT = {
    "vermoeden": "ja",
    "acuut": "ja",
    "structureel": "nee",
    "geen_hulp": "nee",
    "nieuwe_signalen": "nee",
    "andere_gezinsleden": "ja",
    "hulp_mogelijk": "ja",
    "medewerking": "ja",
    "duurzaam_veilig": "weet-niet",
}


def _counts() -> dict[str, int]:
    """Every table of Zicht's own database (the national register's test models live in a
    database of their own, which this page cannot reach)."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if router.db_for_read(model) == DEFAULT_DB_ALIAS
    }


@pytest.fixture
def anonymous(db) -> Client:
    return Client()


def test_questions_page_without_login(anonymous):
    response = anonymous.get("/meldcode")
    assert response.status_code == 200
    html = response.content.decode()
    for step in range(1, 6):
        assert f"Stap {step}:" in html
    assert 'method="get"' in html
    assert 'action="/meldcode/uitkomst"' in html
    assert "<fieldset" in html and "<legend>Vraag 1:" in html
    assert 'type="radio"' in html
    assert "0800-2000" in html
    assert "Wilt u overleggen? Bel Veilig Thuis: 0800-2000." in html


def test_outcome_report_necessary(anonymous):
    """R-MC-1 and R-MC-3 on the page: the reasons, the 24/7 number, print instructions."""
    response = anonymous.get("/meldcode/uitkomst", REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Uitkomst: Melden is noodzakelijk" in html
    assert "Er is sprake van acute onveiligheid." in html
    assert "Melden is noodzakelijk, ook als u zelf hulp biedt" in html
    assert "andere gezinsleden dan uw eigen cliënt tellen ook mee" in html
    assert "Besluit 2" in html
    assert "0800-2000" in html
    assert "Ctrl+P" in html


def test_outcome_no_suspicion_needs_only_question_one(anonymous):
    response = anonymous.get("/meldcode/uitkomst", {"vermoeden": "nee"})
    assert response.status_code == 200
    assert "afsluiten en vastleggen" in response.content.decode()


def test_outcome_without_report_still_considers_help(anonymous):
    """R-MC-2: decision 2 is shown also when reporting is not necessary."""
    answers = {**REPORT, "acuut": "nee", "duurzaam_veilig": "ja"}
    html = anonymous.get("/meldcode/uitkomst", answers).content.decode()
    assert "Uitkomst: Melden is niet noodzakelijk" in html
    assert "Ja, hulp bieden of organiseren is (ook) mogelijk." in html


def test_missing_answer_names_the_question_and_keeps_answers(anonymous):
    answers = {key: value for key, value in REPORT.items() if key != "structureel"}
    response = anonymous.get("/meldcode/uitkomst", answers)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Beantwoord vraag 2b: Is er sprake van structurele onveiligheid?" in html
    assert 'href="#id_structureel_0"' in html
    assert 'name="acuut" value="ja" id="id_acuut_0" checked' in html
    assert "Beantwoord vraag 2a" not in html


def test_missing_question_one(anonymous):
    response = anonymous.get("/meldcode/uitkomst")
    assert response.status_code == 400
    assert "Beantwoord vraag 1:" in response.content.decode()


def test_invalid_choice_is_refused(anonymous):
    response = anonymous.get("/meldcode/uitkomst", {**REPORT, "acuut": "misschien"})
    assert response.status_code == 400


def test_change_link_keeps_answers(anonymous):
    html = anonymous.get("/meldcode/uitkomst", REPORT).content.decode()
    assert "/meldcode?vermoeden=ja&amp;acuut=ja" in html
    page = anonymous.get("/meldcode", REPORT).content.decode()
    assert 'name="acuut" value="ja" id="id_acuut_0" checked' in page


def test_post_is_not_allowed(anonymous):
    assert anonymous.post("/meldcode/uitkomst", REPORT).status_code == 405


def test_nothing_is_stored(anonymous, organisation):
    """No answers are stored: no access-log entry, no row in any table, no session."""
    before = _counts()
    access_log = AccessLogEntry.objects.count()
    anonymous.get("/meldcode")
    anonymous.get("/meldcode/uitkomst", REPORT)
    anonymous.get("/meldcode/uitkomst", {"vermoeden": "ja"})
    assert AccessLogEntry.objects.count() == access_log
    assert _counts() == before
    assert "sessionid" not in anonymous.cookies


def test_login_page_links_to_the_aid(anonymous):
    html = anonymous.get("/inloggen").content.decode()
    assert 'href="/meldcode"' in html


def test_answers_are_not_logged(anonymous, caplog):
    caplog.set_level("DEBUG")
    anonymous.get("/meldcode/uitkomst", REPORT)
    anonymous.get("/meldcode/uitkomst", {"vermoeden": "ja", "acuut": "ja"})
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "acuut" not in logged
    assert "vermoeden" not in logged
