import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from tests.factories import OrganisationFactory, TOTPDeviceFactory, UserFactory
from zicht.accounts.models import User


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


def verified_client(user: User) -> Client:
    """A test client logged in with password and a verified TOTP device, as after step 2."""
    device = TOTPDeviceFactory(user=user)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def case_worker(db) -> User:
    return UserFactory()


@pytest.fixture
def worker_client(case_worker) -> Client:
    return verified_client(case_worker)


@pytest.fixture
def admin_user(db) -> User:
    return UserFactory(functional_admin=True, email="beheerder@zicht.test")


@pytest.fixture
def admin_client(admin_user) -> Client:  # overrides pytest-django's superuser admin_client
    return verified_client(admin_user)
