from django.urls import path

from zicht.register import api

urlpatterns = [
    path("register/v1/registrations", api.RegistrationsView.as_view(), name="registrations"),
    path(
        "register/v1/registrations/<str:case_ref>",
        api.RegistrationView.as_view(),
        name="registration",
    ),
    path("register/v1/lookups", api.LookupView.as_view(), name="lookups"),
    path("register/v1/notifications", api.NotificationsView.as_view(), name="notifications"),
    path(
        "register/v1/notifications/<int:notification_id>/ack",
        api.AcknowledgeView.as_view(),
        name="acknowledge",
    ),
]

handler500 = "zicht.core.unavailable.api_server_error"
