"""`POST /api/v1/house-bans`: house-ban notices delivered by police systems (R-HB-1).

A notice is taken in as a report is (`POST /api/v1/reports`): the same token authentication and
rights, the same body for the reporter and the persons, the same person search and open-or-join
of the household's case (R-REP-5), the same access logging. A retry with the same
`Idempotency-Key` replays the first answer and creates nothing; a partner system must send one.
The answer names persons by number only, never with a BSN.
"""

from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zicht.accounts.models import Team, User
from zicht.audit.models import Channel
from zicht.cases.models import Deadline
from zicht.core.api import VerifiedSessionAuthentication
from zicht.core.models import IdempotencyRecord
from zicht.core.problems import PROBLEM_CONTENT_TYPE, ProblemSerializer, problems
from zicht.people.models import HouseholdRole
from zicht.regional.house_bans import Order, house_ban_register
from zicht.regional.models import HouseBan
from zicht.reports.api import (
    IDEMPOTENCY_KEY,
    MAX_PERSONS,
    AddressSerializer,
    CanSubmitReport,
    DeadlineOutSerializer,
    PartnerTokenAuthentication,
    ReporterSerializer,
    ReportPersonInSerializer,
    ReportPersonOutSerializer,
    _indexed,
    _municipality,
    _replay,
    _service_refusal,
    _text,
    idempotent,
)
from zicht.reports.intake import Address, AlreadyTakenIn, IntakeResult, PersonIn, ReportIn
from zicht.reports.models import (
    CallerKind,
    ContactChannel,
    Sector,
    ViolenceDuration,
    ViolenceType,
)
from zicht.reports.services import Reporter

KEY_PREFIX = "huisverbod:"  # apart from the same partner's report keys
PROTECTED_ROLES = [c for c in HouseholdRole.choices if c[0] != HouseholdRole.ALLEGED_PERPETRATOR]


class PerpetratorInSerializer(ReportPersonInSerializer):
    """The banned person (*uithuisgeplaatste*); their role is the alleged perpetrator."""

    role = None  # type: ignore[assignment]


class ProtectedInSerializer(ReportPersonInSerializer):
    role = serializers.ChoiceField(choices=PROTECTED_ROLES)


class OrderSerializer(serializers.Serializer[Any]):
    reference = serializers.CharField(max_length=100, help_text="Kenmerk van de beschikking.")
    date = serializers.DateField(help_text="Datum van de beschikking van de burgemeester.")
    starts_at = serializers.DateTimeField(help_text="Ingang van het huisverbod (datum en tijd).")
    ends_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Einde volgens de beschikking; standaard 10 dagen na de ingang, op hetzelfde "
        "uur. Langer dan 10 dagen alleen met een verlenging.",
    )


class HouseBanInSerializer(serializers.Serializer[Any]):
    order = OrderSerializer()
    reporter = ReporterSerializer(help_text="De politie (of gemeente) die het huisverbod meldt.")
    concerns = _text(20000, "De aanleiding en wat de politie zag.")
    violence_types = serializers.ListField(
        child=serializers.ChoiceField(choices=ViolenceType.choices), default=list
    )
    violence_duration = serializers.ChoiceField(
        choices=ViolenceDuration.choices, default=ViolenceDuration.UNKNOWN
    )
    perpetrator = PerpetratorInSerializer()
    stay_address = _text(
        500,
        "Waar de uithuisgeplaatste verblijft: het enige adres waarheen Veilig Thuis hem of haar "
        "schrijft. Eén adresregel per regel.",
    )
    # No minimum here: `order_problems` names a notice without protected persons, in Dutch.
    protected = ProtectedInSerializer(many=True, max_length=MAX_PERSONS - 1)  # type: ignore[call-arg]
    address = AddressSerializer(
        required=False, default=dict, help_text="Het adres van de woning (het huishouden)."
    )
    municipality = _municipality("CBS-code van de gemeente van de woning, bv. GM0344.")
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Alleen voor medewerkers: het ontvangende team.",
    )


class HouseBanOutSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    report = serializers.IntegerField(help_text="De melding waarmee het huisverbod binnenkwam.")
    case_number = serializers.CharField()
    involvement = serializers.CharField(help_text="first, repeat of follow_up.")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    deadlines = DeadlineOutSerializer(many=True)
    persons = ReportPersonOutSerializer(many=True)


def _body(ban: HouseBan, persons: list[dict[str, Any]]) -> dict[str, Any]:
    deadlines = Deadline.objects.filter(case=ban.case, met_at__isnull=True).order_by("due", "kind")
    return {
        "id": ban.pk,
        "report": ban.report_id,
        "case_number": ban.case.number,
        "involvement": ban.report.involvement,
        "starts_at": timezone.localtime(ban.starts_at).isoformat(),
        "ends_at": timezone.localtime(ban.ends_at).isoformat(),
        "deadlines": [{"kind": d.kind, "due": d.due.isoformat()} for d in deadlines],
        "persons": persons,
    }


def _identity(person: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in person.items() if key != "role"}


# The order's fields as `order_problems` names them, as the body names them.
ORDER_FIELDS = {
    "order_reference": "order.reference",
    "order_date": "order.date",
    "starts_at": "order.starts_at",
    "ends_at": "order.ends_at",
}


@extend_schema(tags=["huisverboden"])
class HouseBanNotice(APIView):
    authentication_classes = [PartnerTokenAuthentication, VerifiedSessionAuthentication]
    permission_classes = [CanSubmitReport]

    @extend_schema(
        summary="Tijdelijk huisverbod melden",
        description="De melding van een tijdelijk huisverbod door de politie of de gemeente "
        "(R-HB-1): de uithuisgeplaatste, de beschermde personen, de ingang (datum en tijd) en de "
        "beschikking van de burgemeester. Het huisverbod komt binnen als melding: personen worden "
        "eerst gezocht, het dossier van het huishouden wordt geopend of aangevuld, en de taken "
        "van Veilig Thuis tijdens het huisverbod starten als termijnen. Alles of niets.",
        parameters=[IDEMPOTENCY_KEY],
        request=HouseBanInSerializer,
        responses={
            201: HouseBanOutSerializer,
            (422, PROBLEM_CONTENT_TYPE): ProblemSerializer,
            **problems(400, 401, 403),
        },
    )
    def post(self, request: Request) -> Response:
        def answer(user: User, account: Any, key: str, digest: str) -> Response:
            body = HouseBanInSerializer(data=request.data)
            if not body.is_valid():
                raise exceptions.ValidationError(_indexed(body.errors))
            return self._register(request, user, account, key, digest, body.validated_data)

        return idempotent(
            request, what="een andere melding van een huisverbod", answer=answer, prefix=KEY_PREFIX
        )

    def _register(
        self,
        request: Request,
        user: User,
        account: Any,
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
        reporter, order = data["reporter"], data["order"]
        protected = [
            PersonIn(role=HouseholdRole(person["role"]), identity=_identity(person))
            for person in data["protected"]
        ]
        answer: dict[str, Any] = {}

        def record(ban: HouseBan, result: IntakeResult) -> None:
            # Last, in the notice's transaction: a concurrent duplicate fails here and replays.
            persons = [
                {"id": item.person.pk, "role": item.role.value, "matched": item.matched}
                for item in result.persons
            ]
            answer.update(_body(ban, persons))
            if key:
                IdempotencyRecord.objects.create(
                    user=user,
                    key=key,
                    request_sha256=digest,
                    response_status=201,
                    response_body=answer,
                )

        try:
            house_ban_register(
                user=user,
                order=Order(
                    starts_at=order["starts_at"],
                    ends_at=order["ends_at"],
                    order_reference=order["reference"],
                    order_date=order["date"],
                    stay_address=data["stay_address"],
                ),
                report=ReportIn(
                    channel=ContactChannel.POLICE_SYSTEM,
                    received_at=timezone.now(),
                    reporter=Reporter(
                        name=reporter["name"],
                        kind=cast(CallerKind, reporter["kind"] or CallerKind.PROFESSIONAL),
                        phone=reporter["phone"],
                        email=reporter["email"],
                        organisation=reporter["organisation"],
                        sector=reporter["sector"] or Sector.POLICE_JUSTICE,
                        profession=reporter["profession"],
                    ),
                    concerns=data["concerns"],
                    violence_types=data["violence_types"],
                    violence_duration=data["violence_duration"],
                    team=team,
                    address=Address(**data["address"], municipality=data["municipality"]),
                ),
                perpetrator=PersonIn(
                    role=HouseholdRole.ALLEGED_PERPETRATOR, identity=dict(data["perpetrator"])
                ),
                protected=protected,
                access_channel=Channel.API,
                resource=request.path,
                record=record,
            )
        except AlreadyTakenIn:
            return _replay(IdempotencyRecord.objects.get(user=user, key=key), digest)
        except DjangoValidationError as error:
            refusal = _service_refusal(error)
            detail = refusal.detail if isinstance(refusal.detail, dict) else {}
            raise exceptions.ValidationError(
                {ORDER_FIELDS.get(str(name), str(name)): value for name, value in detail.items()}
            ) from None
        return Response(answer, status=201)
