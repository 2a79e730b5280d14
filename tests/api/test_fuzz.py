"""Fuzzing that stays (issue 17): schemathesis generates requests from the committed
docs/openapi.json for every operation, valid and invalid, with the tokens of two roles — a case
worker (client data) and a partner system (reports only). No answer is a 5xx, and every 4xx is
problem+json. Bounded: a few examples per operation, role and mode, and a deadline per example,
so it runs in `make test` on SQLite and PostgreSQL alike (about 15 s of CPU each)."""

import json
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from tests.api.factories import case, person, team_of, token_client
from tests.factories import PartnerAgencyFactory, TeamFactory, UserFactory
from zicht.accounts.policy import Role
from zicht.reports.models import PartnerSystemAccount

pytestmark = pytest.mark.django_db

SCHEMA = schemathesis.openapi.from_path(
    str(Path(__file__).resolve().parents[2] / "docs" / "openapi.json")
)
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
EXAMPLES = 3  # per operation, role and generation mode
DEADLINE_MS = 5_000  # per example: generous for a busy two-core machine, still a bound
BUDGET_SECONDS = 45  # CPU seconds of this process, so a busy machine does not fail it
PROBLEM = "application/problem+json"


@pytest.fixture
def clients(db) -> dict[str, tuple[Client, dict[str, Any]]]:
    """Per role: its client and the path parameters of objects it can reach, so that some
    requests get past the 404 and into the views."""
    worker = UserFactory()
    team = team_of(worker)
    own = case(worker, team=team, last_names=("Fuzz",))
    someone = person(worker, "Proef")
    partner = UserFactory(role=Role.PARTNER_SYSTEM, email="koppeling@zicht.test")
    PartnerSystemAccount.objects.create(
        user=partner, partner=PartnerAgencyFactory(), default_team=TeamFactory(name="Intake")
    )
    return {
        "case_worker": (
            token_client(worker),
            {"number": own.number, "id": someone.pk, "report_id": 1},
        ),
        "partner_system": (token_client(partner), {}),
    }


def _send(client: Client, generated: Any) -> Any:
    """The generated request through Django's test client (one thread, the test's database)."""
    kwargs = generated.as_transport_kwargs(base_url="http://testserver/api/v1")  # the server
    url = urlsplit(kwargs["url"])
    query = urlencode(kwargs.get("params") or {}, doseq=True)
    path = url.path + (f"?{query}" if query else "") + (f"&{url.query}" if url.query else "")
    headers = {
        k: v
        for k, v in (kwargs.get("headers") or {}).items()
        if k.lower() not in {"authorization", "content-type", "content-length", "user-agent"}
    }
    if "json" in kwargs:
        body: Any = json.dumps(kwargs["json"])
        content_type = "application/json"
    else:
        body = kwargs.get("data") or ""
        content_type = (kwargs.get("headers") or {}).get("Content-Type", "application/json")
    return client.generic(
        kwargs["method"].upper(), path, body, content_type=content_type, headers=headers
    )


STATUSES: Counter[int] = Counter()


def _check(response: Any, label: str) -> None:
    STATUSES[response.status_code] += 1
    assert response.status_code < 500, f"{label}: {response.status_code}"
    if 400 <= response.status_code < 500:
        assert response["Content-Type"] == PROBLEM, f"{label}: {response['Content-Type']}"
        body = response.json()
        assert body["status"] == response.status_code and body["detail"], label


def _fuzz(strategy: Any, client: Client, label: str) -> Any:
    @given(generated=strategy)
    @settings(
        max_examples=EXAMPLES,
        deadline=DEADLINE_MS,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(generated: Any) -> None:
        _check(_send(client, generated), label)

    return run


def test_api_fuzzing_no_5xx_and_problem_json_on_every_4xx(clients):
    """Issue 17, "A fuzzing test that stays": every operation of docs/openapi.json, for two
    roles, valid and invalid requests: never a 5xx, every 4xx as problem+json."""
    assert len(OPERATIONS) >= 30
    STATUSES.clear()
    started = time.process_time()  # this process's work, not the machine's load
    sent = 0
    for operation in OPERATIONS:
        for role, (client, known) in clients.items():
            names = {p.name for p in operation.path_parameters}
            fixed = {name: value for name, value in known.items() if name in names}
            # Invalid requests where there is something to make invalid: a body or a query.
            # (Any string is a valid path segment: searching for an invalid one is slow, and a
            # path the route does not match is a 404 the valid round reaches already.)
            modes = [GenerationMode.POSITIVE]
            if len(operation.body) or len(operation.query):
                modes.append(GenerationMode.NEGATIVE)
            for mode in modes:
                label = f"{operation.label} as {role} ({mode.value})"
                strategy = operation.as_strategy(generation_mode=mode, path_parameters=fixed)

                try:
                    _fuzz(strategy, client, label)()
                except Unsatisfiable:
                    # Nothing to make invalid (no parameters, no body): the valid round covers it.
                    assert mode == GenerationMode.NEGATIVE, label
                    continue
                sent += 1
    elapsed = time.process_time() - started
    # The tokens work and the fixed objects are reached: answers of both kinds, not only 401s.
    assert sum(n for status, n in STATUSES.items() if status < 300) > 30, STATUSES
    assert STATUSES[400] > 30 and STATUSES[403] and STATUSES[404], STATUSES
    assert elapsed < BUDGET_SECONDS, f"fuzzing took {elapsed:.0f} s of CPU for {sent} rounds"
