"""What drf-spectacular needs to describe our own API classes in the OpenAPI document."""

from typing import Any

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class VerifiedSessionScheme(OpenApiAuthenticationExtension):
    target_class = "zicht.core.api.VerifiedSessionAuthentication"
    name = "sessie"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": (
                "De sessie van de webapplicatie, alleen nadat u met wachtwoord én code bent "
                "ingelogd. Bij POST ook de header X-CSRFToken."
            ),
        }
