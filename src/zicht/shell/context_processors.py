from typing import Any

from django.http import HttpRequest

from zicht.organisation.selectors import this_organisation
from zicht.shell.navigation import items_for


def shell(request: HttpRequest) -> dict[str, Any]:
    """What every page's frame shows: the organisation, the navigation and the current page."""
    user = getattr(request, "user", None)
    verified = bool(user and user.is_authenticated and user.is_verified())
    return {
        "organisation": this_organisation(),
        "nav_items": items_for(user) if verified else [],
        "current_path": request.path,
    }
