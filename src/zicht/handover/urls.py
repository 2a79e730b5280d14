from django.urls import path

from zicht.cases import urls as _case_urls  # noqa: F401  # registers the casenumber converter
from zicht.handover import views

app_name = "handover"

urlpatterns = [
    path("dossiers/<casenumber:number>/overdracht", views.handover_form, name="form"),
    path("dossiers/<casenumber:number>/warme-overdracht", views.warm_handover_form, name="warm"),
    path(
        "dossiers/<casenumber:number>/overdracht/<int:handover_id>/terugleggen",
        views.hand_back,
        name="hand_back",
    ),
    path(
        "dossiers/<casenumber:number>/overdracht/<int:handover_id>/link",
        views.new_link,
        name="new_link",
    ),
    path(
        "dossiers/<casenumber:number>/overdracht/<int:handover_id>/geschil",
        views.dispute_open,
        name="dispute_open",
    ),
    path(
        "dossiers/<casenumber:number>/geschil/<int:dispute_id>/stap",
        views.dispute_step,
        name="dispute_step",
    ),
    path(
        "dossiers/<casenumber:number>/geschil/<int:dispute_id>/afronden",
        views.dispute_resolve,
        name="dispute_resolve",
    ),
    # The partner's one-time link: no login, no 2FA (accounts.middleware.OPEN_PREFIXES).
    path("overdracht/<str:token>", views.partner, name="partner"),
]
