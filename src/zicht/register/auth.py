"""An organisation's credential: `Authorization: Bearer <key>`; only its SHA-256 is stored."""

import hashlib
import secrets
from typing import Any

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from zicht.register.models import Credential, Organisation

UNKNOWN = "Onbekende of ingetrokken sleutel van de organisatie."


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def credential_issue(organisation: Organisation) -> str:
    """A new key for the organisation; shown once, stored only as its hash."""
    key = "vtr_" + secrets.token_urlsafe(32)
    Credential.objects.create(organisation=organisation, key_hash=key_hash(key))
    return key


def credential_revoke(key: str) -> bool:
    return bool(
        Credential.objects.filter(key_hash=key_hash(key), revoked_at=None).update(
            revoked_at=timezone.now()
        )
    )


class CredentialAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[Organisation, Credential] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        scheme, _, key = header.partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            return None
        credential = (
            Credential.objects.select_related("organisation")
            .filter(key_hash=key_hash(key.strip()), revoked_at=None)
            .first()
        )
        if credential is None:
            raise exceptions.AuthenticationFailed(UNKNOWN)
        return credential.organisation, credential

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="register"'


class OrganisationThrottle(SimpleRateThrottle):
    """Per organisation, whatever its credential: stops walking through keys (enumeration)."""

    scope = "organisation"

    def get_rate(self) -> str:
        from django.conf import settings

        return str(getattr(settings, "REGISTER_RATE", "600/min"))

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        organisation = request.user
        if not isinstance(organisation, Organisation):
            return None
        return f"register-throttle-{organisation.pk}"


class CredentialScheme(OpenApiAuthenticationExtension):
    """The OpenAPI document names the bearer key (loaded with the API, zicht.register.api)."""

    target_class = "zicht.register.auth.CredentialAuthentication"
    name = "organisationKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": "De sleutel van de organisatie."}
