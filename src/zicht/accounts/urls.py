from django.urls import path

from zicht.accounts import views

app_name = "accounts"

urlpatterns = [
    path("inloggen", views.LoginView.as_view(), name="login"),
    path("inloggen/code", views.TwoFactorView.as_view(), name="two_factor"),
    path("uitloggen", views.LogoutView.as_view(), name="logout"),
]
