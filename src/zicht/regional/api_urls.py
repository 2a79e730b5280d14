from django.urls import path

from zicht.regional import api

urlpatterns = [
    path("house-bans", api.HouseBanNotice.as_view(), name="api-house-bans"),
]
