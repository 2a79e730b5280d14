from django.urls import path

from zicht.people import views

app_name = "people"

urlpatterns = [
    path("personen/zoeken", views.person_search, name="person_search"),
    path("personen/nieuw", views.person_create, name="person_create"),
    path("personen/<int:pk>", views.person_detail, name="person_detail"),
    path("personen/<int:pk>/wijzigen", views.person_update, name="person_update"),
    path("personen/<int:pk>/samenvoegen", views.person_merge, name="person_merge"),
    path("huishoudens/<int:pk>", views.household_detail, name="household_detail"),
]
