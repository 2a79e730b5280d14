from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

# Reachable with a password alone: the second step itself, logging out, and public pages.
# "/overdracht/" is the partner's one-time confirmation link of a handover (R-HO-5);
# "/gezondheid" the health check of the load balancer (zicht.shell.health).
OPEN_PREFIXES = (
    "/static/",
    "/over-zicht",
    "/meldcode",
    "/overdracht/",
    "/api-documentatie",
    "/gezondheid",
)
# The API never redirects to a page: it refuses an unverified session itself with a 401
# (zicht.core.api.VerifiedSessionAuthentication), as problem+json.
API_PREFIX = "/api/"


class RequireTwoFactorMiddleware:
    """Every staff page needs a session verified with a TOTP code, not only a password."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined]
            and not request.path.startswith(API_PREFIX)
        ):
            allowed = {reverse("accounts:two_factor"), reverse("accounts:logout")}
            if request.path not in allowed and not request.path.startswith(OPEN_PREFIXES):
                target = reverse("accounts:two_factor")
                return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
