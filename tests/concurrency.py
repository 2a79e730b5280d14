"""Racing two transactions: one held open in another thread while the test runs the other."""

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Generic, TypeVar

import pytest
from django.db import connection, connections, transaction

T = TypeVar("T")

# SQLite serialises every writer, so only PostgreSQL can show what a race does. The backend is
# known from the settings alone: no database is opened to decide this.
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises every writer; real concurrency is a PostgreSQL matter",
)


@dataclass(frozen=True)
class Held(Generic[T]):
    value: T  # what `work` returned, written but not yet committed
    commit: Callable[[], None]


@contextmanager
def held_open(work: Callable[[], T], *, commit_after: float | None = None) -> Iterator[Held[T]]:
    """Runs `work` in another thread, in a transaction that stays open (its rows written, its
    locks held, nothing of it visible to others) until `commit()` is called, or `commit_after`
    seconds into the block. Leaving the block commits it and waits for the thread; an error
    raised by `work` is raised here."""
    ready, may_commit = threading.Event(), threading.Event()
    results: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with transaction.atomic():
                results.append(work())
                ready.set()
                may_commit.wait(timeout=30)
        except BaseException as error:  # raised in the test's thread below
            errors.append(error)
        finally:
            ready.set()
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    ready.wait(timeout=30)
    timer = threading.Timer(commit_after, may_commit.set) if commit_after is not None else None
    try:
        if errors or not results:
            raise errors[0] if errors else TimeoutError("the held transaction did not start")
        if timer is not None:
            timer.start()
        yield Held(results[0], may_commit.set)
    finally:
        may_commit.set()
        thread.join(timeout=30)
        if timer is not None:
            timer.cancel()
    if errors:
        raise errors[0]
