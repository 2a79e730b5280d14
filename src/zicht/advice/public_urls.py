from django.urls import path

from zicht.advice import public_views

app_name = "meldcode"

urlpatterns = [
    path("meldcode", public_views.questions, name="questions"),
    path("meldcode/uitkomst", public_views.outcome, name="outcome"),
]
