from django.urls import path

import zicht.cases.urls  # noqa: F401  # registers the `casenumber` converter
from zicht.assessment import views

app_name = "assessment"

urlpatterns = [
    path("dossiers/<casenumber:number>/beoordeling", views.assessment_page, name="page"),
    path(
        "dossiers/<casenumber:number>/beoordeling/bevestigen",
        views.assessment_confirm,
        name="confirm",
    ),
    path(
        "dossiers/<casenumber:number>/beoordeling/terugsturen",
        views.assessment_return,
        name="return",
    ),
]
