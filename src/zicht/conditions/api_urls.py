from django.urls import path

from zicht.conditions import api

urlpatterns = [
    path(
        "cases/<str:number>/conditions/acknowledgement",
        api.CaseAcknowledgement.as_view(),
        name="api-conditions-acknowledgement",
    ),
    path(
        "cases/<str:number>/conditions/plan-letters",
        api.CasePlanLetters.as_view(),
        name="api-conditions-plan-letters",
    ),
]
