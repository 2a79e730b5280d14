from django.urls import path

from zicht.shell import health, views

app_name = "shell"

urlpatterns = [
    path("", views.home, name="home"),
    path("over-zicht", views.about, name="about"),
    path("api-documentatie", views.api_docs, name="api_docs"),
    path("gezondheid", health.health, name="health"),
]
