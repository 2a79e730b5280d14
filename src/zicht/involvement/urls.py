from django.urls import path

from zicht.cases import urls as _case_urls  # noqa: F401  # registers the casenumber converter
from zicht.involvement import views

app_name = "involvement"

urlpatterns = [
    path(
        "dossiers/<casenumber:number>/gesprekken/nieuw", views.conversation_new, name="conversation"
    ),
    path("dossiers/<casenumber:number>/niet-gesproken", views.skip_new, name="skip"),
    path("dossiers/<casenumber:number>/veiligheidsplan", views.plan_edit, name="plan"),
    path(
        "dossiers/<casenumber:number>/veiligheidsplan/versies",
        views.plan_versions,
        name="plan_versions",
    ),
]
