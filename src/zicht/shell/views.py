from datetime import timedelta
from typing import Any

from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from zicht.accounts import selectors as account_selectors
from zicht.accounts.policy import Action, actions_of, can
from zicht.calendar.workdays import add_working_days, holidays, is_working_day
from zicht.core.version import zicht_version
from zicht.screening import selectors as screening_selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    upcoming = {
        day: name
        for year in (today.year, today.year + 1)
        for day, name in holidays(year).items()
        if today <= day <= today + timedelta(days=120)
    }
    context: dict[str, Any] = {
        "actions": actions_of(request.user.role),  # type: ignore[union-attr]
        "teams": account_selectors.teams_with_members(user=request.user),  # type: ignore[arg-type]
        "today": today,
        "today_is_working_day": is_working_day(today),
        "today_holiday": holidays(today.year).get(today),
        "five_working_days": add_working_days(today, 5),
        "upcoming_holidays": sorted(upcoming.items()),
    }
    # R-WL-2: the team leader learns at the start of the day that the backlog cannot be cleared
    # within 3 weeks, not only when opening the waiting-list page.
    if can(request.user, Action.LEAD_TEAM):
        context["waiting_list"] = screening_selectors.waiting_list(today=today)
    return render(request, "shell/home.html", context)


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "shell/about.html", {"version": zicht_version()})


# Redoc renders the document in the browser, from the application's own static files (no CDN, no
# web font): it sets its styles inline and parses in a web worker, which the site-wide policy
# forbids. Only this page allows them (docs/decisions.md).
@csp_update({"style-src": ["'self'", "'unsafe-inline'"], "worker-src": ["'self'", "blob:"]})
def api_docs(request: HttpRequest) -> HttpResponse:
    """The API documentation for partners (issue 19.2), public like the document itself."""
    return render(request, "shell/api_docs.html", {"schema_url": reverse("api-schema")})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
