"""The screening API: the daily screening list (R-WL-1), recording a screening, and the waiting
list figures with the escalation signal (R-WL-2). The list writes the access log, one entry per
case shown (R-PRIV-3); the waiting list holds figures only."""

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zicht.accounts.api import PolicyPermission, request_user
from zicht.accounts.policy import ACTION_REFUSALS, Action, can
from zicht.audit.models import Channel
from zicht.core.problems import problems
from zicht.reports.models import Report
from zicht.screening import selectors, services
from zicht.screening.models import Screening
from zicht.screening.services import NOTE_MAX


class CanScreen(PolicyPermission):
    read = (Action.VIEW_CLIENT_DATA, Action.ASSESS_SAFETY)
    refusals = {Action.ASSESS_SAFETY: services.SCREEN_REFUSED}


class CanSeeFigures(BasePermission):
    message = ACTION_REFUSALS[Action.VIEW_MANAGEMENT_INFO]

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        return bool(user and user.is_authenticated) and (
            can(user, Action.LEAD_TEAM) or can(user, Action.VIEW_MANAGEMENT_INFO)
        )


# --- serializers --------------------------------------------------------------------------------


class ScreeningRowSerializer(serializers.Serializer[Any]):
    report_id = serializers.IntegerField(source="report.pk")
    case_number = serializers.CharField(source="report.case.number")
    received_at = serializers.DateTimeField(source="report.received_at")
    days_waiting = serializers.IntegerField(help_text="Werkdagen sinds ontvangst.")
    children = serializers.BooleanField(
        source="report.children", help_text="Er zijn kinderen (jonger dan 18) betrokken."
    )
    violence_types = serializers.ListField(
        child=serializers.CharField(), source="report.violence_types"
    )
    violence_labels = serializers.ListField(child=serializers.CharField(), source="violence")
    last_screened_on = serializers.DateField(source="report.last_screened_on", allow_null=True)
    last_screened_by = serializers.CharField(source="report.last_screened_by", allow_null=True)
    acute = serializers.BooleanField(
        source="report.acute",
        help_text="Direct gevaar bij de laatste screening, of een open crisisinterventie.",
    )
    screened_today = serializers.BooleanField()


class ScreeningInputSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(max_length=NOTE_MAX, help_text="Korte notitie bij de screening.")
    acute = serializers.BooleanField(
        help_text="Direct gevaar: start de termijn voor crisisinterventie (vandaag)."
    )


class ScreeningSerializer(serializers.ModelSerializer[Screening]):
    report_id = serializers.IntegerField()
    screened_by = serializers.CharField(source="screened_by.full_name")

    class Meta:
        model = Screening
        fields = ["id", "report_id", "screened_on", "screened_at", "screened_by", "note", "acute"]
        read_only_fields = fields


class TeamBacklogSerializer(serializers.Serializer[Any]):
    team = serializers.CharField()
    backlog = serializers.IntegerField()


class TrendPointSerializer(serializers.Serializer[Any]):
    date = serializers.DateField()
    backlog = serializers.IntegerField()


class EscalationSerializer(serializers.Serializer[Any]):
    escalated_on = serializers.DateField()
    escalated_to = serializers.CharField()


class WaitingListSerializer(serializers.Serializer[Any]):
    date = serializers.DateField(source="today")
    backlog = serializers.IntegerField(help_text="Meldingen die op beoordeling wachten.")
    per_team = TeamBacklogSerializer(many=True)
    trend = TrendPointSerializer(many=True, help_text="Wachtlijst aan het eind van 28 dagen.")
    intake_rate = serializers.FloatField(help_text="Nieuwe meldingen per werkdag (20 werkdagen).")
    assessment_rate = serializers.FloatField(help_text="Beoordelingen per werkdag (20 werkdagen).")
    days_to_clear = serializers.FloatField(
        allow_null=True, help_text="Werkdagen tot weggewerkt; null: niet bij dit tempo."
    )
    signal = serializers.BooleanField(
        help_text="Niet binnen 3 weken weg te werken: escaleren naar de regionale stuurgroep."
    )
    last_escalation = EscalationSerializer(allow_null=True)


# --- views --------------------------------------------------------------------------------------


@extend_schema(tags=["screening"])
class ScreeningList(generics.ListAPIView[Report]):
    permission_classes = [CanScreen]
    serializer_class = ScreeningRowSerializer

    def get_queryset(self) -> QuerySet[Report]:
        return selectors.screening_list(user=request_user(self.request))

    @extend_schema(
        summary="Dagelijkse screening",
        description="De meldingen van uw teams die nog niet beoordeeld zijn, op volgorde van "
        "risico: acuut, dan kinderen betrokken, dan de oudste (R-WL-1). Elk getoond dossier komt "
        "in het toegangslog.",
        responses={200: ScreeningRowSerializer(many=True), **problems(401, 403, 404)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        assert page is not None  # noqa: S101  # pagination is on for every list
        selectors.log_screening_read(
            user=request_user(request), reports=page, resource=request.path, channel=Channel.API
        )
        rows = selectors.screening_rows(page, timezone.localdate())
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)


REPORT_ID = OpenApiParameter(
    "report_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id van de melding."
)


@extend_schema(tags=["screening"], parameters=[REPORT_ID])
class ScreeningCreate(generics.GenericAPIView[Screening]):
    permission_classes = [CanScreen]
    serializer_class = ScreeningInputSerializer

    @extend_schema(
        summary="Screening vastleggen",
        description="Legt de screening van vandaag vast. Eén per melding per dag: een tweede "
        "dezelfde dag vervangt de eerste (200 in plaats van 201). `acute: true` start de "
        "termijn voor crisisinterventie (vandaag). Een melding die al beoordeeld is geeft 400 "
        "met `report` in `invalid_params`.",
        request=ScreeningInputSerializer,
        responses={
            201: ScreeningSerializer,
            200: ScreeningSerializer,
            **problems(400, 401, 403, 404),
        },
    )
    def post(self, request: Request, report_id: int) -> Response:
        user = request_user(request)
        report = selectors.report_for_screening(user=user, report_id=report_id)
        body = ScreeningInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        again = selectors.screened_on(report=report, day=timezone.localdate())
        screening = services.screening_record(
            user=user,
            report=report,
            note=body.validated_data["note"],
            acute=body.validated_data["acute"],
            channel=Channel.API,
        )
        return Response(ScreeningSerializer(screening).data, status=200 if again else 201)


@extend_schema(tags=["screening"])
class WaitingListView(APIView):
    permission_classes = [CanSeeFigures]

    @extend_schema(
        summary="Wachtlijst",
        description="Cijfers zonder cliëntgegevens: de wachtlijst per team en in totaal, het "
        "verloop over 28 dagen, het tempo over 20 werkdagen en het signaal als de wachtlijst niet "
        "binnen 3 weken weg te werken is (R-WL-2).",
        responses={200: WaitingListSerializer, **problems(401, 403)},
    )
    def get(self, request: Request) -> Response:
        figures = selectors.waiting_list()
        last = selectors.escalations(limit=1)
        data = {
            **figures.__dict__,
            "per_team": [{"team": t, "backlog": n} for t, n in figures.per_team],
            "trend": [{"date": d, "backlog": n} for d, n in figures.trend],
            "last_escalation": last[0] if last else None,
        }
        return Response(WaitingListSerializer(data).data)
