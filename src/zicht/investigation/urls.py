from django.urls import path

from zicht.cases import urls as _case_urls  # noqa: F401  # registers the casenumber converter
from zicht.investigation import views

app_name = "investigation"

urlpatterns = [
    path("dossiers/<casenumber:number>/onderzoek", views.investigation_page, name="page"),
    path("dossiers/<casenumber:number>/onderzoek/reden", views.grounds, name="grounds"),
    path("dossiers/<casenumber:number>/onderzoek/gesprek", views.conversation, name="conversation"),
    path("dossiers/<casenumber:number>/onderzoek/netwerk", views.network, name="network"),
    path(
        "dossiers/<casenumber:number>/onderzoek/netwerk/<int:request_id>",
        views.answer,
        name="answer",
    ),
    path("dossiers/<casenumber:number>/onderzoek/raad-politie", views.notice, name="notice"),
    path("dossiers/<casenumber:number>/onderzoek/afronden", views.conclude, name="conclude"),
]
