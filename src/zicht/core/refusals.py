"""The page's answer to a refusal (`core.errors`): one page, the refusal's status and message.

The API answers the same refusals as problem+json (`core.problems`); DRF catches them in its
views before they reach the middleware.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zicht.core.errors import NotFound, NotPermitted, Refusal


def refusal_page(request: HttpRequest, refusal: Refusal) -> HttpResponse:
    return render(request, "refusal.html", {"refusal": refusal}, status=refusal.status)


class RefusalMiddleware:
    """Answers a refusal raised in a view that did not show it on its form (a form page catches
    `core.forms.FORM_REFUSALS` to keep what was typed). Answered here, an expected refusal is no
    error of the server: Django logs one warning line with the status, not a traceback."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Refusal):
            return refusal_page(request, exception)
        return None


# handler404 and handler403: what is raised outside a view (a middleware), and Django's own.
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Django's own Http404 (an unknown address, get_object_or_404) says nothing we would show.
    return refusal_page(request, exception if isinstance(exception, NotFound) else NotFound())


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return refusal_page(
        request, exception if isinstance(exception, NotPermitted) else NotPermitted()
    )
