"""The API under /api/v1/ (Dutch API Design Rules): no trailing slashes, the OpenAPI document at
/api/v1/openapi.json, and every other path a 404 as problem+json."""

from typing import Any

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.views import APIView

from zicht.cases import api as cases
from zicht.core import schema  # noqa: F401  # registers the OpenAPI extensions
from zicht.people import api as people
from zicht.reports import api as reports


class NotFoundView(APIView):
    """Every other path under /api/v1/ (also with a trailing slash): 404 as problem+json."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    schema = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # Before any handler is looked up, so every method gets the same answer.
        raise exceptions.NotFound


urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="api-schema"),
    path("persons", people.PersonList.as_view(), name="api-persons"),
    path("persons/search", people.PersonSearch.as_view(), name="api-person-search"),
    path("persons/<int:id>", people.PersonDetail.as_view(), name="api-person"),
    path("households", people.HouseholdList.as_view(), name="api-households"),
    path("households/<int:id>", people.HouseholdDetail.as_view(), name="api-household"),
    path(
        "households/<int:id>/members",
        people.HouseholdMembers.as_view(),
        name="api-household-members",
    ),
    path(
        "households/<int:id>/members/<int:person>/roles",
        people.HouseholdMemberRoles.as_view(),
        name="api-household-member-roles",
    ),
    path("cases", cases.CaseList.as_view(), name="api-cases"),
    path("cases/<str:number>", cases.CaseDetail.as_view(), name="api-case"),
    path(
        "cases/<str:number>/transitions",
        cases.CaseTransition.as_view(),
        name="api-case-transitions",
    ),
    path("cases/<str:number>/timeline", cases.CaseTimeline.as_view(), name="api-case-timeline"),
    path("cases/<str:number>/deadlines", cases.CaseDeadlines.as_view(), name="api-case-deadlines"),
    path(
        "cases/<str:number>/responsibility",
        cases.CaseResponsibility.as_view(),
        name="api-case-responsibility",
    ),
    path("reports", reports.ReportIntake.as_view(), name="api-reports"),
    # Each capability keeps its own API routes (same auth, scoping and problem+json).
    path("", include("zicht.assessment.api_urls")),
    path("", include("zicht.informing.api_urls")),
    path("", include("zicht.handover.api_urls")),
    path("", include("zicht.investigation.api_urls")),
    path("", include("zicht.involvement.api_urls")),
    path("", include("zicht.conditions.api_urls")),
    path("", include("zicht.screening.api_urls")),
    path("", include("zicht.reporting.api_urls")),
    path("", include("zicht.monitoring.api_urls")),
    path("", include("zicht.regional.api_urls")),
    re_path(r"^.*$", NotFoundView.as_view()),
]
