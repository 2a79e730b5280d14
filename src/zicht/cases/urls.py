from django.urls import path, register_converter

from zicht.cases import views


class CaseNumberConverter:
    regex = r"\d{4}-\d{6}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CaseNumberConverter, "casenumber")

app_name = "cases"

urlpatterns = [
    path("werk", views.my_work, name="my_work"),
    path("team", views.team_worklist, name="team"),
    path("dossiers/openen", views.open_case, name="open"),
    path("dossiers/<casenumber:number>", views.case_detail, name="detail"),
    path("dossiers/<casenumber:number>/fase", views.case_transition, name="transition"),
    path("dossiers/<casenumber:number>/toewijzing", views.case_assign, name="assign"),
    path("dossiers/<casenumber:number>/gemeente", views.case_municipality, name="municipality"),
    path("dossiers/<casenumber:number>/noodtoegang", views.emergency_access, name="emergency"),
]
