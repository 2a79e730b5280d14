"""Read endpoints for the aggregates (issue 15 step 6): the dashboard's charts, the municipality
report's tables (small cells suppressed, as they may leave the organisation) and the capacity
plan. Figures only; the same right as the pages (`VIEW_MANAGEMENT_INFO`); bad query parameters
are 400 problem+json naming the parameter."""

from typing import Any

from django.core.exceptions import ValidationError
from django.forms import Form
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zicht.accounts.api import PolicyPermission, request_user
from zicht.accounts.policy import Action
from zicht.core.problems import problems
from zicht.reporting import capacity, dashboard, municipal, municipal_output
from zicht.reporting.forms import (
    CapacityForm,
    DashboardForm,
    MunicipalReportForm,
    dashboard_filters,
)
from zicht.reporting.periods import months_of_year
from zicht.reporting.readonly import read_only


class CanSeeFigures(PolicyPermission):
    read = (Action.VIEW_MANAGEMENT_INFO,)


def _valid(form: Form) -> dict[str, Any]:
    if not form.is_valid():
        raise ValidationError({name: errors[0] for name, errors in form.errors.items()})
    return form.cleaned_data


def _query(request: Request) -> dict[str, Any]:
    return {key: request.query_params.get(key) for key in request.query_params}


# The capacity form's percentages by their API names: query keys are lower camelCase (ADR
# /core/query-keys-camel-case); the page keeps the form's own names.
CAPACITY_PARAMS = {
    "groeiAdviezen": "groei_adviezen",
    "meldcodeAdviezen": "meldcodeAdviezen",
    "groeiMeldingen": "groei_meldingen",
    "meldcodeMeldingen": "meldcodeMeldingen",
}
CAPACITY_NAMES = {form: api for api, form in CAPACITY_PARAMS.items()}


def _capacity_query(request: Request) -> dict[str, Any]:
    query = _query(request)
    return {CAPACITY_PARAMS.get(key, key): value for key, value in query.items()}


class ChartSerializer(serializers.Serializer[Any]):
    slug = serializers.CharField()
    title = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.JSONField())
    note = serializers.CharField()


class DashboardSerializer(serializers.Serializer[Any]):
    first = serializers.DateField()
    last = serializers.DateField()
    municipality = serializers.CharField(allow_null=True)
    charts = ChartSerializer(many=True)


class TableSerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.JSONField())


class AreaSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    cbs_code = serializers.CharField()
    tables = TableSerializer(many=True)


class MunicipalSerializer(serializers.Serializer[Any]):
    first = serializers.DateField()
    last = serializers.DateField()
    areas = AreaSerializer(many=True)


class CapacityLineSerializer(serializers.Serializer[Any]):
    service = serializers.CharField()
    name = serializers.CharField(source="label")
    hours = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    base = serializers.IntegerField(allow_null=True)
    volumes = serializers.ListField(child=serializers.DecimalField(max_digits=12, decimal_places=0))
    fte = serializers.ListField(
        child=serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    )
    note = serializers.CharField()


class CapacitySerializer(serializers.Serializer[Any]):
    scenario = serializers.CharField()
    years = serializers.ListField(child=serializers.IntegerField())
    lines = CapacityLineSerializer(many=True)
    totals = serializers.ListField(child=serializers.DecimalField(max_digits=8, decimal_places=1))


def _param(name: str, description: str, kind: Any = OpenApiTypes.STR) -> OpenApiParameter:
    return OpenApiParameter(
        name, kind, OpenApiParameter.QUERY, required=False, description=description
    )


class DashboardView(APIView):
    permission_classes = [CanSeeFigures]

    @extend_schema(
        summary="Dashboard",
        description="De grafieken van het dashboard als tabellen: instroom per week naar bron, "
        "wachtlijst met verwachting voor 3 weken (R-WL-2), termijnen op tijd per maand, caseload "
        "(R-WL-3: per medewerker voor een teamleider, per team voor anderen), uitkomsten en "
        "monitoringsmomenten. Zonder cliëntgegevens.",
        parameters=[
            _param("van", "Eerste dag (JJJJ-MM-DD); standaard 12 weken terug.", OpenApiTypes.DATE),
            _param("tot", "Laatste dag (JJJJ-MM-DD); standaard vandaag.", OpenApiTypes.DATE),
            _param("gemeente", "Id van een gemeente; leeg: alle.", OpenApiTypes.INT),
        ],
        responses={200: DashboardSerializer, **problems(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        data = _valid(DashboardForm(_query(request)))
        period, municipality = dashboard_filters(data, timezone.localdate())
        # Reads inside read_only() and caches the figures for a minute.
        charts = dashboard.dashboard(request_user(request), period, municipality)
        body = {
            "first": period.first,
            "last": period.last,
            "municipality": str(municipality) if municipality else None,
            "charts": [chart.__dict__ for chart in charts],
        }
        return Response(DashboardSerializer(body).data)


class MunicipalView(APIView):
    permission_classes = [CanSeeFigures]

    @extend_schema(
        summary="Gemeenterapportage",
        description="De rapportage aan de gemeenten na 4 of 8 maanden (R-INF-2), per gemeente van "
        "de regio en voor de hele regio, met kleine aantallen (1–4) als '<5'.",
        parameters=[
            OpenApiParameter("jaar", OpenApiTypes.INT, OpenApiParameter.QUERY, required=True),
            OpenApiParameter(
                "maanden", OpenApiTypes.INT, OpenApiParameter.QUERY, required=True, enum=[4, 8]
            ),
            _param("gemeente", "Id van een gemeente in de regio; leeg: alle.", OpenApiTypes.INT),
        ],
        responses={200: MunicipalSerializer, **problems(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        data = _valid(MunicipalReportForm(_query(request)))
        period = months_of_year(data["jaar"], data["maanden"])
        only = municipal.municipality_in_region(data["gemeente"]) if data["gemeente"] else None
        with read_only():
            report = municipal.municipal_report(period, only)
        areas = [
            {"name": a.name, "cbs_code": a.code, "tables": municipal_output.tables(a)}
            for a in [report.region, *report.municipalities]
        ]
        body = {"first": period.first, "last": period.last, "areas": areas}
        return Response(MunicipalSerializer(body).data)


class CapacityView(APIView):
    permission_classes = [CanSeeFigures]

    @extend_schema(
        summary="Capaciteitsplanning",
        description="FTE per dienst en in totaal voor de komende jaren (R-INF-3): tijdsnorm × "
        "verwacht volume, volgens een scenario; percentages kunnen worden uitgeprobeerd "
        "(niet opgeslagen).",
        parameters=[
            OpenApiParameter(
                "scenario", OpenApiTypes.STR, OpenApiParameter.QUERY, enum=["low", "middle", "high"]
            ),
            _param("jaren", "1 tot en met 5.", OpenApiTypes.INT),
            _param("groeiAdviezen", "Groei adviezen per jaar (%).", OpenApiTypes.NUMBER),
            _param(
                "meldcodeAdviezen",
                "Eenmalig effect meldcode op adviezen (%).",
                OpenApiTypes.NUMBER,
            ),
            _param("groeiMeldingen", "Groei meldingen per jaar (%).", OpenApiTypes.NUMBER),
            _param(
                "meldcodeMeldingen",
                "Eenmalig effect meldcode op meldingen (%).",
                OpenApiTypes.NUMBER,
            ),
        ],
        responses={200: CapacitySerializer, **problems(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        form = CapacityForm({"scenario": "middle", "jaren": "3"} | _capacity_query(request))
        if not form.is_valid():
            raise ValidationError(
                {CAPACITY_NAMES.get(name, name): errors[0] for name, errors in form.errors.items()}
            )
        data = form.cleaned_data
        with read_only():
            found = capacity.plan_of(data)
        body = {
            "scenario": found.scenario,
            "years": found.years,
            "lines": [line.__dict__ for line in found.lines],
            "totals": found.totals,
        }
        return Response(CapacitySerializer(body).data)
