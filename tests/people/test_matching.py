"""Tolerant matching of persons: pure functions, table-tested."""

import pytest

from zicht.people.matching import (
    DateMatch,
    Identity,
    NameMatch,
    PartialDate,
    birth_date_match,
    first_names_match,
    fold,
    name_key,
    score,
)


@pytest.mark.parametrize(
    ("last_name", "prefix", "key"),
    [
        ("Berg", "van den", "berg"),
        ("van der Berg", "", "berg"),  # prefix typed inside the last name
        ("Berg, van der", "", "berg"),
        ("v.d. Berg", "", "berg"),
        ("Van den Bergh", "", "berg"),
        ("Op de Beek", "", "bek"),
        ("ten Brink", "", "brink"),
        ("'t Hart", "", "hart"),
        ("d'Ancona", "", "ankona"),
        ("Meijer", "", "meyer"),  # ij → y
        ("Meyer", "", "meyer"),
        ("Philips", "", "filips"),  # ph → f
        ("Filips", "", "filips"),
        ("Mackenzie", "", "makensie"),  # ck/c → k, z → s
        ("Smidt", "", "smit"),  # dt/d at the end → t
        ("Smid", "", "smit"),
        ("Smit", "", "smit"),
        ("Janssen", "", "jansen"),  # double letters collapsed
        ("Çelik", "", "kelik"),  # diacritics removed
        ("Müller", "", "muler"),
        ("Jansen-de Vries", "", "jansenvries"),  # both parts of a double name
        ("O'Neill", "", "oneil"),
        ("Van", "", "van"),  # a name of prefixes only keeps something
        ("  de  VRIES ", "", "vries"),
    ],
)
def test_name_key(last_name, prefix, key):
    """R-REP-5: spelling variants of one last name give one key, so a search finds them."""
    assert name_key(last_name, prefix) == key


def test_fold_removes_accents_and_special_letters():
    assert fold("Ærø Straße Éloïse") == "aero strasse eloise"


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Jan Peter", "Jan", NameMatch.EQUAL),
        ("Mohammed", "Mohamed", NameMatch.EQUAL),  # double letters collapse
        ("Mohamed", "Mohammad", NameMatch.SIMILAR),
        ("J.P.", "Jan Peter", NameMatch.INITIALS),
        ("K.", "Jan", NameMatch.DIFFERENT),
        ("Anna", "Pieter", NameMatch.DIFFERENT),
        ("", "Jan", NameMatch.UNKNOWN),
    ],
)
def test_first_names_match(a, b, expected):
    assert first_names_match(a, b)[0] is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((1985, 4, 7), (1985, 4, 7), DateMatch.EQUAL),
        ((1985, 4, 7), (1985, 7, 4), DateMatch.SWAPPED),
        ((1985, 4, 7), (1985, 4, None), DateMatch.YEAR_MONTH),  # partial (R-REP-6)
        ((1985, 4, None), (1985, 5, None), DateMatch.DIFFERENT),
        ((1985, None, None), (1985, 4, 7), DateMatch.YEAR),
        ((1985, 4, 7), (1986, 4, 7), DateMatch.DIFFERENT),
        ((1985, 4, 7), (1985, 4, 8), DateMatch.DIFFERENT),
        ((None, None, None), (1985, 4, 7), DateMatch.UNKNOWN),
    ],
)
def test_birth_date_match(a, b, expected):
    """R-REP-6: partial dates compare on what both know; day and month may be swapped."""
    assert birth_date_match(PartialDate(*a), PartialDate(*b)) is expected


def _identity(last, first="", date=(None, None, None), prefix="", bsn_hash=""):
    return Identity(
        last_name=last,
        first_names=first,
        prefix=prefix,
        birth=PartialDate(*date),
        bsn_hash=bsn_hash,
    )


@pytest.mark.parametrize(
    ("query", "candidate", "low", "high", "reason"),
    [
        (
            ("Jansen", "Piet", (1985, 4, 7)),
            ("Jansen", "Piet", (1985, 4, 7)),
            100,
            100,
            "geboortedatum gelijk",
        ),
        (
            ("Jansen", "Piet", (1985, 4, 7)),
            ("Janssen", "Piet", (1985, 4, 7)),
            100,
            100,
            "achternaam lijkt op",
        ),
        (
            ("Jansen", "Piet", (1985, 4, 7)),
            ("Jansen", "Piet", (1985, 7, 4)),
            90,
            95,
            "dag en maand omgewisseld",
        ),
        (
            ("Jansen", "Piet", (1985, 4, 7)),
            ("Jansen", "Piet", (1985, None, None)),
            75,
            85,
            "geboortejaar gelijk",
        ),
        (
            ("Jansen", "Piet", (1985, 4, 7)),
            ("Jansma", "Piet", (1985, 4, 7)),
            60,
            90,
            "voornaam gelijk",
        ),
        (
            ("Jansen", "Piet", (1985, 4, 7)),
            ("Jansen", "Klaas", (1985, 4, 7)),
            55,
            65,
            "voornaam verschilt",
        ),
        (
            ("Jansen", "Piet", (1985, 4, 7)),
            ("Jansen", "Piet", (1990, 1, 1)),
            40,
            50,
            "geboortedatum verschilt",
        ),
        (
            ("Jansen", "", (None, None, None)),
            ("Jansen", "Piet", (1985, 4, 7)),
            40,
            40,
            "achternaam gelijk",
        ),
        (("Jansen", "", (None, None, None)), ("Pietersen", "Piet", (1985, 4, 7)), 0, 0, None),
    ],
)
def test_score_table(query, candidate, low, high, reason):
    points, reasons = score(_identity(*query), _identity(*candidate))
    assert low <= points <= high, (points, reasons)
    if reason:
        assert reason in reasons


def test_equal_bsn_scores_100_whatever_the_name():
    points, reasons = score(
        _identity("Jansen", bsn_hash="abc"), _identity("Pietersen", bsn_hash="abc")
    )
    assert points == 100
    assert reasons[0] == "BSN gelijk"


def test_different_bsns_keep_the_score_low():
    points, reasons = score(
        _identity("Jansen", "Piet", (1985, 4, 7), bsn_hash="abc"),
        _identity("Jansen", "Piet", (1985, 4, 7), bsn_hash="def"),
    )
    assert points <= 20
    assert "BSN verschilt" in reasons
