from django.urls import path

from zicht.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("over-zicht", views.about, name="about"),
]
