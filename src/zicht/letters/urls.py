from django.urls import path

from zicht.letters import views

app_name = "letters"

urlpatterns = [
    path("brieven/<int:pk>", views.letter_detail, name="detail"),
    path("brieven/<int:pk>/pdf", views.letter_pdf, name="pdf"),
    path("brieven/<int:pk>/intrekken", views.letter_withdraw, name="withdraw"),
    path("brieven/<int:pk>/verzonden", views.letter_sent, name="sent"),
]
