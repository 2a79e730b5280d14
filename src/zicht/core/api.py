"""What every API view shares: authentication, the client-data right, pagination.

Named in settings.REST_FRAMEWORK, so this module must not import `rest_framework.views` (which
reads those settings while it loads).
"""

from typing import TYPE_CHECKING, Any

from rest_framework.authentication import SessionAuthentication
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

if TYPE_CHECKING:
    from rest_framework.views import APIView

    from zicht.accounts.models import User

from zicht.accounts.policy import Action, can


class VerifiedSessionAuthentication(SessionAuthentication):
    """The UI's session, but only once it is verified with a TOTP code.

    A session with a password alone is no login for the API either: it authenticates nobody, so
    the request answers 401 instead of reaching client data.
    """

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        user = getattr(request._request, "user", None)
        is_verified = getattr(user, "is_verified", None)
        if is_verified is None or not is_verified():
            return None
        return super().authenticate(request)


class CanViewClientData(BasePermission):
    """Logged in, and a role that sees client data (R-PRIV-3). Scoping is the selectors' job."""

    message = "Uw rol geeft geen toegang tot dossiers en persoonsgegevens."

    def has_permission(self, request: Request, view: "APIView") -> bool:
        return bool(request.user and request.user.is_authenticated) and can(
            request.user, Action.VIEW_CLIENT_DATA
        )


class CanRegisterContact(CanViewClientData):
    """Reads as `CanViewClientData`; writes (POST) need the right to register (R-REP-3)."""

    message = "Uw rol mag geen personen of huishoudens registreren."

    def has_permission(self, request: Request, view: "APIView") -> bool:
        if not super().has_permission(request, view):
            return False
        return request.method not in ("POST", "PUT", "PATCH", "DELETE") or can(
            request.user, Action.REGISTER_CONTACT
        )


class Pagination(PageNumberPagination):
    page_size = 50
    invalid_page_message = "Deze pagina bestaat niet."


def request_user(request: Request) -> "User":
    """The user of a request that a permission class has let through: authenticated."""
    return request.user  # type: ignore[return-value]
