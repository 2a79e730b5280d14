"""R-ADV-1: the detectors of identifying data in an advice's free text (pure, table-tested)."""

import pytest

from zicht.advice.identifying import (
    Kind,
    find_address,
    find_bsn,
    find_date_of_birth,
    kinds_in,
    passes_eleven_proof,
)


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        ("111222333", True),
        ("123456782", True),
        ("123456788", False),
        ("000000000", False),
        ("12345678", False),
        ("12345678a", False),
    ],
)
def test_eleven_proof(digits, valid):
    assert passes_eleven_proof(digits) is valid


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("BSN 123456782 van het kind", True),
        ("bsn: 123456788 (verkeerd getypt)", True),  # nine digits in a row: still a BSN
        ("123.456.782", True),
        ("1234 56 782", True),
        ("123 456 788", False),  # grouped and failing the 11-proof: not a BSN
        ("bel 020-1234567 of 0612345678", False),  # phone numbers have ten digits
        ("06 12345678", False),
        ("1234567890", False),
        ("zij belde 3 keer in 2 weken", False),
        ("", False),
    ],
)
def test_bsn(text, found):
    assert bool(find_bsn(text)) is found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("het kind is van 07-04-2015", True),
        ("7-4-15", True),
        ("07/04/2015", True),
        ("7.4.2015", True),
        ("geboren op 3 mei 2015", True),
        ("Geboren in 2015", True),
        ("geb. 03-05-2015", True),
        ("geboortedatum: 2015", True),
        ("geboren op mei", True),
        ("32-13-2015", False),  # not a date
        ("het kind is 8 jaar en zit in groep 5", False),
        ("zij is geboren en getogen in Zaandam", False),
        ("sinds 2015 problemen", False),
    ],
)
def test_date_of_birth(text, found):
    assert bool(find_date_of_birth(text)) is found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("woont op 1234 AB", True),
        ("postcode 1234AB", True),
        ("Kerkstraat 12", True),
        ("kerkstraat 12a", True),
        ("Van Goghlaan 3-B", True),
        ("Dorpsweg 140", True),
        ("huisnummer 7", True),
        ("1234 SS", False),  # SA, SD and SS are never issued
        ("0123 AB", False),  # postcodes do not start with 0
        ("ze woont in de Kerkstraat", False),
        ("het gezin woont in Amsterdam-Noord", False),
        ("een ervaring van 2 jaar", False),
    ],
)
def test_address(text, found):
    assert bool(find_address(text)) is found


def test_kinds_in_names_each_kind_once_in_a_fixed_order():
    text = "Kerkstraat 12, geboren 07-04-2015, BSN 123456782, 1234 AB"
    assert kinds_in(text) == [Kind.BSN, Kind.DATE_OF_BIRTH, Kind.ADDRESS]
    assert kinds_in("Een leerkracht twijfelt over signalen bij een leerling.") == []
