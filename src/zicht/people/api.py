"""The persons and households API. A BSN only ever travels in a request body (never in a URL or
query string) and comes back masked; every answer with a person's data is in the access log
(R-PRIV-3). Registering searches first (R-REP-5): a likely match answers 409 with the candidates,
and only `"confirm_new": true` registers a new person anyway."""

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from zicht.accounts.api import CanRegisterContact, request_user
from zicht.accounts.models import User
from zicht.audit.models import AccessEvent, Channel
from zicht.audit.services import access_log_record
from zicht.core.adr import PartialDateField
from zicht.core.errors import NotFound
from zicht.core.problems import PROBLEM_CONTENT_TYPE, ProblemSerializer, problem_response, problems
from zicht.core.versions import ExpectedListField
from zicht.organisation.models import Municipality
from zicht.people import selectors, services
from zicht.people.bsn import is_valid_bsn, masked_bsn, normalise_bsn
from zicht.people.forms import BSN_INVALID
from zicht.people.models import Household, HouseholdMember, HouseholdRole, Person, Sex

# From this score a candidate blocks registering without "confirm_new": the same last name plus
# the same (or a swapped) date of birth or first name, or the same BSN. Lower scores are shown by
# the search but are too weak to stop a registration.
CONFIRM_FROM = 60
SEARCH_LIMIT = 10

# --- serializers --------------------------------------------------------------------------------


class MunicipalitySerializer(serializers.ModelSerializer[Municipality]):
    class Meta:
        model = Municipality
        fields = ["cbs_code", "name"]
        read_only_fields = fields


def _municipality_field() -> serializers.SlugRelatedField[Municipality]:
    return serializers.SlugRelatedField(
        slug_field="cbs_code",
        queryset=Municipality.objects.filter(active=True),
        required=False,
        allow_null=True,
        default=None,
        help_text="CBS-code van de gemeente, bv. GM0361.",
        error_messages={
            "does_not_exist": "Er is geen (actieve) gemeente met CBS-code {value}.",
            "invalid": "Geef de CBS-code van de gemeente, bv. GM0361.",
        },
    )


class PersonSerializer(serializers.ModelSerializer[Person]):
    sex_label = serializers.CharField(source="get_sex_display")
    masked_bsn = serializers.SerializerMethodField(help_text="Alleen de laatste drie cijfers.")
    municipality = MunicipalitySerializer(allow_null=True)
    birth_date_display = PartialDateField(read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "first_names",
            "prefix",
            "last_name",
            "full_name",
            "birth_year",
            "birth_month",
            "birth_day",
            "birth_date_display",
            "sex",
            "sex_label",
            "masked_bsn",
            "street",
            "house_number",
            "postcode",
            "city",
            "municipality",
        ]
        read_only_fields = fields

    def get_masked_bsn(self, person: Person) -> str:
        return masked_bsn(person.bsn)


def _bsn_field() -> serializers.CharField:
    return serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=11,
        write_only=True,
        help_text="9 cijfers; gecontroleerd met de elfproef. Komt nooit terug in een antwoord.",
    )


def _validate_bsn(value: str) -> str:
    bsn = normalise_bsn(value)
    if bsn and not is_valid_bsn(bsn):  # R-REP-6, before any search or registration
        raise serializers.ValidationError(BSN_INVALID)
    return bsn


def _birth_part(low: int, high: int) -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=low, max_value=high
    )


# What a search and a registration both describe. Dates of birth may be partial (R-REP-6).
class IdentitySerializer(serializers.Serializer[Any]):
    last_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    prefix = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    first_names = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=100
    )
    birth_year = _birth_part(1900, 2100)
    birth_month = _birth_part(1, 12)
    birth_day = _birth_part(1, 31)
    bsn = _bsn_field()

    def validate_bsn(self, value: str) -> str:
        return _validate_bsn(value)


class PersonSearchSerializer(IdentitySerializer):
    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs["last_name"].strip() and not attrs["bsn"]:
            raise serializers.ValidationError(
                {"last_name": "Vul een achternaam of een BSN in om te zoeken."}
            )
        return attrs


LAST_NAME_REQUIRED = "Vul de achternaam in. Weet u die niet, vul dan ‘onbekend’ in."


class PersonCreateSerializer(IdentitySerializer):
    last_name = serializers.CharField(
        max_length=100, error_messages={"required": LAST_NAME_REQUIRED, "blank": LAST_NAME_REQUIRED}
    )
    sex = serializers.ChoiceField(choices=Sex.choices, default=Sex.UNKNOWN)
    street = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    house_number = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=20
    )
    postcode = serializers.CharField(required=False, allow_blank=True, default="", max_length=7)
    city = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    municipality = _municipality_field()
    confirm_new = serializers.BooleanField(
        default=False,
        help_text="Registreer toch een nieuwe persoon, ook al lijken bestaande personen op deze.",
    )


# A person who may be the one described. Never a BSN, only its last three digits.
class CandidateSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="person.pk")
    name = serializers.CharField(source="person.full_name")
    birth_date_display = PartialDateField(source="person.birth_date_display")
    masked_bsn = serializers.CharField()
    score = serializers.IntegerField(help_text="0–100: hoe waarschijnlijk dezelfde persoon.")
    reasons = serializers.ListField(child=serializers.CharField())
    visible = serializers.BooleanField(help_text="Of u deze persoon mag openen.")


class CandidateListSerializer(serializers.Serializer[Any]):
    results = CandidateSerializer(many=True)


class DuplicateProblemSerializer(ProblemSerializer):
    candidates = CandidateSerializer(many=True)


class MemberSerializer(serializers.ModelSerializer[HouseholdMember]):
    person = serializers.IntegerField(source="person_id")
    name = serializers.CharField(source="person.full_name")
    birth_date_display = PartialDateField(source="person.birth_date_display")
    role_label = serializers.CharField(source="get_role_display")
    roles = serializers.ListField(
        source="all_roles",
        child=serializers.ChoiceField(choices=HouseholdRole.choices),
        help_text="Elke rol van de persoon in dit huishouden, de hoofdrol (`role`) inbegrepen.",
    )
    roles_label = serializers.CharField(source="roles_display")

    class Meta:
        model = HouseholdMember
        fields = [
            "person",
            "name",
            "birth_date_display",
            "role",
            "role_label",
            "roles",
            "roles_label",
            "added_at",
        ]
        read_only_fields = fields


class HouseholdSerializer(serializers.ModelSerializer[Household]):
    municipality = MunicipalitySerializer(allow_null=True)
    members = serializers.SerializerMethodField()

    class Meta:
        model = Household
        fields = ["id", "name", "municipality", "created_at", "members"]
        read_only_fields = fields

    @extend_schema_field(MemberSerializer(many=True))
    def get_members(self, household: Household) -> Any:
        prefetched = getattr(household, "_prefetched_objects_cache", {})
        members = (
            household.members.all()
            if "members" in prefetched
            else selectors.household_members(household=household)
        )
        return MemberSerializer(members, many=True).data


class HouseholdCreateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=150, help_text="Bv. ‘Gezin Jansen’.")
    municipality = _municipality_field()


class MemberRolesSerializer(serializers.Serializer[Any]):
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=HouseholdRole.choices),
        min_length=1,
        help_text='Elke rol van de persoon in dit huishouden, bv. `["victim", '
        '"alleged_perpetrator"]`.',
    )
    expected_roles = ExpectedListField(
        child=serializers.ChoiceField(choices=HouseholdRole.choices),
        min_length=1,
        help_text="De rollen zoals u ze las (`roles` uit het huishouden). Zijn ze intussen "
        "gewijzigd, dan is het antwoord 409 en is er niets opgeslagen.",
    )


class MemberCreateSerializer(serializers.Serializer[Any]):
    person = serializers.IntegerField(min_value=1, help_text="Het id van de persoon.")
    role = serializers.ChoiceField(choices=HouseholdRole.choices)


# --- views --------------------------------------------------------------------------------------


def _log_read(request: Request, person_ids: list[int], detail: str) -> None:
    """One access-log call per answer, one entry per person shown (R-PRIV-3)."""
    if person_ids:
        access_log_record(
            user=request.user,
            event=AccessEvent.READ,
            channel=Channel.API,
            person_ids=person_ids,
            resource=request.path,
            detail=detail,
        )


def _identity(data: dict[str, Any]) -> dict[str, Any]:
    names = ("last_name", "prefix", "first_names", "birth_year", "birth_month", "birth_day")
    return {name: data[name] for name in (*names, "bsn")}


ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)


@extend_schema(tags=["personen"])
class PersonList(generics.ListCreateAPIView[Person]):
    # The persons the user may see (in households of their cases), and registering a new one.
    permission_classes = [CanRegisterContact]
    serializer_class = PersonSerializer

    def get_queryset(self) -> QuerySet[Person]:
        return (
            selectors.persons_visible_to(request_user(self.request))
            .select_related("municipality")
            .order_by("last_name", "first_names", "pk")
        )

    @extend_schema(
        summary="Personen",
        description="De personen die u mag zien: leden van huishoudens van uw dossiers, en wie "
        "u zelf registreerde en nog niet in een huishouden plaatste. Elke getoonde persoon komt "
        "in het toegangslog.",
        responses={200: PersonSerializer(many=True), **problems(400, 401, 403, 404)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        assert page is not None  # noqa: S101  # pagination is on for every list
        _log_read(request, [person.pk for person in page], "personenlijst")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="Persoon registreren",
        description="Zoekt eerst of de persoon al bekend is. Zijn er personen die waarschijnlijk "
        f"dezelfde zijn (score ≥ {CONFIRM_FROM}), dan wordt niets geregistreerd en is het "
        "antwoord 409 met die `candidates` (nooit een BSN, alleen de laatste drie cijfers). "
        'Gebruik een van hen, of stuur het verzoek opnieuw met `"confirm_new": true`.',
        request=PersonCreateSerializer,
        responses={
            201: PersonSerializer,
            (409, PROBLEM_CONTENT_TYPE): DuplicateProblemSerializer,
            **problems(400, 401, 403),
        },
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Search before registering (R-REP-5): a likely match stops the registration.
        body = PersonCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        user = request_user(request)
        if not data.pop("confirm_new"):
            candidates = [
                candidate
                for candidate in selectors.person_candidates(
                    user=user,
                    **_identity(data),
                    limit=SEARCH_LIMIT,
                    channel=Channel.API,
                    resource=request.path,
                )
                if candidate.score >= CONFIRM_FROM
            ]
            if candidates:
                return problem_response(
                    status=409,
                    kind="mogelijk-dubbele-persoon",
                    title="Deze persoon is mogelijk al bekend",
                    detail=(
                        "Er zijn personen gevonden die waarschijnlijk dezelfde zijn; er is niets "
                        "geregistreerd. Gebruik een van hen, of stuur het verzoek opnieuw met "
                        '"confirm_new": true.'
                    ),
                    instance=request.path,
                    candidates=CandidateSerializer(candidates, many=True).data,
                )
        person = services.person_create(user=user, **data, channel=Channel.API)
        return Response(PersonSerializer(person).data, status=201)


@extend_schema(tags=["personen"], parameters=[ID])
class PersonDetail(generics.GenericAPIView[Person]):
    serializer_class = PersonSerializer

    @extend_schema(
        summary="Eén persoon",
        description="Een persoon buiten uw bereik geeft hetzelfde antwoord als een onbekende: "
        "404. Het BSN staat alleen gemaskeerd in het antwoord.",
        responses={200: PersonSerializer, **problems(401, 403, 404)},
    )
    def get(self, request: Request, id: int) -> Response:
        person = selectors.person_get_for_user(
            user=request_user(request), person_id=id, channel=Channel.API, resource=request.path
        )
        return Response(self.get_serializer(person).data)


@extend_schema(tags=["personen"])
class PersonSearch(generics.GenericAPIView[Person]):
    # Search before registering (R-REP-5), through the whole organisation. POST, so a BSN never
    # appears in a URL or a server log.
    serializer_class = PersonSearchSerializer

    @extend_schema(
        summary="Persoon zoeken",
        description="Zoekt in de hele organisatie naar de beschreven persoon, ook met "
        "spellingsvarianten en een gedeeltelijke geboortedatum. Geeft de beste "
        f"{SEARCH_LIMIT} treffers met score en redenen; `visible` zegt of u de persoon mag "
        "openen. Met POST, zodat een BSN nooit in een URL staat. Elke getoonde persoon komt in "
        "het toegangslog.",
        request=PersonSearchSerializer,
        responses={200: CandidateListSerializer, **problems(400, 401, 403)},
    )
    def post(self, request: Request) -> Response:
        body = PersonSearchSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        candidates = selectors.person_candidates(
            user=request_user(request),
            **_identity(body.validated_data),
            limit=SEARCH_LIMIT,
            channel=Channel.API,
            resource=request.path,
        )
        return Response({"results": CandidateSerializer(candidates, many=True).data})


def _household_rows(user: User) -> QuerySet[Household]:
    members = HouseholdMember.objects.select_related("person").order_by(
        "person__last_name", "person__first_names", "pk"
    )
    return (
        selectors.households_visible_to(user)
        .select_related("municipality")
        .prefetch_related(Prefetch("members", queryset=members))
        .order_by("name", "pk")
    )


@extend_schema(tags=["huishoudens"])
class HouseholdList(generics.ListCreateAPIView[Household]):
    # The households of the cases the user may see, and registering a new one.
    permission_classes = [CanRegisterContact]
    serializer_class = HouseholdSerializer

    def get_queryset(self) -> QuerySet[Household]:
        return _household_rows(request_user(self.request))

    @extend_schema(
        summary="Huishoudens",
        description="De huishoudens van de dossiers die u mag zien, met hun leden. Elk getoond "
        "lid komt in het toegangslog.",
        responses={200: HouseholdSerializer(many=True), **problems(400, 401, 403, 404)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        assert page is not None  # noqa: S101  # pagination is on for every list
        person_ids = [member.person_id for household in page for member in household.members.all()]
        _log_read(request, person_ids, "huishoudenlijst")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="Huishouden registreren",
        request=HouseholdCreateSerializer,
        responses={201: HouseholdSerializer, **problems(400, 401, 403, 409)},
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = HouseholdCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        household = services.household_create(
            user=request_user(request), **body.validated_data, channel=Channel.API
        )
        return Response(HouseholdSerializer(household).data, status=201)


@extend_schema(tags=["huishoudens"], parameters=[ID])
class HouseholdDetail(generics.GenericAPIView[Household]):
    serializer_class = HouseholdSerializer

    @extend_schema(
        summary="Eén huishouden",
        responses={200: HouseholdSerializer, **problems(401, 403, 404)},
    )
    def get(self, request: Request, id: int) -> Response:
        household = selectors.household_get_for_user(
            user=request_user(request), household_id=id, channel=Channel.API, resource=request.path
        )
        return Response(self.get_serializer(household).data)


@extend_schema(tags=["huishoudens"], parameters=[ID])
class HouseholdMembers(generics.GenericAPIView[Household]):
    # Adds a person the user may see to the household, in a role.
    permission_classes = [CanRegisterContact]
    serializer_class = MemberCreateSerializer

    @extend_schema(
        summary="Lid toevoegen",
        description="Voegt een persoon die u mag zien toe aan het huishouden, in een rol. Staat "
        "de persoon er al in, dan is het antwoord 400 met `invalid_params` voor `person`.",
        request=MemberCreateSerializer,
        responses={201: HouseholdSerializer, **problems(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, id: int) -> Response:
        user = request_user(request)
        body = MemberCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        household = selectors.household_get_for_user(
            user=user, household_id=id, channel=Channel.API, resource=request.path
        )
        try:
            person = selectors.person_get_for_user(
                user=user,
                person_id=body.validated_data["person"],
                channel=Channel.API,
                resource=request.path,
            )
        except NotFound:
            raise serializers.ValidationError(
                {"person": "Deze persoon bestaat niet of u heeft er geen toegang toe."}
            ) from None
        services.household_add_member(
            user=user,
            household=household,
            person=person,
            role=body.validated_data["role"],
            channel=Channel.API,
        )
        return Response(HouseholdSerializer(household).data, status=201)


PERSON = OpenApiParameter("person", OpenApiTypes.INT, OpenApiParameter.PATH)


@extend_schema(tags=["huishoudens"], parameters=[ID, PERSON])
class HouseholdMemberRoles(generics.GenericAPIView[Household]):
    # Every role of one member (issue 16.9).
    permission_classes = [CanRegisterContact]
    serializer_class = MemberRolesSerializer

    @extend_schema(
        summary="Rollen van een lid",
        description="Geeft een lid van het huishouden al zijn rollen, bv. slachtoffer én "
        "vermoedelijke pleger. `expected_roles` zijn de rollen die u las: zonder die is het "
        "antwoord 428, bij een tussentijdse wijziging 409.",
        request=MemberRolesSerializer,
        responses={200: HouseholdSerializer, **problems(400, 401, 403, 404, 409, 428)},
    )
    def put(self, request: Request, id: int, person: int) -> Response:
        user = request_user(request)
        body = MemberRolesSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        household = selectors.household_get_for_user(
            user=user, household_id=id, channel=Channel.API, resource=request.path
        )
        member = next(
            (m for m in selectors.household_members(household=household) if m.person_id == person),
            None,
        )
        if member is None:
            raise NotFound
        services.household_member_set_roles(
            user=user,
            household=household,
            person=member.person,
            roles=body.validated_data["roles"],
            expected_roles=body.validated_data["expected_roles"],
            channel=Channel.API,
        )
        return Response(HouseholdSerializer(household).data)
