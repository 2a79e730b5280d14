from django.urls import path

from zicht.screening import views

app_name = "screening"

urlpatterns = [
    path("screening", views.screening_list, name="list"),
    path("screening/wachtlijst", views.waiting_list, name="waiting_list"),
    path("screening/meldingen/<int:report_id>", views.screening_new, name="screen"),
]
