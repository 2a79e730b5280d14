"""Second-level suppression in what leaves the organisation (issue 15, R-INF-2): a small cell
hidden as <5 cannot be recovered from the region's total and the other cells of its line."""

import io
from itertools import product

import pytest
from openpyxl import load_workbook

from tests.reporting.test_municipal import report
from zicht.reporting import municipal_output
from zicht.reporting.suppression import HIDDEN, SMALL, WITHHELD, complementary, pinned_down


def possible_values(shown: list[int | str], total: int) -> list[set[int]]:
    """What someone reading the line can work out: for every cell shown as <5 or x, each value
    that fits with the total (<5 is 1-4, x is at least 5; bounded by the total)."""
    ranges = [
        range(1, SMALL)
        if cell == HIDDEN
        else range(SMALL, total + 1)
        if cell == WITHHELD
        else [cell]
        for cell in shown
    ]
    found: list[set[int]] = [set() for _ in shown]
    for values in product(*ranges):
        if sum(values) == total:
            for i, value in enumerate(values):
                found[i].add(value)
    return found


def published(line: list[int]) -> tuple[list[int | str], bool]:
    withheld, total_withheld = complementary(dict(enumerate(line)))
    return [
        WITHHELD if i in withheld else HIDDEN if 0 < n < SMALL else n for i, n in enumerate(line)
    ], total_withheld


@pytest.mark.parametrize(
    "line",
    [
        [3, 40, 12, 0],  # one small cell: the total minus the rest would give it
        [1, 5, 30],  # withholding the 5 alone still gives 1 (1 + 5 = 6, and x is at least 5)
        [2, 2, 50],  # two small cells of 2: 4 = 1 + 3 = 2 + 2 = 3 + 1, not pinned down
        [1, 1, 9, 9],  # two 1s: their sum of 2 gives both
        [4, 0, 0],  # nothing else to withhold: the total goes
        [0, 12, 7],  # nothing small: everything shown
    ],
)
def test_no_small_cell_is_recoverable_from_the_total(line):
    """R-INF-2: for every line, each cell shown as <5 keeps at least two possible values given
    the total and every shown cell; the total itself is withheld when nothing else helps."""
    shown, total_withheld = published(line)
    if total_withheld:
        assert HIDDEN in shown
        return
    for cell, values in zip(shown, possible_values(shown, sum(line)), strict=True):
        if cell == HIDDEN:
            assert len(values) >= 2, (line, shown, values)
    if not any(0 < n < SMALL for n in line):
        assert shown == line


def test_without_the_second_level_the_small_cell_was_recoverable():
    """The check above fails when only small cells are hidden (why complementary suppression
    exists): 3 is the total 55 minus 40 and 12."""
    shown = [HIDDEN, 40, 12, 0]
    assert possible_values(shown, 55)[0] == {3}
    assert pinned_down(1, 0, 3)
    assert not pinned_down(1, 1, 3 + 12)


def test_the_workbook_withholds_what_would_give_a_small_cell_away(deadlines):
    """R-INF-2: in the summary, a municipality's small count and the region's total never give
    the small count: every line with a <5 has enough withheld, and the sheets agree."""
    found = report()
    book = load_workbook(io.BytesIO(municipal_output.workbook(found)))
    rows = [list(r) for r in book["Samenvatting"].iter_rows(values_only=True)]
    header = next(r for r in rows if r[0] == "Gemeente")
    names = [a.name for a in found.municipalities]
    by_name = {r[0]: r for r in rows if r[0] in (*names, "Hele regio")}
    region = {v.label: v.n for v in found.region.volumes}
    outside = {  # counted in the region's total, not shown per municipality (Amsterdam)
        label: region[label]
        - sum(v.n for a in found.municipalities for v in a.volumes if v.label == label)
        for label in region
        if region[label] is not None
        and all(
            v.n is not None for a in found.municipalities for v in a.volumes if v.label == label
        )
    }
    for label, rest in outside.items():
        column = header.index(label)
        total = by_name["Hele regio"][column]
        if not isinstance(total, int):  # the total itself withheld or small: nothing to subtract
            continue
        shown = [by_name[name][column] for name in names]
        for cell, values in zip(shown, possible_values(shown, total - rest), strict=True):
            if cell == HIDDEN:
                assert len(values) >= 2, (label, shown, total)
    for area in found.municipalities:
        sheet = [list(r) for r in book[area.name].iter_rows(values_only=True)]
        for row in sheet:
            if row[0] in by_name[area.name] and row[0] in header and row[0] != "Gemeente":
                assert row[1] == by_name[area.name][header.index(row[0])], row
