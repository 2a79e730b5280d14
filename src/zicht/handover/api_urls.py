from django.urls import path

from zicht.handover import api

urlpatterns = [
    path("cases/<str:number>/handovers", api.CaseHandovers.as_view(), name="api-case-handovers"),
    path(
        "cases/<str:number>/handovers/<int:id>/hand-back",
        api.HandoverHandBack.as_view(),
        name="api-handover-hand-back",
    ),
    path(
        "cases/<str:number>/warm-handovers",
        api.CaseWarmHandovers.as_view(),
        name="api-case-warm-handovers",
    ),
    path("cases/<str:number>/disputes", api.CaseDisputes.as_view(), name="api-case-disputes"),
    path(
        "cases/<str:number>/disputes/<int:id>/steps",
        api.DisputeSteps.as_view(),
        name="api-dispute-steps",
    ),
    path(
        "cases/<str:number>/disputes/<int:id>/resolution",
        api.DisputeResolution.as_view(),
        name="api-dispute-resolution",
    ),
    path("handovers", api.PartnerHandoverList.as_view(), name="api-handovers"),
    path("handovers/<int:id>", api.HandoverDetail.as_view(), name="api-handover"),
    path(
        "handovers/<int:id>/confirmation",
        api.HandoverConfirmation.as_view(),
        name="api-handover-confirmation",
    ),
]
