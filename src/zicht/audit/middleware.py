from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from zicht.audit.services import access_log_request


class AccessLogPerRequest:
    """One access-log entry per kind of access per request (see audit.services)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with access_log_request():
            return self.get_response(request)
