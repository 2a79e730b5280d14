from django.urls import path

from zicht.retention import views

app_name = "retention"

urlpatterns = [
    path("bewaren", views.due_list, name="list"),
    path("bewaren/bewaarplicht", views.hold_place, name="hold_place"),
    path("bewaren/bewaarplicht/<int:hold_id>/opheffen", views.hold_lift, name="hold_lift"),
    path("bewaren/<casenumber:number>/voordragen", views.propose, name="propose"),
    path("bewaren/<casenumber:number>/intrekken", views.withdraw, name="withdraw"),
    path("bewaren/<casenumber:number>/goedkeuren", views.approve, name="approve"),
    path("dossiers/<casenumber:number>/bewaren", views.case_retention, name="case"),
    path(
        "dossiers/<casenumber:number>/bewaren/kinderbescherming",
        views.child_protection,
        name="child_protection",
    ),
    path("dossiers/<casenumber:number>/bewaren/verzoek", views.destruction_request, name="request"),
    path(
        "dossiers/<casenumber:number>/bewaren/besluit", views.destruction_decision, name="decision"
    ),
]
