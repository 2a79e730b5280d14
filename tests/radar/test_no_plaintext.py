"""R-REG-2: the register's database file holds no plaintext name, BSN or date of birth."""

import pytest

from tests.assessment.conftest import report_case
from tests.people.factories import PersonFactory
from tests.radar.conftest import BOTH_DATABASES
from tests.register.process import RegisterProcess
from zicht.radar import services
from zicht.radar.models import Outbox

pytestmark = pytest.mark.django_db(databases=BOTH_DATABASES)

PERSONS = [
    dict(
        first_names="Wilhelmina",
        last_name="Zwartkruis",
        birth_year=1979,
        birth_month=10,
        birth_day=23,
        bsn="111222333",
        sex="f",
    ),
    dict(
        first_names="Jeroen",
        last_name="Zwartkruis",
        birth_year=1977,
        birth_month=6,
        birth_day=30,
        bsn="123456782",
        sex="m",
    ),
    dict(
        first_names="Mees",
        last_name="Zwartkruis",
        birth_year=2015,
        birth_month=12,
        birth_day=17,
        bsn="",
        sex="m",
    ),
]


def plaintext_forms(person: dict) -> list[bytes]:
    y, m, d = person["birth_year"], person["birth_month"], person["birth_day"]
    forms = [
        person["first_names"],
        person["last_name"],
        person["last_name"].lower(),
        f"{y}-{m:02d}-{d:02d}",
        f"{d:02d}-{m:02d}-{y}",
        f"{y}{m:02d}{d:02d}",
        f"{d:02d}{m:02d}{y}",
    ]
    if person["bsn"]:
        forms.append(person["bsn"])
    return [form.encode() for form in forms] + [form.encode("utf-16-le") for form in forms]


def test_no_plaintext_identifier_in_the_register_database_file(tmp_path, settings, author):
    """R-REG-2: after registering a family over real HTTP, no name, BSN or date of birth of any of
    its persons occurs anywhere in the register's database file (nor in its WAL)."""
    register = RegisterProcess(tmp_path / "register")
    settings.REGISTER_URL = register.url
    settings.REGISTER_KEY = register.organisation(
        "nhn", "Veilig Thuis Noord-Holland Noord", "0800-2000"
    )
    settings.REGISTER_SECRET = "gedeeld-geheim"
    register.start()
    try:
        report_case(author, persons=[PersonFactory(**p) for p in PERSONS])
        assert services.deliver_due() == 1
    finally:
        register.kill()
    assert Outbox.objects.get().delivered_at is not None
    stored = b"".join(path.read_bytes() for path in register.directory.glob("register.sqlite3*"))
    assert b"registratie" in stored  # the access log is in this file: we read the right one
    for person in PERSONS:
        for form in plaintext_forms(person):
            assert form not in stored, form
