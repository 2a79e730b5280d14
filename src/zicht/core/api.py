"""What every API view shares: authentication, the client-data right, pagination.

Named in settings.REST_FRAMEWORK, so this module must not import `rest_framework.views` (which
reads those settings while it loads).
"""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from rest_framework.authentication import SessionAuthentication
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

if TYPE_CHECKING:
    from rest_framework.views import APIView

    from zicht.accounts.models import User

from zicht.accounts.policy import ACTION_REFUSALS, Action, can


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


class PolicyPermission(BasePermission):
    """Logged in, with every action of `read`, and for a write also of `write`. A refusal names
    the first action missing in the words of `accounts.policy.require`, so the API refuses what
    the page refuses with the same message; `refusals` words an action for this API's context."""

    read: ClassVar[tuple[Action, ...]] = (Action.VIEW_CLIENT_DATA,)
    write: ClassVar[tuple[Action, ...]] = ()
    refusals: ClassVar[Mapping[Action, str]] = {}
    message = ACTION_REFUSALS[Action.VIEW_CLIENT_DATA]

    def has_permission(self, request: Request, view: "APIView") -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        needed = self.read if request.method in SAFE_METHODS else self.read + self.write
        for action in needed:
            if not can(request.user, action):
                self.message = self.refusals.get(action) or ACTION_REFUSALS[action]
                return False
        return True


class CanViewClientData(PolicyPermission):
    """A role that sees client data (R-PRIV-3). Scoping is the selectors' job."""


class CanRegisterContact(PolicyPermission):
    """Reads as `CanViewClientData`; writes need the right to register (R-REP-3)."""

    write = (Action.REGISTER_CONTACT,)


class CanAssess(PolicyPermission):
    """Reads as `CanViewClientData`; writes need the right to assess safety."""

    write = (Action.ASSESS_SAFETY,)


class Pagination(PageNumberPagination):
    page_size = 50
    invalid_page_message = "Deze pagina bestaat niet."


def request_user(request: Request) -> "User":
    """The user of a request that a permission class has let through: authenticated."""
    return request.user  # type: ignore[return-value]
