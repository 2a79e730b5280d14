"""The letters of informing, read back from the PDF as the household or reporter receives it."""

import pytest

from tests.informing.helpers import contact, inform_household, pdf_text, register

pytestmark = pytest.mark.django_db


def _household_pdfs(worker, report, capture):
    contact(worker, report)
    with capture(execute=True):
        informing = inform_household(worker, report)
    return [pdf_text(letter) for letter in informing.letters.order_by("recipient_name")]


def test_household_letter_never_reveals_an_anonymous_reporter(
    worker, django_capture_on_commit_callbacks
):
    """R-PRIV-2, R-REP-2: the household letter names an anonymous reporter by neither name nor
    organisation, read back from the PDF text; it does carry VT's 24/7 number."""
    report = register(worker, anonymous=True)
    texts = _household_pdfs(worker, report, django_capture_on_commit_callbacks)
    assert len(texts) == 1  # one letter per address (16.3): Anna and Bram live together
    for text in texts:
        assert "Zwaluwstaart" not in text and "Fenna" not in text
        assert "De Wilg" not in text and "leerkracht" not in text.lower()
        assert "anoniem wil blijven" in text
        assert "0800-2000" in text
        assert "Een medewerker van Veilig Thuis komt volgende week bij u langs." in text
    assert "Anna Bakker en Bram Bakker" in texts[0] and "Kerkstraat 12" in texts[0]


def test_household_letter_names_a_reporter_who_is_not_anonymous(
    worker, django_capture_on_commit_callbacks
):
    """R-PRIV-2, R-REP-2: by default the household may learn who reported: name and
    organisation are in the letter."""
    report = register(worker)
    texts = _household_pdfs(worker, report, django_capture_on_commit_callbacks)
    for text in texts:
        assert "Fenna Zwaluwstaart (Basisschool De Wilg)" in text
        assert "0800-2000" in text


def test_reporter_confirmation_reads_back_in_dutch(worker, django_capture_on_commit_callbacks):
    """R-TRI-7: the confirmation to the reporter carries the four parts of the contact."""
    report = register(worker)
    with django_capture_on_commit_callbacks(execute=True):
        recorded = contact(worker, report, send_letter=True)
    text = pdf_text(recorded.letter)
    assert "Beste Fenna Zwaluwstaart" in text
    for part in (
        "Hoe wij de veiligheid nu inschatten",
        "Wat u van ons weet voor uw eigen taak",
        "Wat u zelf kunt doen",
        "Wat wij hebben afgesproken",
        "VT belt de leerkracht over twee weken terug.",
    ):
        assert part in text
