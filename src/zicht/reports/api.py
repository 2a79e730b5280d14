"""`POST /api/v1/reports`: reports delivered by partner systems (police, justice) and by staff.

Every report is taken in (R-REP-1), in one transaction: the persons are searched before they are
registered (R-REP-5), then `report_register` opens or joins the case with VT responsible
(R-REP-3). A retry with the same `Idempotency-Key` replays the first answer and creates nothing;
a partner system must send one. The answer names persons by number only, never with a BSN.
"""

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any, cast

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zicht.accounts.api import ApiTokenAuthentication
from zicht.accounts.models import ApiToken, Team, User
from zicht.accounts.policy import Action, can
from zicht.audit.models import AccessEvent, Channel
from zicht.audit.services import access_log_record
from zicht.cases.models import Case
from zicht.core.api import VerifiedSessionAuthentication
from zicht.core.models import IdempotencyRecord
from zicht.core.problems import PROBLEM_CONTENT_TYPE, ProblemSerializer, problem_response, problems
from zicht.core.validation import accepted_values
from zicht.organisation.models import Municipality
from zicht.people.bsn import is_valid_bsn, normalise_bsn
from zicht.people.forms import BSN_INVALID
from zicht.people.models import HouseholdRole, Sex
from zicht.reports import sources
from zicht.reports.intake import (
    Address,
    AlreadyTakenIn,
    IntakeResult,
    PersonIn,
    ReportIn,
    report_intake,
)
from zicht.reports.models import (
    CallerKind,
    ContactChannel,
    PartnerSystemAccount,
    ViolenceDuration,
    ViolenceType,
)
from zicht.reports.services import Reporter, report_problems_of_accepted

MAX_PERSONS = 20
IDEMPOTENCY_HEADER = "Idempotency-Key"
# The service's field names, as the body names them.
SERVICE_FIELDS = {
    "caller_kind": "reporter.kind",
    "reporter_name": "reporter.name",
    "reporter_phone": "reporter.phone",
    "sector": "reporter.sector",
    "advies": "advice",
}

# --- authentication and permission --------------------------------------------------------------


class PartnerTokenAuthentication(ApiTokenAuthentication):
    """The API token, refused (401) for a partner system whose account is missing or inactive."""

    def token_queryset(self) -> "QuerySet[ApiToken]":
        # The partner account is read in the same query as the token.
        return super().token_queryset().select_related("user__partner_system__default_team")

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        try:
            account = user.partner_system
        except ObjectDoesNotExist:
            account = None
        user.partner_account = account  # kept for the view
        if account is not None and not account.active:
            raise exceptions.AuthenticationFailed("Deze koppeling met een ketenpartner is uit.")
        if account is None and can(user, Action.SUBMIT_REPORT):
            raise exceptions.AuthenticationFailed("Dit token hoort bij geen koppeling.")
        return user, token


class PartnerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "zicht.reports.api.PartnerTokenAuthentication"
    name = "koppelingToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "‘Token …’: het token van een koppeling met een ketenpartner (of "
            "van een medewerker). Een token van een uitgeschakelde koppeling geeft 401.",
        }


class CanSubmitReport(BasePermission):
    """A partner system (SUBMIT_REPORT) or intake staff (REGISTER_CONTACT)."""

    message = "Uw rol mag geen meldingen registreren."

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        return bool(user and user.is_authenticated) and (
            can(user, Action.SUBMIT_REPORT) or can(user, Action.REGISTER_CONTACT)
        )


# --- serializers --------------------------------------------------------------------------------


def _text(max_length: int, help_text: str = "") -> serializers.CharField:
    return serializers.CharField(
        required=False, allow_blank=True, default="", max_length=max_length, help_text=help_text
    )


def _birth_part(low: int, high: int) -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=low, max_value=high
    )


def _municipality(help_text: str) -> serializers.SlugRelatedField[Any]:
    return serializers.SlugRelatedField(
        slug_field="cbs_code",
        queryset=Municipality.objects.filter(active=True),
        required=False,
        allow_null=True,
        default=None,
        help_text=help_text,
        error_messages={"does_not_exist": "Er is geen (actieve) gemeente met CBS-code {value}."},
    )


class AddressSerializer(serializers.Serializer[Any]):
    street = _text(100)
    house_number = _text(20)
    postcode = _text(7)
    city = _text(100)


class ReporterSerializer(serializers.Serializer[Any]):
    name = _text(150)
    kind = _text(20, "citizen of professional.")
    phone = _text(30)
    email = _text(254)
    organisation = _text(150)
    sector = _text(20, "Bij een professional: de sector (CBS-indeling).")
    profession = _text(100)


class ReportPersonInSerializer(serializers.Serializer[Any]):
    first_names = _text(100)
    prefix = _text(20)
    last_name = serializers.CharField(max_length=100)
    birth_year = _birth_part(1900, 2100)
    birth_month = _birth_part(1, 12)
    birth_day = _birth_part(1, 31)
    sex = serializers.ChoiceField(choices=Sex.choices, default=Sex.UNKNOWN)
    bsn = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=11,
        write_only=True,
        help_text="9 cijfers, gecontroleerd met de elfproef (R-REP-6). Komt nooit terug.",
    )
    street = _text(100, "Alleen als de persoon elders woont dan het huishouden (`address`).")
    house_number = _text(20)
    postcode = _text(7)
    city = _text(100)
    municipality = _municipality(
        "Alleen als de persoon elders woont: CBS-code van die gemeente, bv. GM0344."
    )
    role = serializers.ChoiceField(choices=HouseholdRole.choices)

    def validate_bsn(self, value: str) -> str:
        bsn = normalise_bsn(value)
        if bsn and not is_valid_bsn(bsn):  # R-REP-6, before any search or registration
            raise serializers.ValidationError(BSN_INVALID)
        return bsn


class ReportInSerializer(serializers.Serializer[Any]):
    channel = serializers.ChoiceField(
        choices=ContactChannel.choices,
        required=False,
        help_text="Standaard ‘police_system’ voor een koppeling; medewerkers geven het kanaal op.",
    )
    received_at = serializers.DateTimeField(
        required=False, default=None, allow_null=True, help_text="Standaard: nu."
    )
    reporter = ReporterSerializer()
    anonymous_to_household = serializers.BooleanField(default=False)
    anonymity_reason = _text(2000)
    concerns = _text(20000)
    violence_types = serializers.ListField(
        child=serializers.ChoiceField(choices=ViolenceType.choices), default=list
    )
    violence_duration = serializers.ChoiceField(
        choices=ViolenceDuration.choices, default=ViolenceDuration.UNKNOWN
    )
    keeps_helping = serializers.BooleanField(default=False)
    asks_vt_take_over = serializers.BooleanField(default=True)
    agreements = _text(20000)
    address = AddressSerializer(
        required=False,
        default=dict,
        help_text="Het adres van het huishouden: geldt voor elke nieuwe persoon zonder eigen adres.",
    )
    municipality = _municipality(
        "CBS-code van de gemeente van het huishouden, bv. GM0361: de gemeente van het dossier. "
        "Een gemeente buiten de regio kan ook."
    )
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Alleen voor medewerkers: het team dat de melding ontvangt. Een koppeling "
        "levert altijd aan haar eigen team.",
    )
    # many=True makes a ListSerializer, which takes the lengths; the stubs type the child's call.
    persons = ReportPersonInSerializer(many=True, min_length=1, max_length=MAX_PERSONS)  # type: ignore[call-arg]
    advice = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Het nummer van het advies waaruit deze melding voortkomt (R-ADV-6): de "
        "melding wordt eraan gekoppeld, in dezelfde transactie. Alleen voor medewerkers die het "
        "advies mogen inzien; een advies wordt maar één keer een melding.",
    )
    mdo = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Bij `advice`: het MDO-besluit tot een ambtshalve melding (R-ADV-7) dat deze "
        "melding vastlegt.",
    )


class DeadlineOutSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    due = serializers.DateField()


class ReportPersonOutSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(help_text="Het persoonsnummer in Zicht.")
    role = serializers.CharField()
    matched = serializers.BooleanField(
        help_text="true: een bestaande persoon (zelfde BSN of score ≥ 90); false: nieuw."
    )


class ReportOutSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    case_number = serializers.CharField()
    involvement = serializers.CharField(help_text="first, repeat of follow_up.")
    deadlines = DeadlineOutSerializer(many=True)
    persons = ReportPersonOutSerializer(many=True)


# --- the view -----------------------------------------------------------------------------------


class IdempotencyConflict(Exception):
    """The key was used before with a different body."""


def _indexed(errors: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """DRF's nested errors with `persons[1].bsn`-style names."""
    flat: dict[str, Any] = {}
    for name, value in errors.items():
        if isinstance(name, int):  # a list's errors come keyed by index
            key = f"{prefix}[{name}]"
        else:
            key = f"{prefix}.{name}" if prefix else str(name)
        if isinstance(value, Mapping):
            flat |= _indexed(value, key)
        elif isinstance(value, list) and value and not isinstance(value[0], str):
            for index, item in enumerate(value):
                if item:
                    flat |= (
                        _indexed(item, f"{key}[{index}]")
                        if isinstance(item, Mapping)
                        else {f"{key}[{index}]": item}
                    )
        else:
            flat[key] = value
    return flat


def _service_refusal(error: DjangoValidationError, prefix: str = "") -> exceptions.ValidationError:
    if not hasattr(error, "error_dict"):
        return exceptions.ValidationError({NON_FIELD_ERRORS: error.messages})
    named: dict[str, list[str]] = {}
    for name, messages in error.message_dict.items():
        if name == NON_FIELD_ERRORS:
            key = prefix or NON_FIELD_ERRORS
        else:
            key = f"{prefix}.{name}" if prefix else SERVICE_FIELDS.get(name, name)
        named.setdefault(key, []).extend(messages)
    return exceptions.ValidationError(named)


def _partner_account(user: User) -> PartnerSystemAccount | None:
    """The user's active partner-system account, as the token authentication found it."""
    if hasattr(user, "partner_account"):
        account: PartnerSystemAccount | None = user.partner_account
        return account if account is not None and account.active else None
    return (
        PartnerSystemAccount.objects.filter(user=user, active=True)
        .select_related("default_team")
        .first()
    )


def _digest(data: Any) -> str:
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replay(record: IdempotencyRecord, digest: str) -> Response:
    if record.request_sha256 != digest:
        raise IdempotencyConflict
    _log_replay(record)
    return Response(
        record.response_body,
        status=record.response_status,
        headers={"Idempotent-Replayed": "true"},
    )


def _log_replay(record: IdempotencyRecord) -> None:
    """The replayed answer names the case and its persons again: a read by the caller (a
    partner system's every call is in the access log under its name, issue 19.3)."""
    body = record.response_body if isinstance(record.response_body, dict) else {}
    case = Case.objects.filter(number=str(body.get("case_number", ""))).first()
    if case is None:
        return
    persons = [p["id"] for p in body.get("persons", []) if isinstance(p, dict) and "id" in p]
    access_log_record(
        user=record.user,
        event=AccessEvent.READ,
        channel=Channel.API,
        person_ids=persons,
        case=case,
        detail="eerder antwoord herhaald (Idempotency-Key)",
    )


def idempotent(
    request: Request,
    *,
    what: str,
    answer: Callable[[User, PartnerSystemAccount | None, str, str], Response],
    prefix: str = "",
) -> Response:
    """The frame of a create sent with an `Idempotency-Key` (a report, a house-ban notice): the
    key, required of a partner system and stored after `prefix` (one partner's kinds of create
    apart); the stored answer replayed for a key used before; 422 for a key used with another
    body. `answer(user, account, stored key or "", digest of the body)` makes the new answer."""
    user = cast(User, request.user)
    account = _partner_account(user)
    key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    limit = 255 - len(prefix)
    if (account is not None and not key) or len(key) > limit:
        raise exceptions.ValidationError(
            {IDEMPOTENCY_HEADER: f"Stuur een unieke sleutel van hoogstens {limit} tekens mee."}
        )
    stored_key = prefix + key if key else ""
    digest = _digest(request.data)
    try:
        if stored_key:
            stored = IdempotencyRecord.objects.filter(user=user, key=stored_key).first()
            if stored is not None:
                return _replay(stored, digest)
        return answer(user, account, stored_key, digest)
    except IdempotencyConflict:
        return problem_response(
            status=422,
            kind="idempotency-key-hergebruikt",
            title="Sleutel al gebruikt",
            detail=f"Deze Idempotency-Key is al gebruikt voor {what}. Gebruik voor elke nieuwe "
            "melding een nieuwe sleutel.",
            instance=request.path,
            invalid_params=[
                {"name": IDEMPOTENCY_HEADER, "reason": "Al gebruikt met een andere inhoud."}
            ],
        )


# The reporter's fields in the body, by the names the report's rules use.
REPORTER_NAMES = {
    "name": "reporter_name",
    "kind": "caller_kind",
    "phone": "reporter_phone",
    "email": "reporter_email",
    "sector": "sector",
}


def _problems_with_rest(body: ReportInSerializer) -> dict[str, list[str]]:
    """Every error at once (16.5): the report's own rules on the fields the body did accept,
    named as the body names them, where the body has no error of its own there."""
    values = accepted_values(body)
    raw = body.initial_data.get("reporter") if isinstance(body.initial_data, dict) else None
    reporter_body = ReporterSerializer(data=raw if isinstance(raw, dict) else {})
    reporter = (
        reporter_body.validated_data if reporter_body.is_valid() else accepted_values(reporter_body)
    )
    accepted = {key: value for key, value in values.items() if key != "channel" or value}
    accepted |= {
        REPORTER_NAMES[key]: value for key, value in reporter.items() if key in REPORTER_NAMES
    }
    problems = report_problems_of_accepted(
        accepted, involved=None, received_at=values.get("received_at")
    )
    errors = _indexed(body.errors)
    named = {SERVICE_FIELDS.get(key, key): [message] for key, message in problems.items()}
    return {key: messages for key, messages in named.items() if key not in errors}


def _source(user: User, data: dict[str, Any]) -> Any:
    """The advice (and MDO decision) the report comes from (R-ADV-6/7), as the intake page
    links it: `reports.sources`, registered by the advice app."""
    kind = sources.kind()
    if kind is None or data.get("advice") is None:
        return None
    mdo = data.get("mdo")
    params = {kind.params[0]: str(data["advice"]), kind.params[1]: "" if mdo is None else str(mdo)}
    try:
        return kind.resolve(user, params)
    except DjangoValidationError as error:
        raise _service_refusal(error) from None


def _body(result: IntakeResult) -> dict[str, Any]:
    report = result.report
    deadlines = report.case.deadlines.filter(met_at__isnull=True).order_by("due", "kind")
    return {
        "id": report.pk,
        "case_number": report.case.number,
        "involvement": report.involvement,
        "deadlines": [{"kind": d.kind, "due": d.due.isoformat()} for d in deadlines],
        "persons": [
            {"id": item.person.pk, "role": item.role.value, "matched": item.matched}
            for item in result.persons
        ],
    }


IDEMPOTENCY_KEY = OpenApiParameter(
    IDEMPOTENCY_HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="Uniek per melding (bv. een UUID). Verplicht voor een koppeling. Een herhaald "
    "verzoek met dezelfde sleutel en dezelfde inhoud krijgt het eerste antwoord terug (header "
    "`Idempotent-Replayed: true`) en maakt niets nieuws; met andere inhoud: 422.",
)


@extend_schema(tags=["meldingen"])
class ReportIntake(APIView):
    authentication_classes = [PartnerTokenAuthentication, VerifiedSessionAuthentication]
    permission_classes = [CanSubmitReport]

    @extend_schema(
        summary="Melding aanleveren",
        description="Een melding van een ketenpartner (politie, justitie) of een medewerker. "
        "Per persoon wordt eerst gezocht: bij hetzelfde BSN of een score van 90 of meer is het "
        "de bestaande persoon, anders wordt de persoon nieuw geregistreerd. Daarna opent de "
        "melding een dossier of sluit aan bij het lopende dossier, met Veilig Thuis "
        "verantwoordelijk voor de veiligheid en de termijnen gestart. Alles of niets: bij een "
        "fout is niets opgeslagen. Een melder zonder telefoonnummer of e-mailadres wordt "
        "geweigerd (leg het contact dan vast als advies).",
        parameters=[IDEMPOTENCY_KEY],
        request=ReportInSerializer,
        responses={
            201: ReportOutSerializer,
            (422, PROBLEM_CONTENT_TYPE): ProblemSerializer,
            **problems(400, 401, 403),
        },
    )
    def post(self, request: Request) -> Response:
        def answer(
            user: User, account: PartnerSystemAccount | None, key: str, digest: str
        ) -> Response:
            body = ReportInSerializer(data=request.data)
            if not body.is_valid():
                raise exceptions.ValidationError(_indexed(body.errors) | _problems_with_rest(body))
            return self._register(request, user, account, key, digest, dict(body.validated_data))

        return idempotent(request, what="een andere melding", answer=answer)

    def _register(
        self,
        request: Request,
        user: User,
        account: PartnerSystemAccount | None,
        key: str,
        digest: str,
        data: dict[str, Any],
    ) -> Response:
        if account is not None:
            team = account.default_team
        elif data["team"] is not None:
            team = data["team"]
        else:
            raise exceptions.ValidationError({"team": "Kies het team dat de melding ontvangt."})
        channel = data.get("channel") or (ContactChannel.POLICE_SYSTEM if account else "")
        source = _source(user, data)
        reporter = data["reporter"]

        def record(result: IntakeResult) -> None:
            # Last, with the answer, in the intake's transaction. A concurrent duplicate that
            # got here first makes this insert wait on the unique key and then fail: everything
            # rolls back and the caller replays the answer that was committed.
            IdempotencyRecord.objects.create(
                user=user,
                key=key,
                request_sha256=digest,
                response_status=201,
                response_body=_body(result),
            )

        try:
            result = report_intake(
                user=user,
                report=ReportIn(
                    channel=channel,
                    received_at=data["received_at"] or timezone.now(),
                    reporter=Reporter(
                        name=reporter["name"],
                        kind=cast(CallerKind, reporter["kind"]),
                        phone=reporter["phone"],
                        email=reporter["email"],
                        organisation=reporter["organisation"],
                        sector=reporter["sector"],
                        profession=reporter["profession"],
                    ),
                    concerns=data["concerns"],
                    violence_types=data["violence_types"],
                    violence_duration=data["violence_duration"],
                    anonymous_to_household=data["anonymous_to_household"],
                    anonymity_reason=data["anonymity_reason"],
                    keeps_helping=data["keeps_helping"],
                    asks_vt_take_over=data["asks_vt_take_over"],
                    agreements=data["agreements"],
                    team=team,
                    address=Address(**data["address"], municipality=data["municipality"]),
                ),
                persons=[
                    PersonIn(
                        role=HouseholdRole(person["role"]),
                        identity={k: v for k, v in person.items() if k != "role"},
                    )
                    for person in data["persons"]
                ],
                source=source,
                search=True,
                access_channel=Channel.API,
                resource=request.path,
                record=record if key else None,
            )
        except AlreadyTakenIn:
            stored = IdempotencyRecord.objects.get(user=user, key=key)
            return _replay(stored, digest)
        except DjangoValidationError as error:
            raise _service_refusal(error) from None
        return Response(_body(result), status=201)
