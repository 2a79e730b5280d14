"""The rights of an API request, in the policy's words (`accounts.policy`).

Named in settings.REST_FRAMEWORK, so this module must not import `rest_framework.views` (which
reads those settings while it loads).
"""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from zicht.accounts.policy import ACTION_REFUSALS, Action, can

if TYPE_CHECKING:
    from rest_framework.views import APIView

    from zicht.accounts.models import ApiToken, User


class ApiTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, found by the key's SHA-256 (`accounts.models.ApiToken`):
    the database holds no key that works. A revoked or expired token, or one of an inactive
    user, answers 401 like an unknown one."""

    def token_queryset(self) -> "QuerySet[ApiToken]":
        from zicht.accounts.models import ApiToken

        return ApiToken.objects.select_related("user")

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        from zicht.accounts.models import token_digest

        token = self.token_queryset().filter(digest=token_digest(key)).first()
        if token is None or not token.is_usable():
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return token.user, token


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


def request_user(request: "Request | HttpRequest") -> "User":
    """The user of a request that a permission class or `login_required` has let through:
    authenticated, so a staff `User` (not an `AnonymousUser`)."""
    return request.user  # type: ignore[return-value]
