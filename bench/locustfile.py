"""The load test's staff (bench/load.py starts it; it runs in var/load-venv with locust only).

Each simulated staff member logs in with password and TOTP code (computed here from the device
key bench/load.py wrote), then works: a page every 3-10 s, in the proportions below. Of every 10,
8 are case workers (worklist, case pages, assessments, person search, their cases' letters and
PDFs, reports from the police's system through the partner API with the token bench/load.py
issued), 1 a team leader (team view, daily screening, waiting list, dashboard, the team's cases)
and 1 front office (person search, the intake forms for a report and an advice, the start
page). Letters are also queued while the test runs, by bench/load.py through the services, and
rendered to PDF by the task worker beside the web load. Names are grouped so that locust reports
one line per kind of page, not per case.
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
STAFF = {kind: list(people) for kind, people in CONFIG["staff"].items()}
for people in STAFF.values():
    random.Random(18).shuffle(people)


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
    abstract = True
    wait_time = between(3, 10)
    kind = "workers"

    def on_start(self) -> None:
        pool = STAFF[self.kind]
        self.me = pool.pop() if pool else random.choice(CONFIG["staff"][self.kind])
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

    def case_page(self) -> None:
        number = self.rng.choice(self.me["cases"])
        self.client.get(f"/dossiers/{number}", name="/dossiers/[nummer]")

    def person_search(self) -> None:
        self.client.post(
            "/personen/zoeken",
            {"last_name": self.rng.choice(CONFIG["last_names"]), **self._csrf()},
            name="/personen/zoeken (POST)",
            headers={"Referer": self.host + "/personen/zoeken"},
        )


class CaseWorker(Staff):
    weight = 8
    kind = "workers"

    @task(20)
    def worklist(self) -> None:
        self.client.get("/werk", name="/werk")

    @task(25)
    def open_case(self) -> None:
        self.case_page()

    @task(10)
    def assessment_page(self) -> None:
        number = self.rng.choice(self.me["cases"])
        self.client.get(f"/dossiers/{number}/beoordeling", name="/dossiers/[nummer]/beoordeling")

    @task(15)
    def search(self) -> None:
        self.person_search()

    @task(5)
    def letter(self) -> None:
        """One of the letters of their cases, and now and then its PDF (logged as a download)."""
        if not self.me["letters"]:
            return
        letter = self.rng.choice(self.me["letters"])
        self.client.get(f"/brieven/{letter}", name="/brieven/[id]")
        if self.rng.random() < 0.4:
            self.client.get(f"/brieven/{letter}/pdf", name="/brieven/[id]/pdf")

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


class TeamLeader(Staff):
    weight = 1
    kind = "leaders"

    @task(15)
    def team(self) -> None:
        self.client.get("/team", name="/team")

    @task(10)
    def screening(self) -> None:
        self.client.get("/screening", name="/screening")

    @task(5)
    def waiting_list(self) -> None:
        self.client.get("/screening/wachtlijst", name="/screening/wachtlijst")

    @task(3)
    def dashboard(self) -> None:
        self.client.get("/verantwoording/dashboard", name="/verantwoording/dashboard")

    @task(10)
    def open_case(self) -> None:
        self.case_page()


class FrontOffice(Staff):
    weight = 1
    kind = "front"

    @task(20)
    def search(self) -> None:
        self.person_search()

    @task(5)
    def new_report(self) -> None:
        self.client.get("/meldingen/nieuw", name="/meldingen/nieuw")

    @task(5)
    def new_advice(self) -> None:
        self.client.get("/adviezen/nieuw", name="/adviezen/nieuw")

    @task(5)
    def start_page(self) -> None:  # not `start`: a locust User's own method
        self.client.get("/", name="/ (start)")
