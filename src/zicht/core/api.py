"""What every API view shares: authentication and pagination (the rights: `accounts.api`).

Named in settings.REST_FRAMEWORK, so this module must not import `rest_framework.views` (which
reads those settings while it loads).
"""

from typing import Any

from rest_framework.authentication import SessionAuthentication
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param


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
    """Every list that can grow, paged by 50 alike: the page number in the query, the body's
    `count`, `next`, `previous` and `results`, and the same links as a `Link` header (RFC 8288:
    first, prev, next, last), so a partner pages through any list without reading the body's
    envelope (the API Design Rules' pagination, docs/decisions.md)."""

    page_size = 50
    invalid_page_message = "Deze pagina bestaat niet."

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        response["Link"] = ", ".join(
            f'<{url}>; rel="{rel}"' for rel, url in self.links().items() if url
        )
        return response

    def links(self) -> dict[str, str | None]:
        url = self.request.build_absolute_uri()  # type: ignore[union-attr]
        first = remove_query_param(url, self.page_query_param)
        last = self.page.paginator.num_pages  # type: ignore[union-attr]
        return {
            "first": first,
            "prev": self.get_previous_link(),
            "next": self.get_next_link(),
            "last": replace_query_param(url, self.page_query_param, last) if last > 1 else first,
        }
