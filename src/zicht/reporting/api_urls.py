from django.urls import path

from zicht.reporting import api

urlpatterns = [
    path("reporting/dashboard", api.DashboardView.as_view(), name="api-reporting-dashboard"),
    path("reporting/municipalities", api.MunicipalView.as_view(), name="api-reporting-municipal"),
    path("reporting/capacity", api.CapacityView.as_view(), name="api-reporting-capacity"),
]
