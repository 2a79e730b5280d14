"""The cases API: scoped lists, one case, its phase transitions, timeline, deadlines and the
responsibility ledger. Every answer with case data writes the access log (R-PRIV-3): one case
through `selectors.case_get_for_user`, a list with one entry per case shown."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_field,
)
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from zicht.accounts.api import request_user
from zicht.audit.models import Channel
from zicht.cases import selectors, services
from zicht.cases.deadlines import DEADLINE_KINDS, Status, label_of
from zicht.cases.models import Case, Deadline, ResponsibilityPeriod, TimelineEvent
from zicht.cases.workflow import Phase, transitions_for
from zicht.core.problems import problem_response, problems
from zicht.core.versions import VersionField

# --- serializers --------------------------------------------------------------------------------


# A related object by id and name (team, worker, municipality, household).
class NamedSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")


class PartnerSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    type = serializers.CharField(help_text="Soort ketenpartner.")


class CaseSerializer(serializers.ModelSerializer[Case]):
    phase_label = serializers.CharField(source="get_phase_display")
    household = NamedSerializer()
    team = NamedSerializer()
    worker = NamedSerializer(allow_null=True)
    municipality = NamedSerializer(allow_null=True)

    class Meta:
        model = Case
        fields = [
            "number",
            "phase",
            "phase_label",
            "version",
            "household",
            "team",
            "worker",
            "municipality",
            "opened_at",
            "closed_at",
        ]
        read_only_fields = fields


class TransitionOptionSerializer(serializers.Serializer[Any]):
    target = serializers.ChoiceField(choices=Phase.choices)
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label


class CaseDetailSerializer(CaseSerializer):
    allowed_transitions = serializers.SerializerMethodField(
        help_text="De faseovergangen die u nu mag maken."
    )

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "allowed_transitions"]
        read_only_fields = fields

    @extend_schema_field(TransitionOptionSerializer(many=True))
    def get_allowed_transitions(self, case: Case) -> list[dict[str, str]]:
        user = self.context["request"].user
        return [
            {"target": t.target.value, "label": t.label} for t in transitions_for(user, case.phase)
        ]


class TransitionSerializer(serializers.Serializer[Any]):
    target = serializers.ChoiceField(choices=Phase.choices, help_text="De nieuwe fase.")
    version = VersionField(help_text="De versie van het dossier zoals u het het laatst ophaalde.")
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, default="", help_text="Toelichting."
    )


class TimelineEventSerializer(serializers.ModelSerializer[TimelineEvent]):
    actor = NamedSerializer(allow_null=True)

    class Meta:
        model = TimelineEvent
        fields = ["id", "at", "kind", "summary", "actor"]
        read_only_fields = fields


class DeadlineSerializer(serializers.ModelSerializer[Deadline]):
    label = serializers.SerializerMethodField()  # type: ignore[assignment]  # as above
    rule_id = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=Status.choices, read_only=True)
    status_label = serializers.SerializerMethodField()

    class Meta:
        model = Deadline
        fields = [
            "id",
            "kind",
            "label",
            "rule_id",
            "started_on",
            "due",
            "subject",
            "met_at",
            "lapsed_reason",
            "status",
            "status_label",
        ]
        read_only_fields = fields

    def get_label(self, deadline: Deadline) -> str:
        return label_of(deadline.kind)

    def get_rule_id(self, deadline: Deadline) -> str:
        kind = DEADLINE_KINDS.get(deadline.kind)
        return kind.rule_id if kind else ""

    def get_status_label(self, deadline: Deadline) -> str:
        return deadline.status_label


class ResponsibilityPeriodSerializer(serializers.ModelSerializer[ResponsibilityPeriod]):
    holder_type_label = serializers.CharField(source="get_holder_type_display")
    holder = serializers.CharField(source="holder_label", help_text="Wie, in woorden.")
    team = NamedSerializer(allow_null=True)
    worker = NamedSerializer(allow_null=True)
    partner = PartnerSerializer(allow_null=True)

    class Meta:
        model = ResponsibilityPeriod
        fields = [
            "id",
            "holder_type",
            "holder_type_label",
            "holder",
            "team",
            "worker",
            "partner",
            "started_at",
            "ended_at",
            "reason",
        ]
        read_only_fields = fields


# The ledger as a page (without `at`), for the OpenAPI document.
class ResponsibilityPageSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ResponsibilityPeriodSerializer(many=True)


class CaseFilterSerializer(serializers.Serializer[Any]):
    phase = serializers.ChoiceField(
        choices=Phase.choices,
        required=False,
        allow_blank=True,
        help_text="Alleen dossiers in deze fase.",
    )


class TimelineFilterSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField(
        required=False, allow_blank=True, max_length=40, help_text="Alleen stappen van deze soort."
    )


class MomentSerializer(serializers.Serializer[Any]):
    at = serializers.DateTimeField(required=False, help_text="Het moment (ISO 8601).")


def _query(serializer_class: type[serializers.Serializer[Any]], request: Request) -> dict[str, Any]:
    """Validated query parameters; an invalid one answers 400 with the parameter named."""
    params = {key: value for key, value in request.query_params.items() if key != "page"}
    if params.get("at"):  # a "+" of a UTC offset arrives as a space when not percent-encoded
        params["at"] = str(params["at"]).replace(" ", "+")
    query = serializer_class(data=params)
    query.is_valid(raise_exception=True)
    return dict(query.validated_data)


# --- views --------------------------------------------------------------------------------------

NUMBER = OpenApiParameter(
    "number", OpenApiTypes.STR, OpenApiParameter.PATH, description="Dossiernummer, bv. 2026-000123"
)


def case_for_request(request: Request, number: str) -> Case:
    """The case if the API user may see it (404 otherwise, as for an unknown number); the read
    is logged. Every API view under /cases/<number> starts here."""
    return selectors.case_get_for_user(
        user=request_user(request), number=number, channel=Channel.API, resource=request.path
    )


@extend_schema(tags=["dossiers"])
class CaseList(generics.ListAPIView[Case]):
    # The cases the user may see: their teams' and their own, newest first.
    serializer_class = CaseSerializer

    def get_queryset(self) -> QuerySet[Case]:
        query = _query(CaseFilterSerializer, self.request)
        cases = selectors.cases_visible_to(user=request_user(self.request)).select_related(
            "household", "municipality"
        )
        return cases.filter(phase=query["phase"]) if query.get("phase") else cases

    @extend_schema(
        summary="Dossiers",
        description="De dossiers die u mag zien (van uw teams en aan u toegewezen), nieuwste "
        "eerst. Elk getoond dossier komt in het toegangslog.",
        parameters=[CaseFilterSerializer],
        responses={200: CaseSerializer(many=True), **problems(400, 401, 403, 404)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        assert page is not None  # noqa: S101  # pagination is on for every list
        # The list shows each household's name: a read of each of its members (issue 17.5).
        selectors.cases_shown_log(
            user=request_user(request),
            cases=page,
            channel=Channel.API,
            resource=request.path,
            detail="dossierlijst",
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["dossiers"], parameters=[NUMBER])
class CaseDetail(generics.GenericAPIView[Case]):
    serializer_class = CaseDetailSerializer

    @extend_schema(
        summary="Eén dossier",
        description="Een dossier buiten uw bereik geeft hetzelfde antwoord als een onbekend "
        "nummer: 404.",
        responses={200: CaseDetailSerializer, **problems(401, 403, 404)},
    )
    def get(self, request: Request, number: str) -> Response:
        return Response(self.get_serializer(case_for_request(request, number)).data)


@extend_schema(tags=["dossiers"], parameters=[NUMBER])
class CaseTransition(generics.GenericAPIView[Case]):
    # Moves the case to another phase, as the workflow allows (DOMAIN §4).
    serializer_class = TransitionSerializer

    @extend_schema(
        summary="Faseovergang",
        description="Zet het dossier in een andere fase, zoals de werkwijze dat toestaat. Stuur "
        "de `version` mee die u ophaalde: heeft iemand het dossier intussen gewijzigd, dan wordt "
        "niets opgeslagen en is het antwoord 409 (`urn:zicht:probleem:verouderde-versie`, met "
        "`current_version`). Een overgang die de werkwijze of uw rol niet toestaat is ook 409 "
        "(`urn:zicht:probleem:overgang-geweigerd`): die hangt af van de huidige fase.",
        request=TransitionSerializer,
        responses={200: CaseDetailSerializer, **problems(400, 401, 403, 404, 409, 428)},
    )
    def post(self, request: Request, number: str) -> Response:
        body = TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        case = services.case_transition(
            user=request_user(request),
            case=case_for_request(request, number),
            target=Phase(body.validated_data["target"]),
            expected_version=body.validated_data["version"],
            reason=body.validated_data["reason"],
            channel=Channel.API,
        )
        return Response(CaseDetailSerializer(case, context=self.get_serializer_context()).data)


@extend_schema(tags=["dossiers"], parameters=[NUMBER])
class CaseTimeline(generics.ListAPIView[TimelineEvent]):
    # Every step on the case, newest first; `kind` filters on one kind of step.
    serializer_class = TimelineEventSerializer

    def get_queryset(self) -> QuerySet[TimelineEvent]:
        query = _query(TimelineFilterSerializer, self.request)
        return selectors.timeline(
            case=case_for_request(self.request, self.kwargs["number"]), kind=query.get("kind", "")
        )

    @extend_schema(
        summary="Tijdlijn",
        description="Elke stap in het dossier, nieuwste eerst; `kind` toont één soort stap.",
        parameters=[TimelineFilterSerializer],
        responses={200: TimelineEventSerializer(many=True), **problems(400, 401, 403, 404)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


@extend_schema(tags=["dossiers"], parameters=[NUMBER])
class CaseDeadlines(generics.ListAPIView[Deadline]):
    # The statutory deadlines of the case with their status (R-DL-3): open ones first.
    serializer_class = DeadlineSerializer

    def get_queryset(self) -> QuerySet[Deadline]:
        return selectors.case_deadlines(case=case_for_request(self.request, self.kwargs["number"]))

    @extend_schema(
        summary="Termijnen",
        description="De wettelijke termijnen van het dossier met hun stand: voldaan, te laat, "
        "vandaag of op tijd.",
        responses={200: DeadlineSerializer(many=True), **problems(401, 403, 404)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


PAGE = OpenApiParameter(
    "page", OpenApiTypes.INT, OpenApiParameter.QUERY, description="Paginanummer (zonder `at`)."
)


@extend_schema(tags=["dossiers"], parameters=[NUMBER])
class CaseResponsibility(generics.GenericAPIView[ResponsibilityPeriod]):
    # Who held responsibility for safety, and when (R-ZOV-1).
    serializer_class = ResponsibilityPeriodSerializer

    @extend_schema(
        summary="Verantwoordelijkheid voor veiligheid",
        description="Wie verantwoordelijk was voor de veiligheid, en wanneer. Zonder `at`: alle "
        "perioden, nieuwste eerst, als pagina. Met `at` (ISO 8601, bv. "
        "`2026-05-01T14:30:00+02:00`; zonder tijdzone geldt Nederlandse tijd): de ene periode "
        "die op dat moment liep, of 404 als het dossier toen nog niet bestond.",
        parameters=[MomentSerializer, PAGE],
        responses={
            200: PolymorphicProxySerializer(
                component_name="ResponsibilityAnswer",
                serializers=[ResponsibilityPageSerializer, ResponsibilityPeriodSerializer],
                resource_type_field_name=None,
            ),
            **problems(400, 401, 403, 404),
        },
    )
    def get(self, request: Request, number: str) -> Response:
        moment = _query(MomentSerializer, request).get("at")
        case = case_for_request(request, number)
        if moment is None:
            page = self.paginate_queryset(selectors.responsibility_ledger(case=case))
            return self.get_paginated_response(self.get_serializer(page, many=True).data)
        period = selectors.responsible_at(case=case, moment=moment)
        if period is None:
            return problem_response(
                status=404,
                detail=(
                    f"Op dat moment was er voor dossier {case.number} geen verantwoordelijke: "
                    "het dossier was toen nog niet geopend."
                ),
                instance=request.path,
            )
        return Response(self.get_serializer(period).data)
