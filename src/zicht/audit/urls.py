from django.urls import path

from zicht.audit import views

app_name = "audit"

urlpatterns = [
    path("toegangslog", views.index, name="index"),
    path("toegangslog/persoon/<int:person_id>", views.person_log, name="person"),
    path("toegangslog/medewerker/<int:user_id>", views.user_log, name="user"),
]
