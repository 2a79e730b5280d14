import pytest

from tests.factories import OrganisationFactory, TeamFactory, UserFactory


@pytest.fixture(autouse=True)
def _private_media_and_immediate_tasks(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def worker(db):
    OrganisationFactory(name="Veilig Thuis Testregio", phone="0800-2000")
    user = UserFactory(full_name="Wim Werker")
    TeamFactory(name="Team Alkmaar").members.add(user)
    return user
