"""The investigation API (R-OND-1..5): the same services, rules and Dutch refusals as the pages.
Staff reach an investigation only through a case in their scope (404 otherwise, the read
logged, `case_for_request`); writes need ASSESS_SAFETY. A change of what exists carries the
version it was based on (428 without it, 409 when stale); adding a row (a conversation, a
network request, a notice) changes nothing anyone else wrote."""

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
from zicht.cases.models import Case
from zicht.core.adr import PartialDateField
from zicht.core.errors import NotFound
from zicht.core.problems import problems
from zicht.core.versions import VersionField
from zicht.handover.api import OpinionSerializer
from zicht.handover.services import Opinion
from zicht.investigation import services
from zicht.investigation.coverage import coverage
from zicht.investigation.models import (
    Conclusion,
    Ground,
    Investigation,
    NetworkKind,
    NetworkRequest,
    NoticeKind,
)
from zicht.investigation.selectors import investigation_current
from zicht.involvement.models import ContactHow
from zicht.involvement.services import ContactInput

VERSION = VersionField(help_text="De versie van het onderzoek zoals u het het laatst ophaalde.")
NUMBER = OpenApiParameter(
    "number", OpenApiTypes.STR, OpenApiParameter.PATH, description="Dossiernummer, bv. 2026-000123"
)
ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Het id.")


def _text(max_length: int = 20000, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(
        max_length=max_length, allow_blank=True, required=False, default="", **kwargs
    )


def _date(**kwargs: Any) -> serializers.DateField:
    return serializers.DateField(required=False, allow_null=True, default=None, **kwargs)


# --- serializers --------------------------------------------------------------------------------


class GroundSerializer(serializers.Serializer[Any]):
    ground = serializers.ChoiceField(choices=Ground.choices)
    explanation = _text(help_text="De toelichting voor dit huishouden; verplicht.")


class MemberCoverageSerializer(serializers.Serializer[Any]):
    member = serializers.IntegerField(source="member.pk", help_text="Lid van het huishouden (id).")
    name = serializers.CharField(source="member.person.full_name")
    birth_date = PartialDateField(source="member.person.birth_date_display")
    spoken_on = serializers.DateField(allow_null=True)
    seen_on = serializers.DateField(allow_null=True)
    skip_reason = serializers.CharField()
    covered = serializers.BooleanField(
        help_text="Gesproken, als kind jonger dan 6 gezien, of met een reden (R-OND-3)."
    )
    status = serializers.CharField(help_text="De stand in woorden.")


class NetworkRequestSerializer(serializers.ModelSerializer[NetworkRequest]):
    class Meta:
        model = NetworkRequest
        fields = ["id", "kind", "source", "asked_on", "question", "answer", "answered_on"]
        read_only_fields = fields


class NoticeSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="rvdk of police")
    made_on = serializers.DateField()
    grounds = serializers.CharField()
    college_informed_on = serializers.DateField(allow_null=True)
    college_letter = serializers.IntegerField(source="college_letter_id", allow_null=True)


class InvestigationOutSerializer(serializers.ModelSerializer[Investigation]):
    case_number = serializers.CharField(source="case.number")
    grounds = GroundSerializer(many=True)
    opinions = OpinionSerializer(many=True)
    network_requests = NetworkRequestSerializer(many=True)
    notices = NoticeSerializer(many=True)
    conclusion = serializers.CharField(
        help_text="confirmed, not_confirmed, refuted, closed_early of leeg (nog niet afgerond)."
    )

    class Meta:
        model = Investigation
        fields = [
            "id",
            "case_number",
            "version",
            "decided_on",
            "started_at",
            "grounds",
            "network_requests",
            "notices",
            "conclusion",
            "facts",
            "opinions",
            "next_steps",
            "concluded_at",
            "destruction_told_at",
        ]
        read_only_fields = fields


class InvestigationDetailSerializer(InvestigationOutSerializer):
    members = MemberCoverageSerializer(many=True, help_text="Ieder lid van het huishouden.")

    class Meta(InvestigationOutSerializer.Meta):
        fields = [*InvestigationOutSerializer.Meta.fields, "members"]
        read_only_fields = fields


class GroundsInSerializer(serializers.Serializer[Any]):
    grounds = GroundSerializer(many=True, max_length=len(Ground.values))  # type: ignore[call-arg]


class GroundsChangeSerializer(GroundsInSerializer):
    version = VERSION


class ContactSerializer(serializers.Serializer[Any]):
    member = serializers.IntegerField(help_text="Lid van het huishouden (id).")
    how = serializers.ChoiceField(choices=ContactHow.choices)


class ReasonSerializer(serializers.Serializer[Any]):
    member = serializers.IntegerField(help_text="Lid van het huishouden (id).")
    reason = _text(help_text="Waarom dit lid niet persoonlijk is gesproken.")


class ConversationInSerializer(serializers.Serializer[Any]):
    held_on = _date()
    summary = _text()
    contacts = ContactSerializer(many=True, max_length=50)  # type: ignore[call-arg]
    reasons = ReasonSerializer(many=True, required=False, default=list, max_length=50)  # type: ignore[call-arg]


class ConversationOutSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    held_on = serializers.DateField()
    summary = serializers.CharField()


class NetworkInSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=NetworkKind.choices)
    source = _text(200)  # type: ignore[assignment]  # a declared field, not Field.source
    asked_on = _date()
    question = _text()
    answer = _text()
    answered_on = _date()


class AnswerInSerializer(serializers.Serializer[Any]):
    answer = _text()
    answered_on = _date()


class NoticeInSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=NoticeKind.choices)
    made_on = _date()
    grounds = _text()
    inform_college = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Verplicht true bij een verzoek aan de Raad: het college wordt per brief "
        "geïnformeerd (Wmo 4.1.1 f).",
    )


class ConclusionInSerializer(serializers.Serializer[Any]):
    version = VERSION
    conclusion = serializers.ChoiceField(choices=Conclusion.choices)
    facts = _text(help_text="De feiten waarop de conclusie berust; verplicht.")
    next_steps = _text(help_text="Welke stappen volgen; verplicht.")
    opinions = OpinionSerializer(many=True, required=False, default=list, max_length=50)  # type: ignore[call-arg]


# --- helpers ------------------------------------------------------------------------------------


def _valid(serializer_class: type[serializers.Serializer[Any]], request: Request) -> Any:
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return body.validated_data


def _investigation(case: Case) -> Investigation:
    investigation = investigation_current(case=case)
    if investigation is None:
        raise NotFound("Voor dit dossier is nog geen onderzoek vastgelegd.")
    return investigation


def _detail(investigation: Investigation) -> dict[str, Any]:
    investigation = investigation_current(case=investigation.case) or investigation
    investigation.members = coverage(investigation)  # type: ignore[attr-defined]
    return dict(InvestigationDetailSerializer(investigation).data)


def _grounds(data: dict[str, Any]) -> list[services.GroundEntry]:
    return [services.GroundEntry(g["ground"], g["explanation"]) for g in data["grounds"]]


# --- views --------------------------------------------------------------------------------------


@extend_schema(tags=["onderzoek"], parameters=[NUMBER])
class CaseInvestigation(APIView):
    permission_classes = [CanAssess]

    @extend_schema(
        summary="Het onderzoek van een dossier",
        description="Het lopende (anders het laatste) onderzoek: redenen, ieder lid van het "
        "huishouden met de stand van de gesprekken (R-OND-3), netwerkinformatie, verzoeken aan "
        "de Raad en de politie (R-OND-5) en de conclusie met feiten en meningen apart.",
        responses={200: InvestigationDetailSerializer, **problems(401, 403, 404)},
    )
    def get(self, request: Request, number: str) -> Response:
        return Response(_detail(_investigation(case_for_request(request, number))))

    @extend_schema(
        summary="Onderzoek vastleggen met de reden(en)",
        description="R-OND-1: een of meer redenen, elk met toelichting. Alleen voor een dossier "
        "in de fase Onderzoek; een tweede lopend onderzoek is 409.",
        request=GroundsInSerializer,
        responses={201: InvestigationDetailSerializer, **problems(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, number: str) -> Response:
        data = _valid(GroundsInSerializer, request)
        investigation = services.investigation_grounds_save(
            user=request_user(request),
            case=case_for_request(request, number),
            grounds=_grounds(data),
            channel=Channel.API,
        )
        return Response(_detail(investigation), status=201)


@extend_schema(tags=["onderzoek"], parameters=[NUMBER])
class InvestigationGrounds(APIView):
    permission_classes = [CanAssess]

    @extend_schema(
        summary="Redenen van het onderzoek wijzigen",
        request=GroundsChangeSerializer,
        responses={200: InvestigationDetailSerializer, **problems(400, 401, 403, 404, 409, 428)},
    )
    def put(self, request: Request, number: str) -> Response:
        data = _valid(GroundsChangeSerializer, request)
        case = case_for_request(request, number)
        investigation = services.investigation_grounds_save(
            user=request_user(request),
            case=case,
            grounds=_grounds(data),
            investigation=_investigation(case),
            expected_version=data["version"],
            channel=Channel.API,
        )
        return Response(_detail(investigation))


@extend_schema(tags=["onderzoek"], parameters=[NUMBER])
class InvestigationConversations(APIView):
    permission_classes = [CanAssess]

    @extend_schema(
        summary="Gesprek van het onderzoek vastleggen",
        description="R-OND-3: per lid gesproken of alleen gezien. Wie alleen gezien is en 6 jaar "
        "of ouder kan zijn op de dag van het gesprek (ook bij een onvolledige geboortedatum), "
        "heeft een reden nodig (`reasons`), anders 400 met het veld `reason_<lid-id>`. Een reden "
        "voor een lid dat niet in het gesprek zit, legt vast waarom het niet gesproken wordt.",
        request=ConversationInSerializer,
        responses={201: ConversationOutSerializer, **problems(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, number: str) -> Response:
        data = _valid(ConversationInSerializer, request)
        case = case_for_request(request, number)
        conversation = services.investigation_conversation(
            user=request_user(request),
            case=case,
            investigation=_investigation(case),
            held_on=data["held_on"],
            summary=data["summary"],
            contacts=[ContactInput(how=c["how"], member_id=c["member"]) for c in data["contacts"]],
            reasons={r["member"]: r["reason"] for r in data["reasons"]},
            channel=Channel.API,
        )
        return Response(ConversationOutSerializer(conversation).data, status=201)


@extend_schema(tags=["onderzoek"], parameters=[NUMBER])
class InvestigationNetwork(APIView):
    permission_classes = [CanAssess]

    @extend_schema(
        summary="Informatie uit het netwerk vastleggen",
        description="R-OND-3: van wie, wanneer gevraagd, de vraag, en (nu of later) het antwoord.",
        request=NetworkInSerializer,
        responses={201: NetworkRequestSerializer, **problems(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, number: str) -> Response:
        data = _valid(NetworkInSerializer, request)
        case = case_for_request(request, number)
        asked = services.network_request_add(
            user=request_user(request),
            case=case,
            investigation=_investigation(case),
            channel=Channel.API,
            **data,
        )
        return Response(NetworkRequestSerializer(asked).data, status=201)


@extend_schema(tags=["onderzoek"], parameters=[NUMBER, ID])
class InvestigationNetworkAnswer(APIView):
    permission_classes = [CanAssess]

    @extend_schema(
        summary="Antwoord uit het netwerk vastleggen",
        description="Eenmalig: een vastgelegd antwoord wordt niet overschreven (409).",
        request=AnswerInSerializer,
        responses={200: NetworkRequestSerializer, **problems(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, number: str, id: int) -> Response:
        data = _valid(AnswerInSerializer, request)
        case = case_for_request(request, number)
        asked = NetworkRequest.objects.filter(investigation=_investigation(case), pk=id).first()
        if asked is None:
            raise NotFound
        asked = services.network_answer_record(
            user=request_user(request), case=case, request=asked, channel=Channel.API, **data
        )
        return Response(NetworkRequestSerializer(asked).data)


@extend_schema(tags=["onderzoek"], parameters=[NUMBER])
class InvestigationNotices(APIView):
    permission_classes = [CanAssess]

    @extend_schema(
        summary="Verzoek aan de Raad of de politie geïnformeerd vastleggen",
        description="R-OND-5: datum en gronden. Een verzoek aan de Raad kan alleen met "
        "`inform_college: true` (Wmo 4.1.1 f): de brief aan het college wordt klaargezet.",
        request=NoticeInSerializer,
        responses={201: NoticeSerializer, **problems(400, 401, 403, 404)},
    )
    def post(self, request: Request, number: str) -> Response:
        data = _valid(NoticeInSerializer, request)
        case = case_for_request(request, number)
        notice = services.notice_record(
            user=request_user(request),
            case=case,
            investigation=_investigation(case),
            channel=Channel.API,
            **data,
        )
        return Response(NoticeSerializer(notice).data, status=201)


@extend_schema(tags=["onderzoek"], parameters=[NUMBER])
class InvestigationConclusion(APIView):
    permission_classes = [CanAssess]

    @extend_schema(
        summary="Onderzoek afronden",
        description="R-OND-2: de conclusie (CBS-categorieën) met de feiten, meningen apart met "
        "van wie en op welke feiten (R-HO-4). Geweigerd (400, veld `conclusion`) zolang een lid "
        "van het huishouden geen gesprek en geen reden heeft (R-OND-3). Zet de brief aan het "
        "huishouden klaar; bij ‘weerlegd’ staat daarin dat het om vernietiging mag vragen "
        "(R-PRIV-4).",
        request=ConclusionInSerializer,
        responses={200: InvestigationDetailSerializer, **problems(400, 401, 403, 404, 409, 428)},
    )
    def post(self, request: Request, number: str) -> Response:
        data = _valid(ConclusionInSerializer, request)
        case = case_for_request(request, number)
        investigation = services.investigation_conclude(
            user=request_user(request),
            case=case,
            investigation=_investigation(case),
            expected_version=data["version"],
            conclusion=data["conclusion"],
            facts=data["facts"],
            next_steps=data["next_steps"],
            opinions=[Opinion(**o) for o in data["opinions"]],
            channel=Channel.API,
        )
        return Response(_detail(investigation))
