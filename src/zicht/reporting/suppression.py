"""Small cells are suppressed in anything that leaves the organisation (issue 15): a count of 1
to 4 persons or cases could point at one family in a small municipality, so it is shown as
"<5", and a percentage or median over fewer than 5 is not shown at all.

0 stays 0: that nothing happened points at nobody.
"""

SMALL = 5
HIDDEN = "<5"
TOO_FEW = "te weinig"


def cell(n: int) -> int | str:
    return HIDDEN if 0 < n < SMALL else n


def over(base: int, value: float | None) -> float | str | None:
    """A figure computed over `base` records (a percentage, a median)."""
    if value is None:
        return None
    return TOO_FEW if base < SMALL else value
