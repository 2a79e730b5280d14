"""The monitoring API: a case's monitoring plans with moments and checks, starting a plan,
agreeing a moment, recording a check (R-MON-1..3) and the outcome (R-MON-4). Same rules as the
pages: cases in the user's scope only (404 otherwise, the read logged), writes with
ASSESS_SAFETY and the case `version`."""

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
from zicht.core.errors import NotFound
from zicht.core.problems import problems
from zicht.core.versions import VersionField
from zicht.monitoring import selectors, services
from zicht.monitoring.models import (
    AgreedWith,
    CheckContact,
    CheckedCondition,
    ConditionResult,
    MonitoringCheck,
    MonitoringMoment,
    MonitoringPlan,
    Outcome,
    StableSafety,
)

VERSION = VersionField(help_text="De versie van het dossier zoals u het het laatst ophaalde.")


def _text(max_length: int = 4000, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(
        max_length=max_length, allow_blank=True, required=False, default="", **kwargs
    )


class MomentSerializer(serializers.ModelSerializer[MonitoringMoment]):
    kind_label = serializers.CharField(source="get_kind_display")

    class Meta:
        model = MonitoringMoment
        fields = ["id", "kind", "kind_label", "due", "agreed_with", "agreed_by"]
        read_only_fields = fields


class CheckedConditionSerializer(serializers.ModelSerializer[CheckedCondition]):
    text = serializers.CharField(source="condition.text")

    class Meta:
        model = CheckedCondition
        fields = ["condition", "text", "result", "note"]
        read_only_fields = fields


class ContactSerializer(serializers.ModelSerializer[CheckContact]):
    class Meta:
        model = CheckContact
        fields = ["member", "spoken", "reason"]
        read_only_fields = fields


class CheckOutSerializer(serializers.ModelSerializer[MonitoringCheck]):
    conditions = CheckedConditionSerializer(many=True)
    contacts = ContactSerializer(many=True)

    class Meta:
        model = MonitoringCheck
        fields = [
            "id",
            "moment",
            "held_on",
            "direct_safety",
            "stable_safety",
            "recovery_worked_on",
            "recovery_note",
            "partner_view",
            "summary",
            "conditions",
            "contacts",
        ]
        read_only_fields = fields


class PlanOutSerializer(serializers.ModelSerializer[MonitoringPlan]):
    moments = MomentSerializer(many=True)
    checks = CheckOutSerializer(many=True)

    class Meta:
        model = MonitoringPlan
        fields = [
            "id",
            "basis",
            "reason",
            "agreements",
            "started_on",
            "ends_on",
            "status",
            "outcome",
            "outcome_note",
            "ended_on",
            "moments",
            "checks",
        ]
        read_only_fields = fields


class AgreedMomentSerializer(serializers.Serializer[Any]):
    due = serializers.DateField(help_text="De afgesproken datum (een werkdag).")
    agreed_with = serializers.ChoiceField(choices=AgreedWith.choices)
    agreed_by = _text(200, help_text="Wie het afsprak (naam en rol). Verplicht.")


class PlanInSerializer(serializers.Serializer[Any]):
    version = VERSION
    started_on = serializers.DateField()
    reason = _text(help_text="Verplicht als er geen voorwaarden en vervolg of onderzoek was.")
    agreements = _text()
    # many=True makes a ListSerializer, which takes max_length; the stubs type the child's call.
    agreed = AgreedMomentSerializer(many=True, required=False, default=list, max_length=20)  # type: ignore[call-arg]


class MomentInSerializer(AgreedMomentSerializer):
    version = VERSION


class ConditionInSerializer(serializers.Serializer[Any]):
    condition = serializers.IntegerField(help_text="De veiligheidsvoorwaarde (id).")
    result = serializers.ChoiceField(choices=ConditionResult.choices)
    note = _text()


class ContactInSerializer(serializers.Serializer[Any]):
    member = serializers.IntegerField(help_text="Het lid van het huishouden (id).")
    spoken = serializers.BooleanField()
    reason = _text(help_text="Verplicht als niet gesproken.")


class CheckInSerializer(serializers.Serializer[Any]):
    version = VERSION
    moment = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="Het moment (id) of leeg."
    )
    held_on = serializers.DateField()
    direct_safety = serializers.BooleanField()
    stable_safety = serializers.ChoiceField(choices=StableSafety.choices)
    recovery_worked_on = serializers.BooleanField()
    recovery_note = _text()
    partner_view = _text()
    summary = _text()
    conditions = ConditionInSerializer(many=True, max_length=100)  # type: ignore[call-arg]
    contacts = ContactInSerializer(many=True, max_length=100)  # type: ignore[call-arg]


class OutcomeInSerializer(serializers.Serializer[Any]):
    version = VERSION
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    note = _text()


NUMBER = OpenApiParameter(
    "number", OpenApiTypes.STR, OpenApiParameter.PATH, description="Dossiernummer, bv. 2026-000123"
)
ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Het plan (id).")


def _valid(serializer_class: type[serializers.Serializer[Any]], request: Request) -> Any:
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return body.validated_data


def _plan(request: Request, number: str, id: int) -> MonitoringPlan:
    plan = selectors.plan_of_case(case=case_for_request(request, number), plan_id=id)
    if plan is None:
        raise NotFound
    return plan


def _out(plan: MonitoringPlan) -> Any:
    return PlanOutSerializer(plan).data


@extend_schema(tags=["monitoren"], parameters=[NUMBER])
class CasePlans(APIView):
    permission_classes = [CanAssess]

    @extend_schema(
        summary="Monitoringsplannen van een dossier",
        responses={200: PlanOutSerializer(many=True), **problems(401, 403, 404)},
    )
    def get(self, request: Request, number: str) -> Response:
        case = case_for_request(request, number)
        plans = MonitoringPlan.objects.filter(case=case).prefetch_related(
            "moments", "checks__conditions__condition", "checks__contacts"
        )
        return Response(PlanOutSerializer(plans, many=True).data)

    @extend_schema(
        summary="Monitoren starten",
        description="R-MON-1, R-MON-2: na voorwaarden en vervolg of onderzoek altijd; anders "
        "alleen met de reden van Veilig Thuis. Zicht plant de controles na 3 en 12 "
        "kalendermaanden (naar de eerstvolgende werkdag) en de afgesproken momenten, elk als "
        "termijn, en zet de brieven met de afspraken klaar.",
        request=PlanInSerializer,
        responses={201: PlanOutSerializer, **problems(400, 401, 403, 404, 409, 428)},
    )
    def post(self, request: Request, number: str) -> Response:
        data = _valid(PlanInSerializer, request)
        plan = services.plan_start(
            user=request_user(request),
            case=case_for_request(request, number),
            expected_version=data["version"],
            started_on=data["started_on"],
            reason=data["reason"],
            agreements=data["agreements"],
            agreed=[services.AgreedMoment(**moment) for moment in data["agreed"]],
            channel=Channel.API,
        )
        return Response(_out(plan), status=201)


@extend_schema(tags=["monitoren"], parameters=[NUMBER, ID])
class PlanMoments(APIView):
    permission_classes = [CanAssess]

    @extend_schema(
        summary="Monitoringsmoment afspreken",
        request=MomentInSerializer,
        responses={201: PlanOutSerializer, **problems(400, 401, 403, 404, 409, 428)},
    )
    def post(self, request: Request, number: str, id: int) -> Response:
        plan = _plan(request, number, id)
        data = _valid(MomentInSerializer, request)
        services.moment_add(
            user=request_user(request),
            plan=plan,
            expected_version=data["version"],
            moment=services.AgreedMoment(data["due"], data["agreed_with"], data["agreed_by"]),
            channel=Channel.API,
        )
        return Response(_out(plan), status=201)


@extend_schema(tags=["monitoren"], parameters=[NUMBER, ID])
class PlanChecks(APIView):
    permission_classes = [CanAssess]

    @extend_schema(
        summary="Monitoringscontrole vastleggen",
        description="R-MON-3: elke veiligheidsvoorwaarde (nageleefd / deels / niet), directe en "
        "stabiele veiligheid, herstel, en per lid van het huishouden gesproken of de reden "
        "waarom niet; de visie van de ketenpartner als die verantwoordelijk is.",
        request=CheckInSerializer,
        responses={201: CheckOutSerializer, **problems(400, 401, 403, 404, 409, 428)},
    )
    def post(self, request: Request, number: str, id: int) -> Response:
        plan = _plan(request, number, id)
        data = _valid(CheckInSerializer, request)
        moment = None
        if data["moment"] is not None:
            moment = MonitoringMoment.objects.filter(plan=plan, pk=data["moment"]).first()
            if moment is None:
                raise serializers.ValidationError({"moment": "Kies een moment van dit plan."})
        check = services.check_record(
            user=request_user(request),
            plan=plan,
            expected_version=data["version"],
            moment=moment,
            held_on=data["held_on"],
            direct_safety=data["direct_safety"],
            stable_safety=data["stable_safety"],
            recovery_worked_on=data["recovery_worked_on"],
            recovery_note=data["recovery_note"],
            partner_view=data["partner_view"],
            summary=data["summary"],
            condition_results={
                row["condition"]: services.ConditionCheck(row["result"], row["note"])
                for row in data["conditions"]
            },
            contacts={
                row["member"]: services.MemberContact(row["spoken"], row["reason"])
                for row in data["contacts"]
            },
            channel=Channel.API,
        )
        return Response(CheckOutSerializer(check).data, status=201)


@extend_schema(tags=["monitoren"], parameters=[NUMBER, ID])
class PlanOutcome(APIView):
    permission_classes = [CanAssess]

    @extend_schema(
        summary="Monitoren beëindigen met de uitkomst",
        description="R-MON-4: `safety_lasts` (na de controles na 3 en 12 maanden, met duurzame "
        "veiligheid: dossier gesloten, brieven aan huishouden en ketenpartner) of "
        "`new_investigation` (Veilig Thuis weer verantwoordelijk, onderzoek start).",
        request=OutcomeInSerializer,
        responses={200: PlanOutSerializer, **problems(400, 401, 403, 404, 409, 428)},
    )
    def post(self, request: Request, number: str, id: int) -> Response:
        plan = _plan(request, number, id)
        data = _valid(OutcomeInSerializer, request)
        plan = services.plan_end(
            user=request_user(request),
            plan=plan,
            expected_version=data["version"],
            outcome=data["outcome"],
            note=data["note"],
            channel=Channel.API,
        )
        return Response(_out(plan))
