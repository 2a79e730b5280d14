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


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Test accounts are made by the hundred; the production hasher's million PBKDF2 rounds
    (on purpose slow) would cost about a third of a second each. Logging in works the same."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Counted figures cached for a minute (the team caseload) never leak between tests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True, scope="session")
def _allow_access_log_flush():
    """Transactional tests empty every table between tests (a TRUNCATE on PostgreSQL), which the
    access log's append-only trigger refuses unless a purge is declared. Declare it for tests;
    the test of the trigger itself switches it off again."""
    from django.db.backends.signals import connection_created

    def declare_purge(sender, connection, **kwargs):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET zicht.access_log_purge = 'on'")

    connection_created.connect(declare_purge, weak=False)
    yield
    connection_created.disconnect(declare_purge)


def pytest_collection_modifyitems(config, items):
    """A test outside tests/e2e that takes pytest-playwright's session-scoped browser parameter
    (through a fixture named `browser`, `page`, …) is regrouped with the browser tests, and the
    tests after it then run on the database a live server's test emptied (a CI failure of
    2026-12-04). Refused at collection, with the fixture to rename."""
    strays = [
        item.nodeid
        for item in items
        if "tests/e2e/" not in str(item.fspath)
        and "browser_name" in getattr(getattr(item, "callspec", None), "params", {})
    ]
    if strays:
        raise pytest.UsageError(f"browser-fixture buiten tests/e2e (hernoem de fixture): {strays}")
