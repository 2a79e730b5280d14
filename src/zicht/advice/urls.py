from django.urls import path

from zicht.advice import views

app_name = "advice"

urlpatterns = [
    path("adviezen/nieuw", views.advice_new, name="new"),
    path("adviezen/<int:pk>", views.advice_detail, name="detail"),
    path("adviezen/<int:pk>/mdo", views.mdo_new, name="mdo_new"),
]
