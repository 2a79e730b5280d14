"""The conditions & follow-up API (R-VV-1): the household's acknowledgement. Conversations and
the plan are the shared involvement API; the warm handover is the handover API's."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zicht.accounts.api import CanAssess, request_user
from zicht.audit.models import Channel
from zicht.cases.api import case_for_request
from zicht.conditions import services
from zicht.conditions.selectors import acknowledgement_current
from zicht.core.problems import problems
from zicht.core.versions import VersionField
from zicht.informing.services import household_addressees
from zicht.involvement.services import safety_plan_send

NUMBER = OpenApiParameter(
    "number", OpenApiTypes.STR, OpenApiParameter.PATH, description="Dossiernummer, bv. 2026-000123"
)


class AcknowledgementSerializer(serializers.Serializer[Any]):
    acknowledged_on = serializers.DateField(allow_null=True)
    members = serializers.ListField(
        child=serializers.IntegerField(),
        max_length=50,
        help_text="De leden van het huishouden (id van het lidmaatschap) die de zorgen erkennen.",
    )
    concerns_acknowledged = serializers.BooleanField()
    wants_to_work_on_safety = serializers.BooleanField()
    note = serializers.CharField(max_length=20000, allow_blank=True, required=False, default="")


class AcknowledgementOutSerializer(serializers.Serializer[Any]):
    acknowledged_on = serializers.DateField()
    members = serializers.SerializerMethodField()
    concerns_acknowledged = serializers.BooleanField()
    wants_to_work_on_safety = serializers.BooleanField()
    note = serializers.CharField()
    recorded_by = serializers.CharField(source="recorded_by.full_name")
    recorded_at = serializers.DateTimeField()

    def get_members(self, acknowledgement: Any) -> list[int]:
        return [m.pk for m in acknowledgement.members.all()]


@extend_schema(tags=["voorwaarden en vervolg"], parameters=[NUMBER])
class CaseAcknowledgement(APIView):
    permission_classes = [CanAssess]

    @extend_schema(
        summary="Erkenning van de zorgen",
        responses={200: AcknowledgementOutSerializer, **problems(401, 403, 404)},
    )
    def get(self, request: Request, number: str) -> Response:
        case = case_for_request(request, number)
        found = acknowledgement_current(case=case)
        if found is None:
            from zicht.core.errors import NotFound

            raise NotFound("Voor dit dossier is nog geen erkenning van de zorgen vastgelegd.")
        return Response(AcknowledgementOutSerializer(found).data)

    @extend_schema(
        summary="Erkenning van de zorgen vastleggen",
        description="R-VV-1: het huishouden erkent de zorgen en wil werken aan veiligheid. Of "
        "huiselijk geweld of kindermishandeling vaststaat, wordt niet gevraagd.",
        request=AcknowledgementSerializer,
        responses={201: AcknowledgementOutSerializer, **problems(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, number: str) -> Response:
        body = AcknowledgementSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        found = services.acknowledgement_record(
            user=request_user(request),
            case=case_for_request(request, number),
            acknowledged_on=data["acknowledged_on"],
            member_ids=data["members"],
            concerns_acknowledged=data["concerns_acknowledged"],
            wants_to_work_on_safety=data["wants_to_work_on_safety"],
            note=data["note"],
            channel=Channel.API,
        )
        return Response(AcknowledgementOutSerializer(found).data, status=201)


class PlanLettersInSerializer(serializers.Serializer[Any]):
    plan_version = VersionField(
        help_text="De versie van het veiligheidsplan die u verstuurt (de huidige); een nieuwere "
        "van een collega: 409."
    )


class PlanLetterOutSerializer(serializers.Serializer[Any]):
    letter = serializers.IntegerField(source="letter_id")
    recipient_name = serializers.CharField(source="letter.recipient_name")
    plan_version = serializers.IntegerField(source="version.number")


@extend_schema(tags=["voorwaarden en vervolg"], parameters=[NUMBER])
class CasePlanLetters(APIView):
    permission_classes = [CanAssess]

    @extend_schema(
        summary="Veiligheidsvoorwaarden en plan per brief naar het huishouden",
        description="Eén brief per adres van een volwassene; elke brief legt vast welke versie "
        "van het plan hij verstuurt (R-VV-2). Zonder adres: 400.",
        request=PlanLettersInSerializer,
        responses={
            201: PlanLetterOutSerializer(many=True),
            **problems(400, 401, 403, 404, 409, 428),
        },
    )
    def post(self, request: Request, number: str) -> Response:
        body = PlanLettersInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        case = case_for_request(request, number)
        sent = safety_plan_send(
            user=request_user(request),
            case=case,
            number=body.validated_data["plan_version"],
            addressees=household_addressees(case),
            channel=Channel.API,
        )
        return Response(PlanLetterOutSerializer(sent, many=True).data, status=201)
