"""The informing API: per report of a case what the reporter and the household were told
(R-TRI-7, R-TRI-8), and recording each step. Same rules as the pages: the case is fetched scoped
and logged (404 out of scope), a stale `version` is 409, invalid input is problem+json naming the
field."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zicht.accounts.api import PolicyPermission
from zicht.accounts.models import User
from zicht.accounts.policy import Action
from zicht.audit.models import Channel
from zicht.cases.api import case_for_request
from zicht.cases.deadlines import Status
from zicht.cases.models import Case
from zicht.core.problems import problems
from zicht.core.versions import VersionField
from zicht.informing import selectors, services
from zicht.informing.models import ContactMethod, HouseholdMethod
from zicht.organisation.models import PartnerAgency
from zicht.reports.models import Report


class CanInform(PolicyPermission):
    """Reads with the client-data right; recording needs the right to assess safety."""

    write = (Action.ASSESS_SAFETY,)
    refusals = {Action.ASSESS_SAFETY: services.INFORM_REFUSED}


# --- answers ------------------------------------------------------------------------------------


class InformingDeadlineSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    started_on = serializers.DateField()
    due = serializers.DateField()
    met_at = serializers.DateTimeField(allow_null=True)
    lapsed_reason = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)


class ReporterSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(source="reporter_name")
    organisation = serializers.CharField(source="reporter_organisation")
    anonymous_to_household = serializers.BooleanField(
        help_text="VT kent de melder; het huishouden hoort niet wie meldde (R-REP-2)."
    )


class ContactAnswerSerializer(serializers.Serializer[Any]):
    contacted_at = serializers.DateTimeField()
    method = serializers.ChoiceField(choices=ContactMethod.choices)
    safety_judgement = serializers.CharField()
    information_shared = serializers.CharField()
    reporter_options = serializers.CharField()
    agreements = serializers.CharField()
    contacted_by = serializers.CharField(source="contacted_by.full_name")
    letter_id = serializers.IntegerField(allow_null=True)


class HouseholdAnswerSerializer(serializers.Serializer[Any]):
    informed_at = serializers.DateTimeField()
    means = serializers.ChoiceField(choices=HouseholdMethod.choices)
    plans = serializers.CharField()
    informed_by = serializers.CharField(source="informed_by.full_name")
    letter_ids = serializers.SerializerMethodField()

    def get_letter_ids(self, informing: Any) -> list[int]:
        return [letter.pk for letter in informing.letters.all()]


class UpdateAnswerSerializer(serializers.Serializer[Any]):
    informed_at = serializers.DateTimeField()
    method = serializers.ChoiceField(choices=ContactMethod.choices)
    handed_over_to = serializers.CharField()
    partner_ids = serializers.SerializerMethodField()
    informed_by = serializers.CharField(source="informed_by.full_name")
    letter_id = serializers.IntegerField(allow_null=True)

    def get_partner_ids(self, update: Any) -> list[int]:
        return [partner.pk for partner in update.partners.all()]


class ReportInformingSerializer(serializers.Serializer[Any]):
    report_id = serializers.IntegerField(source="report.pk")
    received_at = serializers.DateTimeField(source="report.received_at")
    reporter = ReporterSerializer(source="report")
    reporter_contact_deadline = InformingDeadlineSerializer(
        source="contact_deadline", allow_null=True
    )
    reporter_contact = ContactAnswerSerializer(source="contact", allow_null=True)
    household_informed = HouseholdAnswerSerializer(source="household", allow_null=True)
    reporter_update = UpdateAnswerSerializer(source="update", allow_null=True)


class CaseInformingSerializer(serializers.Serializer[Any]):
    number = serializers.CharField()
    version = serializers.IntegerField()
    reporter_contact_deadline = InformingDeadlineSerializer(allow_null=True)
    reporter_update_deadline = InformingDeadlineSerializer(allow_null=True)
    reports = ReportInformingSerializer(many=True)


def _answer(case: Case) -> dict[str, Any]:
    case.refresh_from_db(fields=["version"])
    informing = selectors.informing_for_case(case=case)
    return dict(
        CaseInformingSerializer(
            {
                "number": case.number,
                "version": case.version,
                "reporter_contact_deadline": informing.contact_deadline,
                "reporter_update_deadline": informing.update_deadline,
                "reports": informing.reports,
            }
        ).data
    )


# --- requests -----------------------------------------------------------------------------------


class _Versioned(serializers.Serializer[Any]):
    report = serializers.IntegerField(help_text="Het id van de melding in dit dossier.")
    version = VersionField(help_text="De versie van het dossier zoals u het het laatst ophaalde.")


class ReporterContactInSerializer(_Versioned):
    contacted_at = serializers.DateTimeField()
    method = serializers.ChoiceField(choices=ContactMethod.choices)
    safety_judgement = serializers.CharField(max_length=4000)
    information_shared = serializers.CharField(
        max_length=4000,
        help_text="Alleen wat de melder nodig heeft voor de eigen taak (R-PRIV-2); nooit een BSN.",
    )
    reporter_options = serializers.CharField(max_length=4000)
    agreements = serializers.CharField(max_length=4000)
    send_letter = serializers.BooleanField(default=False)


class HouseholdInformedInSerializer(_Versioned):
    informed_at = serializers.DateTimeField()
    means = serializers.ChoiceField(
        choices=HouseholdMethod.choices,
        help_text="Bij `short_letter` krijgt elk bekend adres van een volwassene één brief, aan de "
        "volwassenen die er wonen.",
    )
    plans = serializers.CharField(max_length=4000)


class ReporterUpdateInSerializer(_Versioned):
    informed_at = serializers.DateTimeField()
    method = serializers.ChoiceField(choices=ContactMethod.choices)
    handed_over_to = serializers.CharField(max_length=4000)
    partners = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=PartnerAgency.objects.filter(active=True)
    )
    send_letter = serializers.BooleanField(default=False)


NUMBER = OpenApiParameter(
    "number", OpenApiTypes.STR, OpenApiParameter.PATH, description="Dossiernummer, bv. 2026-000123"
)


def _report(case: Case, report_id: int) -> Report:
    report = selectors.report_of_case(case=case, report_id=report_id)
    if report is None:
        raise serializers.ValidationError({"report": ["Deze melding hoort niet bij dit dossier."]})
    return report


@extend_schema(tags=["informeren"], parameters=[NUMBER])
class CaseInforming(APIView):
    permission_classes = [CanInform]

    @extend_schema(
        summary="Informeren van melder en huishouden",
        description="Per melding van het dossier: het contact met de melder (R-TRI-7), het "
        "informeren van het huishouden (R-TRI-7) en de terugkoppeling over de overdracht "
        "(R-TRI-8), met de termijnen.",
        responses={200: CaseInformingSerializer, **problems(401, 403, 404)},
    )
    def get(self, request: Request, number: str) -> Response:
        return Response(_answer(case_for_request(request, number)))


class _Record(APIView):
    permission_classes = [CanInform]
    body: type[_Versioned]

    def record(self, user: User, report: Report, version: int, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def post(self, request: Request, number: str) -> Response:
        case = case_for_request(request, number)
        body = self.body(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        report = _report(case, data.pop("report"))
        self.record(request.user, report, data.pop("version"), data)  # type: ignore[arg-type]
        return Response(_answer(case), status=201)


_WRITE_DOC = (
    " Stuur de `version` mee die u ophaalde: heeft iemand het dossier intussen gewijzigd, dan "
    "wordt niets opgeslagen en is het antwoord 409 (`urn:zicht:probleem:verouderde-versie`)."
)


@extend_schema(tags=["informeren"], parameters=[NUMBER])
class ReporterContacts(_Record):
    body = ReporterContactInSerializer

    def record(self, user: User, report: Report, version: int, data: dict[str, Any]) -> None:
        services.reporter_contact_record(
            user=user, report=report, expected_version=version, channel=Channel.API, **data
        )

    @extend_schema(
        summary="Contact met de melder vastleggen",
        description="Legt het contact met de melder vast en voldoet aan de termijn van 5 "
        "werkdagen (R-TRI-7). Een tekst met een BSN wordt geweigerd (R-PRIV-2)." + _WRITE_DOC,
        request=ReporterContactInSerializer,
        responses={201: CaseInformingSerializer, **problems(400, 401, 403, 404, 409, 428)},
    )
    def post(self, request: Request, number: str) -> Response:
        return super().post(request, number)


@extend_schema(tags=["informeren"], parameters=[NUMBER])
class HouseholdInformed(_Record):
    body = HouseholdInformedInSerializer

    def record(self, user: User, report: Report, version: int, data: dict[str, Any]) -> None:
        services.household_inform_record(
            user=user, report=report, expected_version=version, channel=Channel.API, **data
        )

    @extend_schema(
        summary="Informeren van het huishouden vastleggen",
        description="Pas na het contact met de melder (R-TRI-7). Een brief noemt een melder die "
        "anoniem blijft niet (R-REP-2)." + _WRITE_DOC,
        request=HouseholdInformedInSerializer,
        responses={201: CaseInformingSerializer, **problems(400, 401, 403, 404, 409, 428)},
    )
    def post(self, request: Request, number: str) -> Response:
        return super().post(request, number)


@extend_schema(tags=["informeren"], parameters=[NUMBER])
class ReporterUpdates(_Record):
    body = ReporterUpdateInSerializer

    def record(self, user: User, report: Report, version: int, data: dict[str, Any]) -> None:
        services.reporter_update_record(
            user=user, report=report, expected_version=version, channel=Channel.API, **data
        )

    @extend_schema(
        summary="Terugkoppeling aan de melder vastleggen",
        description="Vertelt de melder aan welke ketenpartner(s) het dossier is overgedragen en "
        "voldoet aan de termijn van 10 weken na de beoordeling (R-TRI-8)." + _WRITE_DOC,
        request=ReporterUpdateInSerializer,
        responses={201: CaseInformingSerializer, **problems(400, 401, 403, 404, 409, 428)},
    )
    def post(self, request: Request, number: str) -> Response:
        return super().post(request, number)
