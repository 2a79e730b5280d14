from django.urls import path

from zicht.screening import api

urlpatterns = [
    path("screening", api.ScreeningList.as_view(), name="api-screening"),
    path(
        "screening/<int:report_id>/screenings",
        api.ScreeningCreate.as_view(),
        name="api-screening-create",
    ),
    path("waiting-list", api.WaitingListView.as_view(), name="api-waiting-list"),
]
