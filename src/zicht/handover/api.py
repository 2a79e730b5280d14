"""The handover API: a case's handovers (R-HO-3, R-HO-4), the partner system's confirmation
(R-HO-5), hand-back (R-HO-6) and disputes (R-HO-7). Same rules as the pages: staff see handovers
through cases in their scope (404 otherwise, logged), write with ASSESS_SAFETY and the case
`version`; a partner system sees and answers only handovers addressed to its own partner, and
reads their texts as the partner's link page shows them (R-PRIV-5: a reporter who became
anonymous since is withheld)."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zicht.accounts.api import CanAssess, PolicyPermission, request_user
from zicht.accounts.policy import Action, can
from zicht.audit.models import Channel
from zicht.cases.api import case_for_request
from zicht.core.api import VerifiedSessionAuthentication
from zicht.core.errors import NotFound
from zicht.core.problems import problems
from zicht.core.versions import VersionField
from zicht.handover import disputes, selectors, services
from zicht.handover.models import (
    Dispute,
    HandedBackBy,
    Handover,
    HandoverStatus,
    ResolutionHolder,
    StepLevel,
    StepOutcome,
)
from zicht.handover.warm import WarmMeeting
from zicht.organisation.models import PartnerAgency
from zicht.reports.api import PartnerTokenAuthentication

# --- permissions --------------------------------------------------------------------------------


class CanReadHandover(BasePermission):
    message = "Uw rol geeft geen toegang tot overdrachten."

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        return bool(user and user.is_authenticated) and (
            can(user, Action.VIEW_CLIENT_DATA) or can(user, Action.CONFIRM_HANDOVER)
        )


class CanConfirmHandover(PolicyPermission):
    read = (Action.CONFIRM_HANDOVER,)


# --- serializers --------------------------------------------------------------------------------

VERSION = VersionField(help_text="De versie van het dossier zoals u het het laatst ophaalde.")


def _text(max_length: int = 20000, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(
        max_length=max_length, allow_blank=True, required=False, default="", **kwargs
    )


class PartnerHandoverFilterSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(
        choices=HandoverStatus.choices,
        required=False,
        help_text="Alleen overdrachten in deze stand, bv. `sent` (nog te beantwoorden).",
        error_messages={
            "invalid_choice": "Onbekende stand {input}: kies sent, waiting_list, accepted of "
            "handed_back."
        },
    )


class PartnerHandoverRowSerializer(serializers.ModelSerializer[Handover]):
    case_number = serializers.CharField(source="case.number")
    status = serializers.CharField(
        help_text="sent, waiting_list, accepted of handed_back; `status_label` in woorden."
    )
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = Handover
        fields = ["id", "case_number", "status", "status_label", "sent_at", "accepted_at"]
        read_only_fields = fields


class PartnerOutSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    type = serializers.CharField()


class OpinionSerializer(serializers.Serializer[Any]):
    text = _text(help_text="De mening, het oordeel of de hypothese.")
    holder = _text(200, help_text="Van wie de mening is (naam en functie). Verplicht.")
    based_on = _text(help_text="Op welke feiten de mening berust. Verplicht.")


class HandoverOutSerializer(serializers.ModelSerializer[Handover]):
    case_number = serializers.CharField(source="case.number")
    partner = PartnerOutSerializer()
    status = serializers.CharField(
        help_text="sent, waiting_list, accepted of handed_back; `status_label` in woorden."
    )
    status_label = serializers.CharField(source="get_status_display")
    opinions = OpinionSerializer(many=True)
    handed_back_by = serializers.CharField(help_text="partner, household of leeg.")

    class Meta:
        model = Handover
        fields = [
            "id",
            "case_number",
            "partner",
            "status",
            "status_label",
            "facts",
            "safety_points",
            "opinions",
            "sent_at",
            "received_at",
            "waiting_list_at",
            "accepted_at",
            "answered_by_name",
            "handed_back_at",
            "handed_back_by",
            "hand_back_reason",
        ]
        read_only_fields = fields


class HandoverSentSerializer(HandoverOutSerializer):
    confirmation_url = serializers.CharField(
        help_text="De eenmalige bevestigingslink voor de ketenpartner. Alleen in dit antwoord: "
        "Zicht bewaart hem niet."
    )

    class Meta(HandoverOutSerializer.Meta):
        fields = [*HandoverOutSerializer.Meta.fields, "confirmation_url"]
        read_only_fields = fields


class HandoverInSerializer(serializers.Serializer[Any]):
    version = VERSION
    partner = serializers.PrimaryKeyRelatedField(
        queryset=PartnerAgency.objects.filter(active=True),
        help_text="De ketenpartner (id).",
        error_messages={"does_not_exist": "Er is geen actieve ketenpartner met id {pk_value}."},
    )
    facts = _text(help_text="De feiten; verplicht.")
    safety_points = _text()
    # many=True makes a ListSerializer, which takes max_length; the stubs type the child's call.
    opinions = OpinionSerializer(many=True, required=False, default=list, max_length=50)  # type: ignore[call-arg]


class WarmHandoverInSerializer(HandoverInSerializer):
    plan_version = VersionField(
        help_text="De versie van het veiligheidsplan die u overdraagt (de huidige); een "
        "nieuwere van een collega: 409."
    )
    meeting_on = serializers.DateField(allow_null=True, required=False, default=None)
    meeting_attendees = _text(help_text="Wie bij het overdrachtsgesprek waren; verplicht.")
    client_present = serializers.BooleanField(required=False, default=False)
    partner_professional = _text(200, help_text="De professional die overneemt; verplicht.")
    rationale = _text(help_text="De schriftelijke onderbouwing; verplicht.")
    monitoring_agreements = _text(help_text="De afspraken over monitoren; verplicht.")


class WarmHandoverOutSerializer(HandoverOutSerializer):
    plan_version = serializers.IntegerField(source="plan_version.number")
    confirmation_url = serializers.SerializerMethodField(
        help_text="De eenmalige bevestigingslink voor de ketenpartner. Alleen in dit antwoord: "
        "Zicht bewaart hem niet."
    )

    def get_confirmation_url(self, handover: Handover) -> str:
        return str(self.context.get("confirmation_url", ""))

    class Meta(HandoverOutSerializer.Meta):
        fields = [
            *HandoverOutSerializer.Meta.fields,
            "confirmation_url",
            "form",
            "meeting_on",
            "meeting_attendees",
            "client_present",
            "partner_professional",
            "rationale",
            "monitoring_agreements",
            "plan_version",
        ]
        read_only_fields = fields


class ConfirmationInSerializer(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(
        choices=[
            (services.Decision.ACCEPT, "Ontvangen en opgepakt"),
            (services.Decision.WAITING_LIST, "Ontvangen, wachtlijst (niet binnen 2 weken)"),
            (services.Decision.HAND_BACK, "Niet oppakken of terugleggen"),
        ]
    )
    name = _text(150, help_text="Naam en functie van wie antwoordt.")
    reason = _text(help_text="Verplicht bij terugleggen.")


class ConfirmationOutSerializer(HandoverOutSerializer):
    next_confirmation_url = serializers.CharField(
        help_text="Een nieuwe eenmalige link als er later nog een antwoord kan komen, anders leeg."
    )

    class Meta(HandoverOutSerializer.Meta):
        fields = [*HandoverOutSerializer.Meta.fields, "next_confirmation_url"]
        read_only_fields = fields


class HandBackInSerializer(serializers.Serializer[Any]):
    version = VERSION
    by = serializers.ChoiceField(choices=HandedBackBy.choices)
    reason = _text()


class StepSerializer(serializers.Serializer[Any]):
    level = serializers.ChoiceField(choices=StepLevel.choices)
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    held_on = serializers.DateField()
    participants = serializers.CharField()
    outcome = serializers.ChoiceField(choices=StepOutcome.choices)
    notes = serializers.CharField(allow_blank=True)


class DisputeOutSerializer(serializers.ModelSerializer[Dispute]):
    steps = StepSerializer(many=True)
    is_open = serializers.BooleanField()
    resolution = serializers.CharField(
        help_text="Na afronding: partner (ketenpartner weer verantwoordelijk) of vt; anders leeg."
    )

    class Meta:
        model = Dispute
        fields = [
            "id",
            "handover",
            "reason",
            "opened_at",
            "is_open",
            "steps",
            "resolved_at",
            "resolution",
            "resolution_note",
        ]
        read_only_fields = fields


class DisputeInSerializer(serializers.Serializer[Any]):
    version = VERSION
    handover = serializers.IntegerField(help_text="De overdracht (id) waarover het geschil gaat.")
    reason = _text()


class StepInSerializer(serializers.Serializer[Any]):
    version = VERSION
    level = serializers.ChoiceField(choices=StepLevel.choices)
    held_on = serializers.DateField()
    participants = _text()
    outcome = serializers.ChoiceField(choices=StepOutcome.choices)
    notes = _text()


class ResolutionInSerializer(serializers.Serializer[Any]):
    version = VERSION
    holder = serializers.ChoiceField(choices=ResolutionHolder.choices)
    note = _text()


# --- helpers ------------------------------------------------------------------------------------

NUMBER = OpenApiParameter(
    "number", OpenApiTypes.STR, OpenApiParameter.PATH, description="Dossiernummer, bv. 2026-000123"
)
ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Het id.")


def _valid(serializer_class: type[serializers.Serializer[Any]], request: Request) -> Any:
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return body.validated_data


def _link_base(request: Request) -> str:
    return request.build_absolute_uri("/overdracht/")


def _as_the_partner_reads_it(handover: Handover) -> dict[str, Any]:
    """A handover for the partner system: its texts as the partner's link page shows them."""
    facts, safety_points, opinions = selectors.partner_texts(handover)
    body = dict(HandoverOutSerializer(handover).data)
    return body | {"facts": facts, "safety_points": safety_points, "opinions": opinions}


# --- views --------------------------------------------------------------------------------------


@extend_schema(tags=["overdracht"], parameters=[NUMBER])
class CaseHandovers(APIView):
    permission_classes = [CanAssess]

    @extend_schema(
        summary="Overdrachten van een dossier",
        responses={200: HandoverOutSerializer(many=True), **problems(401, 403, 404)},
    )
    def get(self, request: Request, number: str) -> Response:
        case = case_for_request(request, number)
        return Response(HandoverOutSerializer(selectors.handovers_of(case=case), many=True).data)

    @extend_schema(
        summary="Overdracht aan een ketenpartner versturen",
        description="Koude overdracht (R-HO-3): feiten (verplicht) en meningen apart, elke "
        "mening met van wie en op welke feiten (R-HO-4). Zet de brief aan de ketenpartner klaar, "
        "start de termijnen ontvangstbevestiging (2 werkdagen) en start hulp (2 weken) en geeft "
        "eenmalig de bevestigingslink terug. Veilig Thuis blijft verantwoordelijk tot de "
        "ketenpartner de zaak oppakt (R-HO-1).",
        request=HandoverInSerializer,
        responses={201: HandoverSentSerializer, **problems(400, 401, 403, 404, 409, 428)},
    )
    def post(self, request: Request, number: str) -> Response:
        data = _valid(HandoverInSerializer, request)
        handover, link = services.handover_send(
            user=request_user(request),
            case=case_for_request(request, number),
            expected_version=data["version"],
            partner=data["partner"],
            facts=data["facts"],
            safety_points=data["safety_points"],
            opinions=[services.Opinion(**o) for o in data["opinions"]],
            link_base=_link_base(request),
            channel=Channel.API,
        )
        body = HandoverOutSerializer(handover).data | {"confirmation_url": link}
        return Response(body, status=201)


@extend_schema(tags=["overdracht"], parameters=[NUMBER])
class CaseWarmHandovers(APIView):
    permission_classes = [CanAssess]

    @extend_schema(
        summary="Warme overdracht na de betrokkenheid van Veilig Thuis",
        description="R-HO-3 warm, na voorwaarden en vervolg of onderzoek: het overdrachtsgesprek "
        "(datum, aanwezigen, bij voorkeur met de cliënt, de professional van de ketenpartner), "
        "een schriftelijke onderbouwing, de veiligheidsvoorwaarden (de huidige versie van het "
        "plan) en afspraken over monitoren; brieven aan de ketenpartner en het huishouden. Zonder "
        "gesprek of zonder voorwaarden: 400. De 10-wekentermijn is voldaan; Veilig Thuis blijft "
        "verantwoordelijk tot de ketenpartner bevestigt (R-HO-1), daarna volgt monitoren.",
        request=WarmHandoverInSerializer,
        responses={201: WarmHandoverOutSerializer, **problems(400, 401, 403, 404, 409, 428)},
    )
    def post(self, request: Request, number: str) -> Response:
        data = _valid(WarmHandoverInSerializer, request)
        handover, link = services.handover_send(
            user=request_user(request),
            case=case_for_request(request, number),
            expected_version=data["version"],
            partner=data["partner"],
            facts=data["facts"],
            safety_points=data["safety_points"],
            opinions=[services.Opinion(**o) for o in data["opinions"]],
            link_base=_link_base(request),
            warm=WarmMeeting(
                held_on=data["meeting_on"],
                attendees=data["meeting_attendees"],
                client_present=data["client_present"],
                partner_professional=data["partner_professional"],
                rationale=data["rationale"],
                monitoring_agreements=data["monitoring_agreements"],
                plan_number=data["plan_version"],
            ),
            channel=Channel.API,
        )
        body = WarmHandoverOutSerializer(handover, context={"confirmation_url": link}).data
        return Response(body, status=201)


@extend_schema(tags=["overdracht"])
class PartnerHandoverList(generics.ListAPIView[Handover]):
    authentication_classes = [PartnerTokenAuthentication]
    permission_classes = [CanConfirmHandover]
    serializer_class = PartnerHandoverRowSerializer

    def get_queryset(self) -> Any:
        query = PartnerHandoverFilterSerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.handovers_for_partner_system(
            user=request_user(self.request), status=query.validated_data.get("status", "")
        )

    @extend_schema(
        summary="Overdrachten aan uw organisatie (koppeling ketenpartner)",
        description="De overdrachten aan de ketenpartner van deze koppeling, nieuwste eerst, "
        "per 50 (links naar de andere pagina's in de header `Link`). Met `status=sent` de "
        "overdrachten die nog een ontvangstbevestiging nodig hebben. Elke getoonde overdracht "
        "komt in het toegangslog, op naam van de koppeling.",
        parameters=[PartnerHandoverFilterSerializer],
        responses={200: PartnerHandoverRowSerializer(many=True), **problems(400, 401, 403)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        assert page is not None  # noqa: S101  # pagination is on for every list
        selectors.handovers_shown_log(
            user=request_user(request), handovers=page, resource=request.path
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["overdracht"], parameters=[ID])
class HandoverDetail(APIView):
    authentication_classes = [PartnerTokenAuthentication, VerifiedSessionAuthentication]
    permission_classes = [CanReadHandover]

    @extend_schema(
        summary="Eén overdracht",
        description="Voor medewerkers binnen hun bereik; voor de koppeling van een ketenpartner "
        "alleen overdrachten aan die ketenpartner. Anders 404.",
        responses={200: HandoverOutSerializer, **problems(401, 403, 404)},
    )
    def get(self, request: Request, id: int) -> Response:
        user = request_user(request)
        if can(user, Action.VIEW_CLIENT_DATA):
            number = Handover.objects.filter(pk=id).values_list("case__number", flat=True).first()
            if number is None:
                raise NotFound
            handover = selectors.handover_of_case(
                case=case_for_request(request, number), handover_id=id
            )
        else:
            handover = selectors.handover_for_partner_system(
                user=user, handover_id=id, resource=request.path
            )
            return Response(_as_the_partner_reads_it(handover))
        return Response(HandoverOutSerializer(handover).data)


@extend_schema(tags=["overdracht"], parameters=[ID])
class HandoverConfirmation(APIView):
    authentication_classes = [PartnerTokenAuthentication]
    permission_classes = [CanConfirmHandover]

    @extend_schema(
        summary="Overdracht bevestigen (koppeling ketenpartner)",
        description="R-HO-5: `accepted` (ontvangen en opgepakt: de ketenpartner wordt "
        "verantwoordelijk), `waiting_list` (ontvangen, niet binnen 2 weken: Veilig Thuis blijft "
        "verantwoordelijk en informeert de gemeente) of `handed_back` (terugleggen, met reden: "
        "R-HO-6). Een overdracht die al is teruggelegd of al bevestigd is, kan niet (nog eens) "
        "bevestigd worden (409, `urn:zicht:probleem:bestaat-al`).",
        request=ConfirmationInSerializer,
        responses={200: ConfirmationOutSerializer, **problems(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, id: int) -> Response:
        user = request_user(request)
        handover = selectors.handover_for_partner_system(
            user=user, handover_id=id, resource=request.path
        )
        data = _valid(ConfirmationInSerializer, request)
        answer = services.handover_answer_by_system(
            user=user,
            handover=handover,
            decision=data["decision"],
            name=data["name"],
            reason=data["reason"],
            link_base=_link_base(request),
        )
        answer.handover.refresh_from_db()
        body = _as_the_partner_reads_it(answer.handover)
        return Response(body | {"next_confirmation_url": answer.next_link})


@extend_schema(tags=["overdracht"], parameters=[NUMBER, ID])
class HandoverHandBack(APIView):
    permission_classes = [CanAssess]

    @extend_schema(
        summary="Terugleggen vastleggen",
        description="R-HO-6: de ketenpartner of het huishouden legt de zaak terug; het dossier "
        "gaat terug naar de veiligheidsbeoordeling met Veilig Thuis verantwoordelijk.",
        request=HandBackInSerializer,
        responses={200: HandoverOutSerializer, **problems(400, 401, 403, 404, 409, 428)},
    )
    def post(self, request: Request, number: str, id: int) -> Response:
        data = _valid(HandBackInSerializer, request)
        case = case_for_request(request, number)
        handover = services.handover_hand_back(
            user=request_user(request),
            handover=selectors.handover_of_case(case=case, handover_id=id),
            by=data["by"],
            reason=data["reason"],
            expected_version=data["version"],
            channel=Channel.API,
        )
        handover.refresh_from_db()
        return Response(HandoverOutSerializer(handover).data)


@extend_schema(tags=["overdracht"], parameters=[NUMBER])
class CaseDisputes(APIView):
    permission_classes = [CanAssess]

    @extend_schema(
        summary="Geschillen van een dossier",
        responses={200: DisputeOutSerializer(many=True), **problems(401, 403, 404)},
    )
    def get(self, request: Request, number: str) -> Response:
        case = case_for_request(request, number)
        return Response(DisputeOutSerializer(selectors.disputes_of(case=case), many=True).data)

    @extend_schema(
        summary="Geschil openen",
        description="R-HO-7: over een opgepakte overdracht. Veilig Thuis wordt direct weer "
        "verantwoordelijk zolang het geschil loopt.",
        request=DisputeInSerializer,
        responses={201: DisputeOutSerializer, **problems(400, 401, 403, 404, 409, 428)},
    )
    def post(self, request: Request, number: str) -> Response:
        data = _valid(DisputeInSerializer, request)
        case = case_for_request(request, number)
        dispute = disputes.dispute_open(
            user=request_user(request),
            handover=selectors.handover_of_case(case=case, handover_id=data["handover"]),
            reason=data["reason"],
            expected_version=data["version"],
            channel=Channel.API,
        )
        return Response(DisputeOutSerializer(dispute).data, status=201)


@extend_schema(tags=["overdracht"], parameters=[NUMBER, ID])
class DisputeSteps(APIView):
    permission_classes = [CanAssess]

    @extend_schema(
        summary="Escalatiestap vastleggen",
        description="R-HO-7: 1 professionals, 2 teamleiders en gedragswetenschappers, 3 gemeente, "
        "4 regionale stuurgroep. Een stap volgt alleen op de vorige, niet opgeloste stap.",
        request=StepInSerializer,
        responses={201: DisputeOutSerializer, **problems(400, 401, 403, 404, 409, 428)},
    )
    def post(self, request: Request, number: str, id: int) -> Response:
        data = _valid(StepInSerializer, request)
        case = case_for_request(request, number)
        dispute = selectors.dispute_of_case(case=case, dispute_id=id)
        disputes.dispute_step_record(
            user=request_user(request),
            dispute=dispute,
            level=int(data["level"]),
            held_on=data["held_on"],
            participants=data["participants"],
            outcome=data["outcome"],
            notes=data["notes"],
            expected_version=data["version"],
            channel=Channel.API,
        )
        fresh = selectors.dispute_of_case(case=case, dispute_id=id)
        return Response(DisputeOutSerializer(fresh).data, status=201)


@extend_schema(tags=["overdracht"], parameters=[NUMBER, ID])
class DisputeResolution(APIView):
    permission_classes = [CanAssess]

    @extend_schema(
        summary="Geschil afronden",
        description="Legt vast wie daarna verantwoordelijk is: de ketenpartner weer, of Veilig "
        "Thuis.",
        request=ResolutionInSerializer,
        responses={200: DisputeOutSerializer, **problems(400, 401, 403, 404, 409, 428)},
    )
    def post(self, request: Request, number: str, id: int) -> Response:
        data = _valid(ResolutionInSerializer, request)
        case = case_for_request(request, number)
        dispute = disputes.dispute_resolve(
            user=request_user(request),
            dispute=selectors.dispute_of_case(case=case, dispute_id=id),
            holder=data["holder"],
            note=data["note"],
            expected_version=data["version"],
            channel=Channel.API,
        )
        return Response(DisputeOutSerializer(dispute).data)
