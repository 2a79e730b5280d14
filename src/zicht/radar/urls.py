from django.urls import path

from zicht.radar import views

app_name = "radar"

urlpatterns = [
    path("dossiers/<casenumber:number>/register/bevragen", views.lookup, name="lookup"),
]
