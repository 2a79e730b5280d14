from django.urls import path

from zicht.reporting import views

app_name = "reporting"

urlpatterns = [
    path("verantwoording/cbs", views.cbs_page, name="cbs"),
    path("verantwoording/cbs/bestand", views.cbs_file, name="cbs_file"),
    path("verantwoording/gemeenten", views.municipal_page, name="municipal"),
    path("verantwoording/dashboard", views.dashboard_page, name="dashboard"),
    path("verantwoording/capaciteit", views.capacity_page, name="capacity"),
]
