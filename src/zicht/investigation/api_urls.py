from django.urls import path

from zicht.investigation import api

urlpatterns = [
    path(
        "cases/<str:number>/investigation",
        api.CaseInvestigation.as_view(),
        name="api-case-investigation",
    ),
    path(
        "cases/<str:number>/investigation/grounds",
        api.InvestigationGrounds.as_view(),
        name="api-investigation-grounds",
    ),
    path(
        "cases/<str:number>/investigation/conversations",
        api.InvestigationConversations.as_view(),
        name="api-investigation-conversations",
    ),
    path(
        "cases/<str:number>/investigation/network-requests",
        api.InvestigationNetwork.as_view(),
        name="api-investigation-network",
    ),
    path(
        "cases/<str:number>/investigation/network-requests/<int:id>/answer",
        api.InvestigationNetworkAnswer.as_view(),
        name="api-investigation-network-answer",
    ),
    path(
        "cases/<str:number>/investigation/notices",
        api.InvestigationNotices.as_view(),
        name="api-investigation-notices",
    ),
    path(
        "cases/<str:number>/investigation/conclusion",
        api.InvestigationConclusion.as_view(),
        name="api-investigation-conclusion",
    ),
]
