"""Writes that a service of many steps holds back and makes together at the end of its block."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Generic, TypeVar

T = TypeVar("T")


class DeferredWrites(Generic[T]):
    """Items added inside `collect()` are written together, by `write`, when the block ends;
    outside a block each `add` writes at once.

    Use the block inside the transaction of the change: the items are written before it commits,
    and when the block raises nothing is written (the transaction rolls back anyway). A nested
    block joins the outer one. Do not catch a refusal inside the block and go on: the items of a
    step rolled back to its savepoint would still be written.
    """

    def __init__(self, name: str, write: Callable[[list[T]], object]) -> None:
        # Per thread (or task): the items of the open block, in the order they were added.
        self._pending: ContextVar[list[T] | None] = ContextVar(name, default=None)
        self._write = write

    @contextmanager
    def collect(self) -> Iterator[None]:
        if self._pending.get() is not None:
            yield
            return
        token = self._pending.set([])
        try:
            yield
            items = self._pending.get() or []
        finally:
            self._pending.reset(token)
        self._write(items)

    def add(self, items: list[T]) -> None:
        pending = self._pending.get()
        if pending is not None:
            pending.extend(items)
        else:
            self._write(items)
