"""What every API view shares: authentication and pagination (the rights: `accounts.api`).

Named in settings.REST_FRAMEWORK, so this module must not import `rest_framework.views` (which
reads those settings while it loads).
"""

from typing import Any

from rest_framework.authentication import SessionAuthentication
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request


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


class Pagination(PageNumberPagination):
    page_size = 50
    invalid_page_message = "Deze pagina bestaat niet."
