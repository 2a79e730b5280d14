from django.urls import path

from zicht.involvement import api

urlpatterns = [
    path(
        "cases/<str:number>/conversations",
        api.CaseConversations.as_view(),
        name="api-case-conversations",
    ),
    path(
        "cases/<str:number>/contact-skips",
        api.CaseContactSkips.as_view(),
        name="api-case-contact-skips",
    ),
    path("cases/<str:number>/safety-plan", api.CaseSafetyPlan.as_view(), name="api-safety-plan"),
    path(
        "cases/<str:number>/safety-plan/versions/<int:version>",
        api.CaseSafetyPlanVersion.as_view(),
        name="api-safety-plan-version",
    ),
]
