from django.urls import path

from zicht.cases import urls as _case_urls  # noqa: F401  # registers the casenumber converter
from zicht.regional import views

app_name = "regional"

urlpatterns = [
    path(
        "dossiers/<casenumber:number>/huisverbod/<int:ban_id>/besluit",
        views.decide,
        name="decide",
    ),
    path(
        "dossiers/<casenumber:number>/huisverbod/<int:ban_id>/actie",
        views.record_action,
        name="action",
    ),
    path(
        "dossiers/<casenumber:number>/huisverbod/<int:ban_id>/einde",
        views.end,
        name="end",
    ),
    path("huisverboden", views.overview, name="house_bans"),
    path("voorlichtingen", views.session_list, name="sessions"),
    path("voorlichtingen/export.csv", views.session_csv, name="sessions_csv"),
    path("voorlichtingen/nieuw", views.session_new, name="session_new"),
    path("voorlichtingen/<int:session_id>", views.session_edit, name="session_edit"),
]
