"""The load test's staff (bench/load.py starts it; it runs in var/load-venv with locust only).

Each simulated staff member is one of the bench's case workers: logs in with password and TOTP
code (computed here from the device key bench/load.py wrote), then works: a page every 3-10 s,
in the proportions below (letters are not in it yet: see bench/README.md). Reports arrive through the partner API (as the police's system sends
most of them), with the token bench/load.py issued. Names are grouped so that locust reports one
line per kind of page, not per case.
"""

import hashlib
import hmac
import json
import os
import random
import struct
import time
import uuid

from locust import HttpUser, between, task

CONFIG = json.loads(open(os.environ["ZICHT_LOAD_CONFIG"]).read())  # noqa: SIM115
STAFF = list(CONFIG["staff"])
random.Random(18).shuffle(STAFF)


def totp(hex_key: str, moment: float) -> str:
    """RFC 6238 as django-otp computes it: SHA-1, 30 s steps, 6 digits."""
    counter = int(moment) // 30
    digest = hmac.new(bytes.fromhex(hex_key), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def report_body(rng: random.Random) -> dict:
    last = rng.choice(CONFIG["last_names"])
    year = rng.randint(1970, 1995)
    return {
        "reporter": {"name": "Agent Load", "kind": "professional", "phone": "0881234567",
                     "sector": "police_justice"},
        "concerns": "Inzet huiselijk geweld (belastingtest).",
        "violence_types": ["physical"],
        "persons": [
            {"first_names": "Jan", "last_name": last, "birth_year": year, "birth_month": 3,
             "birth_day": 14, "role": "alleged_perpetrator"},
            {"first_names": "Sanne", "last_name": last, "birth_year": year + 1, "birth_month": 7,
             "birth_day": 2, "role": "victim"},
            {"first_names": "Noor", "last_name": last, "birth_year": rng.randint(2010, 2022),
             "birth_month": 11, "birth_day": 20, "role": "child"},
        ],
    }  # fmt: skip


class Staff(HttpUser):
    wait_time = between(3, 10)

    def on_start(self) -> None:
        self.me = STAFF.pop() if STAFF else random.choice(CONFIG["staff"])
        self.rng = random.Random(self.me["email"])
        self.client.get("/inloggen", name="inloggen")
        csrf = self.client.cookies.get("csrftoken", "")
        self.client.post(
            "/inloggen",
            {"username": self.me["email"], "password": CONFIG["password"],
             "csrfmiddlewaretoken": csrf},
            name="inloggen", headers={"Referer": self.host + "/inloggen"},
        )  # fmt: skip
        # Each staff member has a device of their own: a code is accepted once per device. On an
        # overloaded server a request can wait past the code's 30 s (+30 s tolerance): then a
        # fresh code is typed again, as a person would; a second refusal counts as an error.
        for attempt in (1, 2):
            with self.client.post(
                "/inloggen/code",
                {"token": totp(self.me["key"], time.time()),
                 "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")},
                name="inloggen/code", headers={"Referer": self.host + "/inloggen/code"},
                catch_response=True,
            ) as response:  # fmt: skip
                if "/inloggen" not in response.url:
                    return
                if attempt == 1:
                    response.success()  # retried below, not an error yet
                else:
                    response.failure("inloggen mislukt")

    def _csrf(self) -> dict:
        return {"csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")}

    @task(20)
    def worklist(self) -> None:
        self.client.get("/werk", name="/werk")

    @task(25)
    def case_page(self) -> None:
        number = self.rng.choice(self.me["cases"])
        self.client.get(f"/dossiers/{number}", name="/dossiers/[nummer]")

    @task(10)
    def assessment_page(self) -> None:
        number = self.rng.choice(self.me["cases"])
        self.client.get(f"/dossiers/{number}/beoordeling", name="/dossiers/[nummer]/beoordeling")

    @task(15)
    def person_search(self) -> None:
        self.client.post(
            "/personen/zoeken",
            {"last_name": self.rng.choice(CONFIG["last_names"]), **self._csrf()},
            name="/personen/zoeken (POST)",
            headers={"Referer": self.host + "/personen/zoeken"},
        )

    @task(10)
    def intake(self) -> None:
        """A report from the police's system: search before create, registration, a case."""
        self.client.post(
            "/api/v1/reports",
            json=report_body(self.rng),
            headers={"Authorization": f"Token {CONFIG['token']}",
                     "Idempotency-Key": str(uuid.uuid4())},
            name="/api/v1/reports (POST)",
        )  # fmt: skip
