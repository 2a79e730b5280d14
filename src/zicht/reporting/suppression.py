"""Small cells are suppressed in anything that leaves the organisation (issue 15): a count of 1
to 4 persons or cases could point at one family in a small municipality, so it is shown as
"<5", and a percentage or median over fewer than 5 is not shown at all.

0 stays 0: that nothing happened points at nobody.
"""

from typing import TypeVar

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


# Second-level (complementary) suppression. A municipality report shows each municipality's
# count and the region's total of the same figure (a "line"). Hiding a small cell alone does not
# protect it: the total minus the shown cells is the hidden cell. So in every line with a hidden
# small cell, more cells are withheld (shown as WITHHELD), the smallest first, until no small
# cell can be pinned down from the total; if the line has no cell left to withhold, its total is
# withheld as well.
WITHHELD = "x"
K = TypeVar("K")


def pinned_down(small: int, withheld: int, hidden_sum: int) -> bool:
    """Whether someone who knows the sum of a line's hidden cells (the total minus the shown
    cells, and minus any part of the total the report does not show) can tell the value of a
    small cell: each small cell is known to be 1 to 4, each withheld one at least 5."""
    if not small:
        return False
    upper = min(SMALL - 1, hidden_sum - (small - 1) - withheld * SMALL)
    lower = 1 if withheld else max(1, hidden_sum - (small - 1) * (SMALL - 1))
    return upper <= lower


def complementary(line: dict[K, int]) -> tuple[set[K], bool]:
    """The cells of a line to withhold beside its small ones, and whether its total must be
    withheld too (when withholding every other cell would not be enough)."""
    small = [key for key, n in line.items() if 0 < n < SMALL]
    candidates = sorted((n, str(key), key) for key, n in line.items() if n >= SMALL)
    hidden_sum = sum(line[key] for key in small)
    withheld: set[K] = set()
    while pinned_down(len(small), len(withheld), hidden_sum):
        if not candidates:
            return withheld, True
        n, _, key = candidates.pop(0)
        withheld.add(key)
        hidden_sum += n
    return withheld, False
