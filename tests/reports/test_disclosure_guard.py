"""The disclosure guard (R-PRIV-5): a reporter anonymous towards the household cannot be named in
text the household or a partner receives — by name, organisation, phone or e-mail, nor by an
obvious variant of them. Unit tests of the variants; the entry points are tested in
`tests/informing/test_disclosure_entry_points.py`."""

import pytest

from zicht.reports.disclosure import disclosure_errors, flatten, normalise
from zicht.reports.models import Report

REPORTER = Report(
    reporter_name="Marieke Johanna de Vries",
    reporter_organisation="Basisschool De Vlieger, Alkmaar",
    reporter_phone="06-12345678",
    reporter_email="M.deVries@devlieger.test",
    anonymous_to_household=True,
)


def refused(text: str) -> str:
    return disclosure_errors(reports=[REPORTER], texts={"plans": text}).get("plans", "")


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("Marieke Johanna de Vries belde ons.", "naam"),
        ("MARIEKE  JOHANNA   DE VRIES belde.", "naam"),  # case and spacing
        ("marieke de vries belde.", "naam"),  # first name and surname
        ("Een gesprek met M.J. de Vries.", "naam"),  # initials and surname
        ("Een gesprek met M. de Vries.", "naam"),
        ("Een gesprek met MJ de Vries.", "naam"),
        ("De Vries, M.J. meldde zorgen.", "naam"),  # surname first
        ("Mevrouw De Vries van school.", "naam"),  # title and surname
        ("Volgens mw. de Vries gaat het slecht.", "naam"),
        ("Juf Marieke zag blauwe plekken.", "naam"),
        ("Een melding van Basisschool De Vlieger, Alkmaar.", "organisatie"),
        ("Een melding van Basisschool De Vlieger.", "organisatie"),  # without its place
        ("Een melding van basisschool de vlieger", "organisatie"),
        ("Een melding van Basisschool  De-Vlieger.", "organisatie"),  # punctuation
        ("Een melding van BasisschoolDeVlieger.", "organisatie"),  # spacing
        ("Een melding van school De Vlieger.", "organisatie"),  # the kind written otherwise
        ("Bel 06-12345678 voor vragen.", "telefoonnummer"),
        ("Bel 0612345678 voor vragen.", "telefoonnummer"),  # without spaces
        ("Bel +31 6 12345678 voor vragen.", "telefoonnummer"),  # with +31
        ("Bel +31 (0)6 1234 5678.", "telefoonnummer"),
        ("Bel 0031612345678.", "telefoonnummer"),
        ("Mail m.devries@devlieger.test.", "e-mailadres"),  # case
        ("Mail m.devries @ devlieger.test", "e-mailadres"),  # spacing
        ("Mail m.devries (at) devlieger.test", "e-mailadres"),
    ],
)
def test_the_reporter_and_obvious_variants_are_refused(text, what):
    """R-PRIV-5: name, organisation, phone and e-mail, and their obvious variants, refused."""
    message = refused(text)
    assert f"{what} van de melder" in message
    assert "anoniem" in message


@pytest.mark.parametrize(
    "text",
    [
        "Een medewerker van Veilig Thuis komt volgende week langs.",
        "Wij spreken eerst met u beiden en daarna met de kinderen.",
        "Cas liet een vlieger op met zijn vader.",  # a word of the organisation alone
        "Wij bellen u op 0800-2000.",  # another number
        "Mevrouw Bakker en meneer Bakker krijgen elk een brief.",
        "Het huis aan de Vriesstraat.",
        "Een devriesje in de vriezer.",
        "De school van Cas is op de hoogte gebracht.",
    ],
)
def test_ordinary_text_is_not_refused(text):
    """R-PRIV-5 refuses the reporter, not ordinary words that share a part with them."""
    assert refused(text) == ""


def test_a_reporter_who_is_not_anonymous_may_be_named():
    """R-REP-2: by default the household may learn who reported."""
    named = Report(reporter_name="Marieke de Vries", anonymous_to_household=False)
    assert disclosure_errors(reports=[], texts={"plans": "Marieke de Vries belde."}) == {}
    assert named.anonymous_to_household is False


def test_a_reporter_sharing_the_household_surname_is_refused_by_full_and_first_name_only():
    """R-PRIV-5: "mevrouw Bakker" may be the household itself; "Oma Els Bakker" is refused."""
    from zicht.reports import disclosure

    phrases = disclosure._name_phrases("Els Bakker", frozenset({"bakker"}))
    assert "els bakker" in phrases
    assert "mevrouw bakker" not in phrases
    assert "e bakker" not in phrases


def test_each_field_is_named_on_its_own():
    errors = disclosure_errors(
        reports=[REPORTER],
        texts={"facts": "Juf Marieke zag het.", "safety_points": "Niets bijzonders.", "x": ""},
    )
    assert set(errors) == {"facts"}


def test_a_letter_context_is_flattened_to_field_names():
    context = {"facts": "a", "opinions": [{"text": "b", "holder": "c"}], "n": 3, "tags": ["d"]}
    assert flatten(context) == {
        "facts": "a",
        "opinions[0].text": "b",
        "opinions[0].holder": "c",
        "tags[0]": "d",
    }


def test_normalise_drops_case_accents_and_punctuation():
    assert normalise("  Café-De  Vlíeger, (Alkmaar) ") == "cafe de vlieger alkmaar"
