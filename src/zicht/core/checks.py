from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def demo_mode_off_in_production(app_configs: Any, **kwargs: Any) -> list[Error]:
    """Demo mode lets anyone print a demo account's TOTP code: never in production."""
    if getattr(settings, "ZICHT_DEMO", False):
        return [
            Error(
                "ZICHT_DEMO staat aan: zet ZICHT_DEMO=false in productie.",
                id="zicht.E001",
            )
        ]
    return []
