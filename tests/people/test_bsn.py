"""The BSN: 11-proof, normalisation, keyed hash, masking (R-REP-6)."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tests.people.factories import valid_bsn
from zicht.people.bsn import bsn_hash, is_valid_bsn, masked_bsn, normalise_bsn

eight_digits = st.text(alphabet="0123456789", min_size=8, max_size=8)


@given(eight_digits)
def test_bsn_built_by_the_11_proof_is_valid(digits):
    """R-REP-6: a BSN whose check digit completes the 11-proof is accepted."""
    bsn = valid_bsn(digits)
    assume(bsn)
    assert is_valid_bsn(bsn)


@given(eight_digits, st.integers(min_value=0, max_value=8), st.integers(min_value=1, max_value=9))
def test_any_single_digit_change_makes_a_bsn_invalid(digits, position, step):
    """R-REP-6: the 11-proof catches every typo in one digit (the weights are not multiples
    of 11, so a change of 1–9 in one place never keeps the sum divisible by 11)."""
    bsn = valid_bsn(digits)
    assume(bsn)
    changed = (int(bsn[position]) + step) % 10
    typo = f"{bsn[:position]}{changed}{bsn[position + 1 :]}"
    assert not is_valid_bsn(typo)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("111222333", True),
        ("123456782", True),
        ("123456789", False),
        ("000000000", False),
        ("12345678", False),  # becomes 012345678, which fails the proof
        ("1234567890", False),
        ("12345678a", False),
        ("", False),
        ("1112.22.333", True),  # written with dots
        (" 111 222 333 ", True),
    ],
)
def test_11_proof_examples(value, valid):
    """R-REP-6: BSN examples, with the ways people write them."""
    assert is_valid_bsn(value) is valid


def test_normalise_restores_the_leading_zero_of_an_8_digit_bsn():
    assert normalise_bsn("1234.567-8") == "012345678"
    assert normalise_bsn(" 111 222 333 ") == "111222333"


def test_hash_is_keyed_on_the_normalised_number_and_hides_it():
    assert bsn_hash("111222333") == bsn_hash("111.222.333")
    assert bsn_hash("111222333") != bsn_hash("123456782")
    assert "111222333" not in bsn_hash("111222333")
    assert len(bsn_hash("111222333")) == 64


def test_masked_bsn_shows_only_the_last_three_digits():
    assert masked_bsn("111222333") == "•••••333"
    assert masked_bsn("") == ""


def test_all_zero_weighted_sum_is_no_valid_bsn():
    """R-REP-6: the 11-proof needs a positive multiple of 11; a sum of 0 is refused."""
    from zicht.people.bsn import is_valid_bsn

    assert not is_valid_bsn("000000012")
