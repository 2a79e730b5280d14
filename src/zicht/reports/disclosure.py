"""What a household may learn about who reported (R-REP-2, R-PRIV-2).

Every letter or message to a household member names the reporter only through this module, so a
reporter who is anonymous towards the household is never revealed — not by name, not by
organisation, not by profession.
"""

from zicht.reports.models import Report

ANONYMOUS_REPORTER = "een melder die anoniem wil blijven tegenover u"


def reporter_for_household(report: Report) -> str:
    """The reporter as the household may read it in a letter."""
    if report.anonymous_to_household:
        return ANONYMOUS_REPORTER
    if report.reporter_organisation:
        return f"{report.reporter_name} ({report.reporter_organisation})"
    return report.reporter_name
