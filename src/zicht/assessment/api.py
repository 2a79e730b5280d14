"""The assessment API: read and save the current assessment, submit it, confirm it. Same rules,
scoping (404 out of scope) and access logging as the pages; errors as problem+json."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zicht.accounts.api import CanAssess, PolicyPermission, request_user
from zicht.accounts.policy import Action
from zicht.assessment import selectors, services
from zicht.assessment.models import Assessment, ConfirmerRole, CrisisAction, Outcome, Status
from zicht.assessment.services import AssessmentContent
from zicht.audit.models import Channel
from zicht.cases.api import case_for_request
from zicht.core.problems import problems
from zicht.core.validation import accepted_values, refuse_all
from zicht.core.versions import VersionField

NUMBER = OpenApiParameter(
    "number", OpenApiTypes.STR, OpenApiParameter.PATH, description="Dossiernummer, bv. 2026-000123"
)


def _values(choices: list[tuple[str, str]]) -> str:
    return "Een van: " + "; ".join(f"`{value}` ({label})" for value, label in choices) + "."


class AssessmentSerializer(serializers.ModelSerializer[Assessment]):
    author = serializers.CharField(source="author.full_name")
    confirmed_by = serializers.CharField(source="confirmed_by.full_name", allow_null=True)
    stay_reasons = serializers.ListField(child=serializers.CharField())
    # Plain strings with their values named, not enums: other apps have fields of these names
    # with other choices, and one OpenAPI enum name per field name keeps the document stable.
    status = serializers.CharField(help_text=_values(Status.choices))
    outcome = serializers.CharField(help_text=_values(Outcome.choices))
    crisis_action = serializers.CharField(help_text=_values(CrisisAction.choices))
    confirmer_role = serializers.CharField(help_text=_values(ConfirmerRole.choices))

    class Meta:
        model = Assessment
        fields = [
            "id",
            "status",
            "version",
            "author",
            "created_at",
            "updated_at",
            *AssessmentContent.names(),
            "crisis_recorded_at",
            "stay_reasons",
            "submitted_at",
            "return_comment",
            "confirmed_by",
            "confirmed_at",
            "confirmer_role",
        ]
        read_only_fields = fields


def _text() -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class AssessmentWriteSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="De versie van de beoordeling zoals u die ophaalde; leeg alleen voor een "
        "nieuwe. Is er al een concept, dan is het antwoord zonder versie 428.",
    )
    own_history_summary = _text()
    other_vt_asked_on = serializers.DateField(required=False, allow_null=True, default=None)
    other_vt_question = _text()
    other_vt_findings = _text()
    rvdk_asked_on = serializers.DateField(required=False, allow_null=True, default=None)
    rvdk_request = _text()
    rvdk_answer = _text()
    screening_a = serializers.BooleanField(required=False, allow_null=True, default=None)
    screening_a_grounds = _text()
    screening_b = serializers.BooleanField(required=False, allow_null=True, default=None)
    screening_b_grounds = _text()
    screening_c = serializers.BooleanField(required=False, allow_null=True, default=None)
    screening_c_grounds = _text()
    crisis_needed = serializers.BooleanField(required=False, default=False)
    crisis_action = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=20,
        default="",
        help_text=_values(CrisisAction.choices) + " Leeg: nog geen actie.",
    )
    crisis_description = _text()
    stay_direct_intervention = serializers.BooleanField(required=False, default=False)
    stay_short_term_agreements = serializers.BooleanField(required=False, default=False)
    stay_information_insufficient = serializers.BooleanField(required=False, default=False)
    stay_anonymity_promised = serializers.BooleanField(required=False, default=False)
    stay_rvdk_investigation = serializers.BooleanField(required=False, default=False)
    outcome = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=20,
        default="",
        help_text=_values(Outcome.choices) + " Leeg: nog geen besluit.",
    )
    rationale = _text()
    findings = _text()
    safety_agreements = _text()
    help_agency = _text()


class SubmitSerializer(serializers.Serializer[Any]):
    version = VersionField(min_value=0, help_text="De versie van de beoordeling.")


class ConfirmSerializer(serializers.Serializer[Any]):
    version = VersionField(min_value=0, help_text="De versie van de beoordeling.")
    case_version = VersionField(min_value=0, help_text="De versie van het dossier dat u zag.")


class CanConfirm(PolicyPermission):
    read = (Action.VIEW_CLIENT_DATA, Action.CONFIRM_ASSESSMENT)


@extend_schema(tags=["veiligheidsbeoordeling"], parameters=[NUMBER])
class AssessmentDetail(APIView):
    permission_classes = [CanAssess]

    @extend_schema(
        summary="Huidige veiligheidsbeoordeling",
        description="De nieuwste beoordeling van het dossier (concept, aangeboden of bevestigd).",
        responses={200: AssessmentSerializer, **problems(401, 403, 404)},
    )
    def get(self, request: Request, number: str) -> Response:
        current = selectors.assessment_current_required(case=case_for_request(request, number))
        return Response(AssessmentSerializer(current).data)

    @extend_schema(
        summary="Concept opslaan",
        description="Slaat het concept op (of begint een nieuwe beoordeling als er geen in "
        "behandeling is). Stuur `version` mee; is de beoordeling intussen gewijzigd, of heeft een "
        "collega intussen een beoordeling begonnen (u stuurde geen `version`), dan is het "
        "antwoord 409 met `current_version` en de naam van de collega.",
        request=AssessmentWriteSerializer,
        responses={200: AssessmentSerializer, **problems(400, 401, 403, 404, 409, 428)},
    )
    def put(self, request: Request, number: str) -> Response:
        case = case_for_request(request, number)
        body = AssessmentWriteSerializer(data=request.data)
        if not body.is_valid():  # with the draft's own rules on the rest: every error at once
            content = AssessmentContent.of(accepted_values(body))
            problems = services.assessment_problems(
                case=case, content=content, draft=None, submit=False
            )
            raise refuse_all(body, problems)
        current = selectors.assessment_current(case=case)
        draft = current if current is not None and current.status != Status.CONFIRMED else None
        saved = services.assessment_save(
            user=request_user(request),
            case=case,
            content=AssessmentContent.of(dict(body.validated_data)),
            expected_version=body.validated_data["version"],
            assessment=draft,
            channel=Channel.API,
        )
        return Response(AssessmentSerializer(saved).data)


@extend_schema(tags=["veiligheidsbeoordeling"], parameters=[NUMBER])
class AssessmentSubmit(APIView):
    permission_classes = [CanAssess]

    @extend_schema(
        summary="Ter bevestiging aanbieden",
        description="De auteur biedt het besluit aan; ontbreekt er iets, dan noemt het antwoord "
        "(400) elk veld in `invalid_params`.",
        request=SubmitSerializer,
        responses={200: AssessmentSerializer, **problems(400, 401, 403, 404, 409, 428)},
    )
    def post(self, request: Request, number: str) -> Response:
        case = case_for_request(request, number)
        body = SubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        current = selectors.assessment_current_required(case=case)
        saved = services.assessment_submit(
            user=request_user(request),
            assessment=current,
            expected_version=body.validated_data["version"],
            channel=Channel.API,
        )
        return Response(AssessmentSerializer(saved).data)


@extend_schema(tags=["veiligheidsbeoordeling"], parameters=[NUMBER])
class AssessmentConfirm(APIView):
    permission_classes = [CanConfirm]

    @extend_schema(
        summary="Bevestigen door een tweede persoon",
        description="Een ander dan de auteur bevestigt (R-TRI-4); het besluit wordt direct "
        "uitgevoerd. `case_version` is de versie van het dossier die u zag: is het dossier "
        "intussen gewijzigd, dan is het antwoord 409.",
        request=ConfirmSerializer,
        responses={200: AssessmentSerializer, **problems(400, 401, 403, 404, 409, 428)},
    )
    def post(self, request: Request, number: str) -> Response:
        case = case_for_request(request, number)
        body = ConfirmSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        current = selectors.assessment_current_required(case=case)
        saved = services.assessment_confirm(
            user=request_user(request),
            assessment=current,
            expected_version=body.validated_data["version"],
            case_version=body.validated_data["case_version"],
            channel=Channel.API,
        )
        return Response(AssessmentSerializer(saved).data)
