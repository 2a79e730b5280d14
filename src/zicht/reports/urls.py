from django.urls import path

from zicht.reports import views

app_name = "reports"

urlpatterns = [
    path("meldingen/nieuw", views.report_new, name="new"),
]
