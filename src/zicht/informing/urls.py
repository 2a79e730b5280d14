from django.urls import path

from zicht.informing import views

app_name = "informing"

BASE = "dossiers/<casenumber:number>/informeren/<int:report_id>"

urlpatterns = [
    path(f"{BASE}/melder", views.record, {"step_code": "melder"}, name="reporter_contact"),
    path(f"{BASE}/huishouden", views.record, {"step_code": "huishouden"}, name="household"),
    path(
        f"{BASE}/huishouden/opnieuw",
        views.record,
        {"step_code": "huishouden-opnieuw"},
        name="household_redo",
    ),
    path(
        f"{BASE}/terugkoppeling",
        views.record,
        {"step_code": "terugkoppeling"},
        name="reporter_update",
    ),
]
