"""Working days per the Algemene termijnenwet (rule R-DL-1).

The public functions live in `zicht.calendar.workdays` and are also importable from here. They
are loaded lazily (PEP 562) so that importing this app package never imports its models.
"""

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zicht.calendar.workdays import (
        add_working_days,
        holidays,
        is_working_day,
        next_working_day,
        statutory_holidays,
        working_days_between,
    )

__all__ = [
    "add_working_days",
    "holidays",
    "is_working_day",
    "next_working_day",
    "statutory_holidays",
    "working_days_between",
]


def __getattr__(name: str) -> object:
    if name in __all__:
        return getattr(import_module("zicht.calendar.workdays"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
