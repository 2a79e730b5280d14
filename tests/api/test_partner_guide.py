"""The partner guide cannot rot (issue 19.2): every example of docs/partner-guide.md runs, as the
partner would run it (a Python process of its own, `requests`, the address and token from the
environment), against a live server, with the tokens issued here as the administrator issues them;
its output must be the output the guide shows under it (`...` for what differs each time)."""

import doctest
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import letter_templates
from tests.cases.factories import open_case
from tests.factories import OrganisationFactory, PartnerAgencyFactory, TeamFactory, UserFactory
from zicht.accounts import services as account_services
from zicht.accounts.policy import Role
from zicht.audit.models import AccessLogEntry, Channel
from zicht.cases.workflow import Phase
from zicht.handover import services as handover_services
from zicht.handover.models import HandoverStatus
from zicht.reports.models import PartnerSystemAccount

pytestmark = pytest.mark.django_db(transaction=True)

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "partner-guide.md"
# A tag, the example in Python, then its output: what the guide promises a partner will see.
EXAMPLE = re.compile(
    r"<!-- voorbeeld: (?P<who>[a-z ]+) -->\n```python\n(?P<code>.*?)```\n\s*Uitvoer:\s*\n"
    r"```text\n(?P<output>.*?)```",
    re.DOTALL,
)
CHECKER = doctest.OutputChecker()
FLAGS = doctest.ELLIPSIS


@dataclass(frozen=True)
class Example:
    who: str
    code: str
    output: str
    line: int


def examples() -> list[Example]:
    text = GUIDE.read_text()
    return [
        Example(m["who"], m["code"], m["output"], text.count("\n", 0, m.start()) + 1)
        for m in EXAMPLE.finditer(text)
    ]


def test_every_python_block_of_the_guide_is_a_tested_example():
    """An example without its tag or its output would not be run: that fails here."""
    blocks = GUIDE.read_text().count("```python")
    found = examples()
    assert blocks == len(found) >= 5
    assert {example.who for example in found} == {"politie", "lokaal team"}


def partner_system(name: str, team) -> PartnerSystemAccount:
    return PartnerSystemAccount.objects.create(
        user=UserFactory(
            role=Role.PARTNER_SYSTEM,
            full_name=f"{name} (koppeling)",
            email=f"koppeling-{name.split()[0].lower()}@zicht.test",
        ),
        partner=PartnerAgencyFactory(name=name),
        default_team=team,
    )


def test_the_guides_examples_run_against_a_live_server(live_server, case_worker):
    letter_templates.restore()  # a live server's test empties the tables the migrations filled
    administrator = UserFactory(functional_admin=True)
    team = TeamFactory(name="Team Intake")
    police = partner_system("Politie Noord-Holland", team)
    local_team = partner_system("Wijkteam Alkmaar-Noord", team)
    tokens = {
        "politie": account_services.api_token_issue(by=administrator, user=police.user)[1],
        "lokaal team": account_services.api_token_issue(by=administrator, user=local_team.user)[1],
    }
    # What the local team is handed: a case in the handover phase, sent as the worker sends it.
    OrganisationFactory(name="Veilig Thuis Testregio", phone="0800-2000")
    case = open_case(user=case_worker, team=team, phase=Phase.HANDOVER)
    handover, _ = handover_services.handover_send(
        user=case_worker,
        case=case,
        expected_version=case.version,
        partner=local_team.partner,
        facts="Op 2 maart zag de leerkracht blauwe plekken op de arm van Daan (7).",
        safety_points="Vader mag niet alleen met de kinderen zijn.",
        opinions=[
            handover_services.Opinion(
                text="Wij vermoeden dat de spanning thuis toeneemt.",
                holder="J. de Boer, gedragswetenschapper Veilig Thuis",
                based_on="De blauwe plekken en twee politiemeldingen in één maand.",
            )
        ],
        link_base=f"{live_server.url}/overdracht/",
    )

    for example in examples():
        environment = os.environ | {
            "ZICHT_URL": live_server.url,
            "ZICHT_TOKEN": tokens[example.who],
        }
        ran = subprocess.run(  # noqa: S603  # our own interpreter, the guide's own code
            [sys.executable, "-c", example.code],
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        where = f"docs/partner-guide.md, voorbeeld op regel {example.line}"
        assert ran.returncode == 0, f"{where}:\n{ran.stderr}"
        assert CHECKER.check_output(example.output, ran.stdout, FLAGS), (
            f"{where}: de uitvoer wijkt af van de handleiding.\n"
            f"Verwacht:\n{example.output}\nKreeg:\n{ran.stdout}"
        )

    handover.refresh_from_db()
    assert handover.status == HandoverStatus.ACCEPTED
    # Every call of both partners that touched client data is logged under their names.
    for account in (police, local_team):
        entries = AccessLogEntry.objects.filter(user_id=account.user.pk, channel=Channel.API)
        assert entries.exists()
        assert all(account.user.full_name in entry.user_label for entry in entries)


def test_the_documentation_page_and_the_document_point_to_the_guide(client):
    """The guide is found from what Zicht serves: the API documentation page and the OpenAPI
    document's description (which the page renders) name it."""
    page = client.get("/api-documentatie").content.decode()
    assert "Handleiding voor ketenpartners" in page and "docs/partner-guide.md" in page
    document = client.get("/api/v1/openapi.json").json()
    assert "docs/partner-guide.md" in document["info"]["description"]
