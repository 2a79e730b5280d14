from django.urls import path

from zicht.informing import api

urlpatterns = [
    path("cases/<str:number>/informing", api.CaseInforming.as_view(), name="api-case-informing"),
    path(
        "cases/<str:number>/reporter-contacts",
        api.ReporterContacts.as_view(),
        name="api-case-reporter-contacts",
    ),
    path(
        "cases/<str:number>/household-informed",
        api.HouseholdInformed.as_view(),
        name="api-case-household-informed",
    ),
    path(
        "cases/<str:number>/reporter-updates",
        api.ReporterUpdates.as_view(),
        name="api-case-reporter-updates",
    ),
]
