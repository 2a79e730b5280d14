"""The register's REST API, /register/v1 (docs/register-openapi.json): every view authenticates
an organisation's credential, is throttled per organisation, logs what it did (AccessLog) and
answers failures as problem+json."""

import base64
import binascii
import re
from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zicht.core.errors import NotFound
from zicht.core.limits import LimitedJSONParser
from zicht.core.problems import problem_exception_handler, problems
from zicht.register import services
from zicht.register.auth import CredentialAuthentication, OrganisationThrottle
from zicht.register.models import Organisation
from zicht.register.pseudonym import BLOCK_HEX, CLK_BYTES, KEY_HEX

REFERENCE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def _hex_of(length: int) -> Callable[[str], None]:
    pattern = re.compile(rf"^[0-9a-f]{{{length}}}$")

    def check(value: str) -> None:
        if not pattern.match(value):
            raise serializers.ValidationError(
                f"Verwacht {length} hexadecimale tekens (kleine letters)."
            )

    return check


def _optional(check: Callable[[str], None]) -> Callable[[str], None]:
    def optional(value: str) -> None:
        if value:
            check(value)

    return optional


def _reference(value: str) -> None:
    if not REFERENCE.match(value):
        raise serializers.ValidationError(
            "Een referentie is 8 tot 64 tekens: letters, cijfers, '-' of '_'."
        )


class PersonKeysSerializer(serializers.Serializer):
    person_ref = serializers.CharField(max_length=64, validators=[_reference])
    bsn = serializers.CharField(
        max_length=KEY_HEX,
        required=False,
        allow_blank=True,
        default="",
        validators=[_optional(_hex_of(KEY_HEX))],
    )
    exact = serializers.ListField(
        child=serializers.CharField(max_length=KEY_HEX, validators=[_hex_of(KEY_HEX)]),
        max_length=4,
        default=list,
    )
    blocks = serializers.ListField(
        child=serializers.CharField(max_length=BLOCK_HEX, validators=[_hex_of(BLOCK_HEX)]),
        max_length=8,
        default=list,
    )
    clk = serializers.CharField(max_length=4 * CLK_BYTES, help_text=f"base64 van {CLK_BYTES} bytes")

    def validate_clk(self, value: str) -> bytes:
        try:
            raw = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise serializers.ValidationError("Geen geldige base64.") from None
        if len(raw) != CLK_BYTES:
            raise serializers.ValidationError(f"De CLK moet precies {CLK_BYTES} bytes zijn.")
        return raw


class RegistrationSerializer(serializers.Serializer):
    case_ref = serializers.CharField(max_length=64, validators=[_reference])
    persons = PersonKeysSerializer(many=True, min_length=1, max_length=50)  # type: ignore[call-arg]

    def validate_persons(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        refs = [person["person_ref"] for person in value]
        if len(set(refs)) != len(refs):
            raise serializers.ValidationError("Elke person_ref komt maar één keer voor.")
        return value


class RegisteredSerializer(serializers.Serializer):
    case_ref = serializers.CharField()
    persons = serializers.ListField(child=serializers.CharField())
    created = serializers.BooleanField()


class LookupSerializer(serializers.Serializer):
    case_ref = serializers.CharField(max_length=64, validators=[_reference])
    person_ref = serializers.CharField(max_length=64, validators=[_reference])


class OtherRegistrationSerializer(serializers.Serializer):
    """Where and when, never what: the other organisation, its contact, its opaque reference."""

    organisation = serializers.CharField(source="organisation.name")
    contact = serializers.CharField(source="organisation.contact")
    case_ref = serializers.CharField()
    registered_at = serializers.DateTimeField()
    last_activity_at = serializers.DateTimeField()


class LookupAnswerSerializer(serializers.Serializer):
    known_elsewhere = serializers.BooleanField()
    registrations = OtherRegistrationSerializer(many=True)


class NotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    match = serializers.IntegerField(source="match_id")
    case_ref = serializers.CharField(source="own.case_ref")
    person_ref = serializers.CharField(source="own.person_ref")
    other = OtherRegistrationSerializer()
    created_at = serializers.DateTimeField()


class RegisterView(APIView):
    authentication_classes = [CredentialAuthentication]
    permission_classes = [IsAuthenticated]
    throttle_classes = [OrganisationThrottle]
    parser_classes = [LimitedJSONParser]
    event = ""

    def get_exception_handler(self) -> Callable[..., Response | None]:
        return self._handle

    def _handle(self, exc: Exception, context: dict[str, Any]) -> Response | None:
        response = problem_exception_handler(exc, context)
        if response is not None:
            organisation = getattr(context.get("request"), "_register_org", None)
            services.log(organisation, self.event, f"geweigerd {response.status_code}")
        return response

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        request._register_org = request.user  # type: ignore[attr-defined]

    @property
    def organisation(self) -> Organisation:
        assert isinstance(self.request.user, Organisation)  # noqa: S101 (IsAuthenticated)
        return self.request.user

    def credential_id(self) -> int | None:
        return getattr(self.request.auth, "pk", None)


class RegistrationsView(RegisterView):
    event = "registratie"

    @extend_schema(
        operation_id="registrations_create",
        request=RegistrationSerializer,
        responses={201: RegisteredSerializer, 200: RegisteredSerializer, **problems(400, 401, 429)},
        description=(
            "Registreert (of ververst) de personen van één dossier (R-REG-1). Nog eens "
            "hetzelfde sturen is veilig: 200 in plaats van 201. Een persoon die een andere "
            "organisatie al registreerde is een match: beide krijgen een melding."
        ),
    )
    def post(self, request: Request) -> Response:
        body = RegistrationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        persons = [
            services.PersonKeys(
                person_ref=p["person_ref"],
                bsn_key=p["bsn"],
                exact=tuple(p["exact"]),
                blocks=tuple(p["blocks"]),
                clk=p["clk"],
            )
            for p in body.validated_data["persons"]
        ]
        case_ref = body.validated_data["case_ref"]
        created, registrations = services.register(
            organisation=self.organisation, case_ref=case_ref, persons=persons
        )
        services.log(
            self.organisation,
            self.event,
            "nieuw" if created else "herhaald",
            case_ref,
            self.credential_id(),
        )
        answer = {
            "case_ref": case_ref,
            "persons": [r.person_ref for r in registrations],
            "created": created,
        }
        return Response(answer, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class RegistrationView(RegisterView):
    event = "beeindiging"

    @extend_schema(
        operation_id="registrations_end",
        request=None,
        responses={
            204: OpenApiResponse(description="Beëindigd (ook als dat al zo was)"),
            **problems(400, 401, 404, 429),
        },
        description=(
            "Beëindigt de registraties van een dossier (bewaartermijn voorbij of dossier "
            "vernietigd): de data blijven, de sleutels worden gewist."
        ),
    )
    def delete(self, request: Request, case_ref: str) -> Response:
        _reference_or_404(case_ref)
        services.deregister(organisation=self.organisation, case_ref=case_ref)
        services.log(self.organisation, self.event, "beeindigd", case_ref, self.credential_id())
        return Response(status=status.HTTP_204_NO_CONTENT)


class LookupView(RegisterView):
    event = "bevraging"

    @extend_schema(
        operation_id="lookups_create",
        request=LookupSerializer,
        responses={200: LookupAnswerSerializer, **problems(400, 401, 403, 429)},
        description=(
            "Vraagt of een persoon van een eigen registratie elders bekend is (R-REG-2): alleen "
            "dat, waar en wanneer; nooit inhoud."
        ),
    )
    def post(self, request: Request) -> Response:
        body = LookupSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        others = services.lookup(organisation=self.organisation, **body.validated_data)
        services.log(
            self.organisation,
            self.event,
            f"{len(others)} elders",
            body.validated_data["case_ref"],
            self.credential_id(),
        )
        answer = {"known_elsewhere": bool(others), "registrations": others}
        return Response(LookupAnswerSerializer(answer).data)


class NotificationsView(RegisterView):
    event = "meldingen"

    @extend_schema(
        operation_id="notifications_list",
        responses={200: NotificationSerializer(many=True), **problems(401, 429)},
        description=(
            "De nog niet bevestigde meldingen van matches (hoogstens 100, oudste eerst). Een "
            "melding komt terug tot ze is bevestigd; de client herkent een herhaling aan `id`."
        ),
    )
    def get(self, request: Request) -> Response:
        notifications = services.open_notifications(self.organisation)
        services.log(
            self.organisation, self.event, f"{len(notifications)} open", "", self.credential_id()
        )
        return Response(NotificationSerializer(notifications, many=True).data)


class AcknowledgeView(RegisterView):
    event = "bevestiging"

    @extend_schema(
        operation_id="notifications_acknowledge",
        request=None,
        responses={
            204: OpenApiResponse(description="Bevestigd (ook als dat al zo was)"),
            **problems(400, 401, 404, 429),
        },
    )
    def post(self, request: Request, notification_id: int) -> Response:
        services.acknowledge(organisation=self.organisation, notification_id=notification_id)
        services.log(
            self.organisation, self.event, f"melding {notification_id}", "", self.credential_id()
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


def _reference_or_404(value: str) -> None:
    if not REFERENCE.match(value):
        raise NotFound()
