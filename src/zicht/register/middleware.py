from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from zicht.core.limits import MAX_BODY_BYTES
from zicht.core.problems import PROBLEM_CONTENT_TYPE, problem_json


class RegisterEdgeMiddleware:
    """A body announced larger than the limit is refused before any view reads it; any URL outside
    the API is a problem+json 404, not Django's HTML page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not length.isdigit() or int(length) > MAX_BODY_BYTES:
            return problem_json(request, 413, "Het verzoek is te groot.")
        response = self.get_response(request)
        if response.status_code == 404 and not response.get("Content-Type", "").startswith(
            PROBLEM_CONTENT_TYPE
        ):
            return problem_json(request, 404, "Niet gevonden.")
        return response
