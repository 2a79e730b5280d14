"""One way for an API change to carry the version it was based on (issue 20.3).

Every request body that changes something that already exists names the version the client read
(`version`, `case_version`). Without it the change cannot be checked against a colleague's change
made meanwhile, so it is refused before anything is looked at: 428 problem+json
(`core.errors.VersionRequired`), not a silent overwrite and not a 400 the client might "fix" by
guessing. A stale version is the service's to refuse (409, `StaleVersion`).

Use `VersionField` for every such field (`ExpectedListField` where the state read is a list, such
as a member's roles as read); `tests/api/test_versions.py` walks every write operation
of the URL configuration and fails for a versioned body that does not.
"""

from typing import Any

from rest_framework import serializers
from rest_framework.fields import empty

from zicht.core.errors import VersionRequired


class _BasedOn:
    """Missing or null is a 428: a change that does not say what it was based on."""

    def validate_empty_values(self, data: Any) -> tuple[bool, Any]:
        if data is empty or data is None or data == "":
            name = getattr(self, "field_name", "") or ""  # set by DRF when bound to a serializer
            raise VersionRequired(
                field=name,
                message=f"Stuur mee waarop uw wijziging is gebaseerd (veld ‘{name}’), zodat "
                "een wijziging van een ander niet ongemerkt wordt overschreven.",
            )
        return super().validate_empty_values(data)  # type: ignore[misc]


class VersionField(_BasedOn, serializers.IntegerField):
    """A required version (≥ 1) of what the change is based on."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault(
            "help_text",
            "De versie zoals u die het laatst ophaalde; zonder versie is het antwoord 428.",
        )
        super().__init__(**kwargs)


class ExpectedListField(_BasedOn, serializers.ListField):
    """The state a change is based on when it has no version number (a member's roles as read)."""
