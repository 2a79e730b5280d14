"""Where a report can come from besides a call: an advice that became a report (R-ADV-6), or an
MDO decision that Veilig Thuis reports itself (R-ADV-7).

That knowledge is the `advice` app's, a layer above this one (advice builds on the contact this
app records). `advice` registers it here when it starts (`AdviceConfig.ready`), as the service
apps register their case-page panels, so the intake page offers it without importing `advice`
and the two apps do not import each other (see "Layers" in docs/architecture.md).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from zicht.accounts.models import User
from zicht.organisation.models import Organisation
from zicht.reports.models import Report


@dataclass(frozen=True)
class SourceKind:
    # The request parameters that name a source (`?advies=…&mdo=…`); the first one is required.
    params: tuple[str, ...]
    # The source the parameters name, checked again on every request; a ValidationError saying
    # why it cannot (any longer) become this report.
    resolve: Callable[[User, Mapping[str, str]], Any]
    # What the report form takes over from it.
    initial: Callable[[Any, Organisation | None], dict[str, Any]]
    # Links the new report to it, in the report's transaction; may raise a Conflict.
    link: Callable[[User, Any, Report], None]
    # "advies 12": what the confirmation after saving names.
    label: Callable[[Any], str]


_registered: list[SourceKind] = []


def register(kind: SourceKind) -> None:
    _registered[:] = [kind]


def kind() -> SourceKind | None:
    return _registered[0] if _registered else None
