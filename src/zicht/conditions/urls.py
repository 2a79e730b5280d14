from django.urls import path

from zicht.cases import urls as _case_urls  # noqa: F401  # registers the casenumber converter
from zicht.conditions import views

app_name = "conditions"

urlpatterns = [
    path(
        "dossiers/<casenumber:number>/voorwaarden/erkenning",
        views.acknowledge,
        name="acknowledge",
    ),
    path(
        "dossiers/<casenumber:number>/voorwaarden/plan-versturen",
        views.send_plan,
        name="send_plan",
    ),
]
