"""Signals that other capabilities add to a worklist row, beside the case number.

As with the case page's panels (`cases.panels`), a capability registers its signal in its
AppConfig.ready(), so the worklists stay ignorant of the apps above them (the national register's
client, `zicht.radar`, is the first). A signal answers for a whole page of cases at once: one query
per signal per page, never one per row.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass


@dataclass(frozen=True)
class WorklistSignal:
    code: str
    label: str  # short and Dutch: it sits in the case number's cell
    title: str  # the longer explanation, for the screen reader and the tooltip
    cases: Callable[[Collection[int]], set[int]]  # which of these case ids carry the signal


WORKLIST_SIGNALS: dict[str, WorklistSignal] = {}


def register(signal: WorklistSignal) -> None:
    WORKLIST_SIGNALS[signal.code] = signal


def signals_for(case_ids: Collection[int]) -> dict[int, tuple[WorklistSignal, ...]]:
    """Each case's signals, in registration order; a case without any is left out."""
    found: dict[int, tuple[WorklistSignal, ...]] = {}
    if not case_ids:
        return found
    for signal in WORKLIST_SIGNALS.values():
        for case_id in signal.cases(case_ids):
            found[case_id] = (*found.get(case_id, ()), signal)
    return found
