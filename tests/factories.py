"""factory_boy factories. Synthetic data only (Faker nl_NL)."""

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from zicht.accounts.models import Team, User
from zicht.accounts.policy import Role
from zicht.organisation.models import Municipality, Organisation, PartnerAgency, PartnerType

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"medewerker{n}@zicht.test")
    full_name = factory.Faker("name", locale="nl_NL")
    role = Role.CASE_WORKER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    class Params:
        team_leader = factory.Trait(role=Role.TEAM_LEADER)
        behavioural_scientist = factory.Trait(role=Role.BEHAVIOURAL_SCIENTIST)
        functional_admin = factory.Trait(role=Role.FUNCTIONAL_ADMIN)
        policy_control = factory.Trait(role=Role.POLICY_CONTROL)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "Authenticator-app"
    confirmed = True


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("singleton",)

    singleton = True
    name = "Veilig Thuis Testregio"
    code = "VTTEST"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("cbs_code",)

    name = factory.Sequence(lambda n: f"Gemeente {n}")
    cbs_code = factory.Sequence(lambda n: f"GM{9000 + n:04d}")


class PartnerAgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerAgency

    name = factory.Sequence(lambda n: f"Wijkteam {n}")
    type = PartnerType.LOCAL_TEAM
