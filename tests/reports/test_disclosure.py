from zicht.reports.disclosure import ANONYMOUS_REPORTER, reporter_for_household
from zicht.reports.models import Report


def test_anonymous_reporter_is_never_named_to_the_household():
    """R-REP-2, R-PRIV-2: an anonymous reporter appears only as 'a reporter who stays anonymous'."""
    report = Report(
        reporter_name="Jan Jansen",
        reporter_organisation="Basisschool De Wilg",
        anonymous_to_household=True,
    )
    text = reporter_for_household(report)
    assert text == ANONYMOUS_REPORTER
    assert "Jansen" not in text and "Wilg" not in text


def test_known_reporter_is_named_with_organisation():
    """R-REP-2: by default the household may learn who reported."""
    report = Report(reporter_name="Jan Jansen", reporter_organisation="Huisartsenpraktijk Oost")
    assert reporter_for_household(report) == "Jan Jansen (Huisartsenpraktijk Oost)"
    assert reporter_for_household(Report(reporter_name="Piet Smit")) == "Piet Smit"
