from django.urls import path

from zicht.monitoring import api

BASE = "cases/<str:number>/monitoring-plans"

urlpatterns = [
    path(BASE, api.CasePlans.as_view(), name="api-case-monitoring-plans"),
    path(f"{BASE}/<int:id>/moments", api.PlanMoments.as_view(), name="api-monitoring-moments"),
    path(f"{BASE}/<int:id>/checks", api.PlanChecks.as_view(), name="api-monitoring-checks"),
    path(f"{BASE}/<int:id>/outcome", api.PlanOutcome.as_view(), name="api-monitoring-outcome"),
]
