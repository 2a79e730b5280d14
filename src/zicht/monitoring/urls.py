from django.urls import path

from zicht.cases import urls as _case_urls  # noqa: F401  # registers the casenumber converter
from zicht.monitoring import views

app_name = "monitoring"

BASE = "dossiers/<casenumber:number>/monitoren"

urlpatterns = [
    path(f"{BASE}/starten", views.step, {"step_code": "starten"}, name="start"),
    path(f"{BASE}/<int:plan_id>/moment", views.step, {"step_code": "moment"}, name="moment"),
    path(f"{BASE}/<int:plan_id>/controle", views.step, {"step_code": "controle"}, name="check"),
    path(f"{BASE}/<int:plan_id>/afronden", views.step, {"step_code": "afronden"}, name="end"),
]
