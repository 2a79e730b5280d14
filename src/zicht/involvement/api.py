"""The involvement API, shared by conditions & follow-up and investigation: conversations (with
whom, spoken or seen), reasons for not speaking a member, who is still missing, and the safety
conditions and plan with its versions (R-VV-2, R-OND-4). Same rules as the pages: the case
through the user's scope (404 otherwise, the read logged), writes with ASSESS_SAFETY, a plan
change names the version it is based on (`plan_version`; without it 428, stale 409)."""

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
from zicht.core.problems import problems
from zicht.core.versions import VersionField
from zicht.involvement import selectors, services
from zicht.involvement.content import (
    ActionRow,
    CareRow,
    ConditionRow,
    DamageRow,
    NetworkRow,
    PlanContent,
)
from zicht.involvement.models import ContactHow, Priority, SafetyPlanVersion

NUMBER = OpenApiParameter(
    "number", OpenApiTypes.STR, OpenApiParameter.PATH, description="Dossiernummer, bv. 2026-000123"
)
VERSION_NUMBER = OpenApiParameter(
    "version", OpenApiTypes.INT, OpenApiParameter.PATH, description="Het versienummer."
)


def _text(max_length: int = 20000, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(
        max_length=max_length, allow_blank=True, required=False, default="", **kwargs
    )


def _member(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(
        allow_null=True,
        required=False,
        default=None,
        help_text="Het lid van het huishouden (id van het lidmaatschap, zie `members`).",
        **kwargs,
    )


def _valid(serializer_class: type[serializers.Serializer[Any]], request: Request) -> Any:
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return body.validated_data


# --- conversations ----------------------------------------------------------------------------


class InvolvementContactSerializer(serializers.Serializer[Any]):
    member = _member()
    how = serializers.ChoiceField(choices=ContactHow.choices, default=ContactHow.SPOKEN)
    name = _text(200, help_text="Alleen voor iemand uit het netwerk die geen lid is.")
    relation = _text(200, help_text="Relatie tot het huishouden (netwerk).")


class InvolvementContactOutSerializer(serializers.Serializer[Any]):
    member = serializers.IntegerField(source="member_id", allow_null=True)
    how = serializers.CharField()
    name = serializers.SerializerMethodField()
    relation = serializers.CharField()

    def get_name(self, contact: Any) -> str:
        return str(contact.member.person.full_name if contact.member else contact.name)


class InvolvementConversationSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    service = serializers.CharField(read_only=True)
    held_on = serializers.DateField(allow_null=True)
    summary = _text()
    contacts = InvolvementContactSerializer(many=True, max_length=50, write_only=True)  # type: ignore[call-arg]


class InvolvementConversationOutSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    service = serializers.CharField()
    held_on = serializers.DateField()
    summary = serializers.CharField()
    contacts = InvolvementContactOutSerializer(many=True)
    recorded_by = serializers.CharField(source="recorded_by.full_name")


class InvolvementCoverageSerializer(serializers.Serializer[Any]):
    member = serializers.IntegerField(source="member.pk")
    name = serializers.CharField(source="member.person.full_name")
    status = serializers.CharField(help_text="spoken, seen of none")
    skip_reason = serializers.SerializerMethodField()
    missing = serializers.BooleanField(help_text="Geen contact en geen reden vastgelegd.")

    def get_skip_reason(self, coverage: Any) -> str:
        return str(coverage.skip.reason if coverage.skip else "")


class InvolvementConversationsOutSerializer(serializers.Serializer[Any]):
    service = serializers.CharField()
    members = InvolvementCoverageSerializer(many=True)
    conversations = InvolvementConversationOutSerializer(many=True)


@extend_schema(tags=["betrokkenheid"], parameters=[NUMBER])
class CaseConversations(APIView):
    permission_classes = [CanAssess]

    @extend_schema(
        summary="Gesprekken en wie gesproken is",
        description="Per lid van het huishouden: persoonlijk gesproken, alleen gezien of nog "
        "niet, met een vastgelegde reden; en de gesprekken van de huidige dienst.",
        responses={200: InvolvementConversationsOutSerializer, **problems(401, 403, 404, 409)},
    )
    def get(self, request: Request, number: str) -> Response:
        case = case_for_request(request, number)
        service = services.service_of(case)
        body = {
            "service": service,
            "members": selectors.contact_coverage(case=case, service=service),
            "conversations": selectors.conversations_of(case=case, service=service),
        }
        return Response(InvolvementConversationsOutSerializer(body).data)

    @extend_schema(
        summary="Gesprek vastleggen",
        description="Een gesprek van de huidige dienst (voorwaarden en vervolg, onderzoek of "
        "monitoren): datum, samenvatting en per persoon gesproken of alleen gezien.",
        request=InvolvementConversationSerializer,
        responses={201: InvolvementConversationOutSerializer, **problems(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, number: str) -> Response:
        data = _valid(InvolvementConversationSerializer, request)
        conversation = services.conversation_record(
            user=request_user(request),
            case=case_for_request(request, number),
            held_on=data["held_on"],
            summary=data["summary"],
            contacts=[
                services.ContactInput(
                    member_id=c["member"], how=c["how"], name=c["name"], relation=c["relation"]
                )
                for c in data["contacts"]
            ],
            channel=Channel.API,
        )
        return Response(InvolvementConversationOutSerializer(conversation).data, status=201)


class ContactSkipSerializer(serializers.Serializer[Any]):
    member = _member()
    reason = _text()


class ContactSkipOutSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    member = serializers.IntegerField(source="member_id")
    service = serializers.CharField()
    reason = serializers.CharField()


@extend_schema(tags=["betrokkenheid"], parameters=[NUMBER])
class CaseContactSkips(APIView):
    permission_classes = [CanAssess]

    @extend_schema(
        summary="Reden vastleggen: lid niet gesproken",
        request=ContactSkipSerializer,
        responses={201: ContactSkipOutSerializer, **problems(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, number: str) -> Response:
        data = _valid(ContactSkipSerializer, request)
        skip = services.contact_skip_record(
            user=request_user(request),
            case=case_for_request(request, number),
            member_id=data["member"],
            reason=data["reason"],
            channel=Channel.API,
        )
        return Response(ContactSkipOutSerializer(skip).data, status=201)


# --- the safety plan --------------------------------------------------------------------------


class PlanConditionSerializer(serializers.Serializer[Any]):
    key = serializers.UUIDField(required=False, allow_null=True, default=None)
    text = _text()
    members = serializers.ListField(
        child=serializers.IntegerField(), max_length=50, required=False, default=list
    )
    check_how = _text()


class PlanActionSerializer(serializers.Serializer[Any]):
    key = serializers.UUIDField(required=False, allow_null=True, default=None)
    member = _member()
    what = _text()
    due = serializers.DateField(allow_null=True, required=False, default=None)


class PlanCareSerializer(serializers.Serializer[Any]):
    key = serializers.UUIDField(required=False, allow_null=True, default=None)
    member = _member()
    need = _text()
    priority = serializers.ChoiceField(
        choices=Priority.choices, allow_null=True, required=False, default=None
    )


class PlanDamageSerializer(serializers.Serializer[Any]):
    key = serializers.UUIDField(required=False, allow_null=True, default=None)
    member = _member()
    damage = _text()
    recovery = _text()


class PlanNetworkSerializer(serializers.Serializer[Any]):
    key = serializers.UUIDField(required=False, allow_null=True, default=None)
    name = _text(200)
    relation = _text(200)
    contribution = _text()


def _rows(serializer: type[serializers.Serializer[Any]]) -> Any:
    return serializer(many=True, required=False, default=list, max_length=50)  # type: ignore[call-arg]


class SafetyPlanInSerializer(serializers.Serializer[Any]):
    plan_version = VersionField(
        min_value=0,
        help_text="De versie van het plan waarop uw wijziging is gebaseerd (0 voor het eerste "
        "plan). Is er intussen een nieuwere: 409. Zonder: 428.",
    )
    note = _text(help_text="Wat wijzigt u en waarom; verplicht vanaf versie 2.")
    conditions = _rows(PlanConditionSerializer)
    actions = _rows(PlanActionSerializer)
    care_needs = _rows(PlanCareSerializer)
    damages = _rows(PlanDamageSerializer)
    network = _rows(PlanNetworkSerializer)


class SafetyPlanVersionOutSerializer(serializers.Serializer[Any]):
    number = serializers.IntegerField()
    service = serializers.CharField()
    note = serializers.CharField()
    created_by = serializers.CharField(source="created_by.full_name")
    created_at = serializers.DateTimeField()
    conditions = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()
    care_needs = serializers.SerializerMethodField()
    damages = serializers.SerializerMethodField()
    network = PlanNetworkSerializer(many=True)
    changes = serializers.SerializerMethodField(help_text="Wat deze versie wijzigde.")

    def get_conditions(self, version: SafetyPlanVersion) -> list[dict[str, Any]]:
        return [
            {
                "key": str(c.key),
                "text": c.text,
                "members": [m.pk for m in c.members.all()],
                "check_how": c.check_how,
            }
            for c in version.conditions.all()
        ]

    def get_actions(self, version: SafetyPlanVersion) -> list[dict[str, Any]]:
        return [
            {"key": str(a.key), "member": a.member_id, "what": a.what, "due": a.due.isoformat()}
            for a in version.actions.all()
        ]

    def get_care_needs(self, version: SafetyPlanVersion) -> list[dict[str, Any]]:
        return [
            {"key": str(c.key), "member": c.member_id, "need": c.need, "priority": c.priority}
            for c in version.care_needs.all()
        ]

    def get_damages(self, version: SafetyPlanVersion) -> list[dict[str, Any]]:
        return [
            {"key": str(d.key), "member": d.member_id, "damage": d.damage, "recovery": d.recovery}
            for d in version.damages.all()
        ]

    def get_changes(self, version: SafetyPlanVersion) -> list[dict[str, str]]:
        case = version.plan.case
        diff = selectors.safety_plan_diff(case=case, version=version)
        return [
            {"section": c.section, "kind": c.kind, "before": c.before, "after": c.after}
            for c in diff.changes
        ]


def _content(data: dict[str, Any]) -> PlanContent:
    return PlanContent(
        conditions=[
            ConditionRow(
                text=c["text"], member_ids=c["members"], check_how=c["check_how"], key=c["key"]
            )
            for c in data["conditions"]
        ],
        actions=[
            ActionRow(member_id=a["member"], what=a["what"], due=a["due"], key=a["key"])
            for a in data["actions"]
        ],
        care_needs=[
            CareRow(member_id=c["member"], need=c["need"], priority=c["priority"], key=c["key"])
            for c in data["care_needs"]
        ],
        damages=[
            DamageRow(
                member_id=d["member"], damage=d["damage"], recovery=d["recovery"], key=d["key"]
            )
            for d in data["damages"]
        ],
        network=[
            NetworkRow(
                name=n["name"], relation=n["relation"], contribution=n["contribution"], key=n["key"]
            )
            for n in data["network"]
        ],
    )


class SafetyPlanOutSerializer(serializers.Serializer[Any]):
    current_version = serializers.IntegerField(help_text="0 als er nog geen plan is.")
    versions = serializers.ListField(child=serializers.IntegerField())
    current = SafetyPlanVersionOutSerializer(allow_null=True)


@extend_schema(tags=["betrokkenheid"], parameters=[NUMBER])
class CaseSafetyPlan(APIView):
    permission_classes = [CanAssess]

    @extend_schema(
        summary="Veiligheidsvoorwaarden en veiligheidsplan",
        description="De huidige versie met al haar rijen, en de nummers van alle versies.",
        responses={200: SafetyPlanOutSerializer, **problems(401, 403, 404)},
    )
    def get(self, request: Request, number: str) -> Response:
        case = case_for_request(request, number)
        versions = selectors.safety_plan_versions(case=case)
        body = {
            "current_version": versions[0].number if versions else 0,
            "versions": [v.number for v in versions],
            "current": versions[0] if versions else None,
        }
        return Response(SafetyPlanOutSerializer(body).data)

    @extend_schema(
        summary="Nieuwe versie van het veiligheidsplan",
        description="De hele nieuwe inhoud (R-VV-2, R-OND-4): ten minste één voorwaarde (zin, "
        "voor wie, hoe gecontroleerd); elke actie met wie en uiterlijk wanneer. Een rij met de "
        "`key` van de huidige versie is dezelfde rij (gewijzigd of niet). Eerdere versies "
        "blijven. Gebaseerd op een oudere versie: 409 met `current_version`.",
        request=SafetyPlanInSerializer,
        responses={201: SafetyPlanVersionOutSerializer, **problems(400, 401, 403, 404, 409, 428)},
    )
    def post(self, request: Request, number: str) -> Response:
        data = _valid(SafetyPlanInSerializer, request)
        case = case_for_request(request, number)
        version = services.safety_plan_save(
            user=request_user(request),
            case=case,
            based_on=data["plan_version"],
            content=_content(data),
            note=data["note"],
            channel=Channel.API,
        )
        saved = selectors.safety_plan_version(case=case, number=version.number)
        return Response(SafetyPlanVersionOutSerializer(saved).data, status=201)


@extend_schema(tags=["betrokkenheid"], parameters=[NUMBER, VERSION_NUMBER])
class CaseSafetyPlanVersion(APIView):
    permission_classes = [CanAssess]

    @extend_schema(
        summary="Eén versie van het veiligheidsplan, met wat zij wijzigde",
        responses={200: SafetyPlanVersionOutSerializer, **problems(401, 403, 404)},
    )
    def get(self, request: Request, number: str, version: int) -> Response:
        case = case_for_request(request, number)
        found = selectors.safety_plan_version(case=case, number=version)
        return Response(SafetyPlanVersionOutSerializer(found).data)
