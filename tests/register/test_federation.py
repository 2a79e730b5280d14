"""The federation test (issue 14): real HTTP between three processes — the register (gunicorn,
its own SQLite file), organisation A (this Zicht, through its outbox) and organisations B and C
(client processes of their own)."""

import json
import subprocess
import sys

import pytest

from tests.assessment.conftest import report_case
from tests.people.factories import PersonFactory
from tests.radar.conftest import BOTH_DATABASES
from tests.register.process import ROOT, RegisterProcess
from zicht.radar import services
from zicht.radar.models import Outbox, RegisterMatch

pytestmark = pytest.mark.django_db(databases=BOTH_DATABASES)
SECRET = "het-gedeelde-geheim-van-de-vt-organisaties"
MOTHER = dict(
    first_names="Fatima Zahra",
    last_name="El Amrani",
    birth_year=1988,
    birth_month=4,
    birth_day=11,
    sex="f",
    bsn="111222333",
)
# B knows her with a misspelled surname, day and month swapped, and no BSN (R-REG-3).
MOTHER_AT_B = dict(
    first_names="Fatima",
    last_name="El Amranie",
    birth_year=1988,
    birth_month=11,
    birth_day=4,
    sex="f",
)


def organisation(register: RegisterProcess, key: str, *args: str) -> dict:
    done = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [
            sys.executable,
            str(ROOT / "tests/register/federation_client.py"),
            register.url,
            key,
            SECRET,
            *args,
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_two_organisations_find_the_same_mother_over_real_http(tmp_path, settings, author):
    """R-REG-1, R-REG-2, R-REG-3 over real HTTP: A registers a family (while the register is
    killed mid-way: nothing lost); B registers the mother misspelled, with day and month swapped
    and no BSN; both are told; neither sees the other's content; C cannot look her up."""
    register = RegisterProcess(tmp_path / "register")
    settings.REGISTER_URL = register.url
    settings.REGISTER_KEY = register.organisation(
        "nhn", "Veilig Thuis Noord-Holland Noord", "072-5112600, info@vtnhn.test"
    )
    settings.REGISTER_SECRET = SECRET
    key_b = register.organisation(
        "aa", "Veilig Thuis Amsterdam-Amstelland", "020-7990600, info@vtaa.test"
    )
    key_c = register.organisation("utr", "Veilig Thuis Utrecht", "030-0000000, info@vtu.test")

    # The register is down while A takes in the report: intake goes on, the outbox keeps it.
    case = report_case(
        author,
        persons=[
            PersonFactory(**MOTHER),
            PersonFactory(first_names="Noor", last_name="El Amrani", birth_year=2016, bsn=""),
        ],
    )
    assert services.deliver_due() == 0
    register.start()
    try:
        assert services.deliver_due(now=Outbox.objects.get().next_attempt_at) == 1
        # Killed again, and back: a second round of delivery after a restart changes nothing.
        register.kill()
        register.start()

        registered = organisation(
            register, key_b, "register", "b-case-000123", "b-mother-0001", json.dumps(MOTHER_AT_B)
        )
        assert registered["status"] == 201

        # Both are notified: A through its Zicht, B as a process of its own.
        assert services.pull_notifications() == 1
        match = RegisterMatch.objects.get()
        assert match.case == case and match.organisation == "Veilig Thuis Amsterdam-Amstelland"
        assert match.other_reference == "b-case-000123" and "020-7990600" in match.contact
        told_b = organisation(register, key_b, "notifications")
        assert told_b["status"] == 200
        (notification,) = told_b["body"]
        assert notification["other"]["organisation"] == "Veilig Thuis Noord-Holland Noord"
        assert notification["other"]["case_ref"] == case.register_registration.reference

        # Neither sees the other's content: no name, date or case number crossed.
        crossing = json.dumps(told_b) + match.other_reference + match.contact
        for plain in ("Amrani", "Fatima", "1988", "111222333", case.number):
            assert plain not in crossing

        # B may ask about its own registration; C, who registered nothing of hers, may not.
        asked_b = organisation(register, key_b, "lookup", "b-case-000123", "b-mother-0001")
        assert asked_b["status"] == 200 and asked_b["body"]["known_elsewhere"] is True
        reference = case.register_registration.persons.get(
            person__last_name="El Amrani", person__first_names="Fatima Zahra"
        ).reference
        asked_c = organisation(
            register, key_c, "lookup", case.register_registration.reference, reference
        )
        assert asked_c["status"] == 403
        assert asked_c["body"]["type"].startswith("urn:zicht:probleem:")
    finally:
        register.kill()
