from django.urls import path

from zicht.assessment import api

urlpatterns = [
    path(
        "cases/<str:number>/assessment",
        api.AssessmentDetail.as_view(),
        name="api-case-assessment",
    ),
    path(
        "cases/<str:number>/assessment/submit",
        api.AssessmentSubmit.as_view(),
        name="api-case-assessment-submit",
    ),
    path(
        "cases/<str:number>/assessment/confirm",
        api.AssessmentConfirm.as_view(),
        name="api-case-assessment-confirm",
    ),
]
