from django.urls import path

from zicht.accounts import views

app_name = "accounts"

urlpatterns = [
    path("inloggen", views.LoginView.as_view(), name="login"),
    path("inloggen/code", views.TwoFactorView.as_view(), name="two_factor"),
    path(
        "inloggen/wachtwoord/<uidb64>/<token>",
        views.SetPasswordView.as_view(),
        name="set_password",
    ),
    path("uitloggen", views.LogoutView.as_view(), name="logout"),
]
