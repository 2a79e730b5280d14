"""Issue 17 item 7: the one-time partner link is not kept where a colleague can read it.

Only the SHA-256 of the token is stored. The link is shown once to the worker who sent the
handover (or answered once by the API); the partner letter, its PDF, the case page, the
timeline and the handover API do not carry it, so a colleague who may see the case cannot answer
as the partner. The partner can still use the link.
"""

import hashlib

import pytest
from django.test import Client

from tests.conftest import verified_client
from tests.factories import UserFactory
from tests.handover.conftest import pdf_text, send, token_of
from zicht.cases.models import TimelineEvent
from zicht.handover.models import HandoverToken
from zicht.letters.models import Letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(team):
    user = UserFactory(full_name="Collega Cor")
    team.members.add(user)
    return user


def _everything_a_colleague_reads(client: Client, case, letter: Letter) -> str:
    pages = [
        f"/dossiers/{case.number}",
        f"/brieven/{letter.pk}",
    ]
    texts = []
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        texts.append(response.content.decode())
    api = client.get(f"/api/v1/cases/{case.number}/handovers")
    assert api.status_code == 200
    texts.append(api.content.decode())
    return "\n".join(texts)


def test_a_colleague_cannot_find_the_partner_link_anywhere_after_creation(
    case_worker, colleague, case, partner, django_capture_on_commit_callbacks
):
    """Issue 17 item 7 (R-HO-5): the link is not in the letter's HTML or PDF, the case page,
    the letter page, the timeline or the API; only its hash is stored."""
    with django_capture_on_commit_callbacks(execute=True):
        handover, link = send(case_worker, case, partner)
    token = token_of(link)
    letter = Letter.objects.get(pk=handover.letter_id)
    assert letter.pdf, "the PDF was made"
    assert token not in letter.html
    assert token not in pdf_text(letter)
    with letter.pdf.open("rb") as handle:
        assert token.encode() not in handle.read()
    assert "link ontvangt u apart" in letter.html or "stuurt hem u apart" in letter.html
    stored = HandoverToken.objects.get(handover=handover, used_at__isnull=True)
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    for event in TimelineEvent.objects.filter(case=case):
        assert token not in f"{event.summary} {event.data}"

    client = verified_client(colleague)
    seen = _everything_a_colleague_reads(client, case, letter)
    assert case.number in seen  # the colleague did read the case
    assert token not in seen
    pdf = client.get(f"/brieven/{letter.pk}/pdf")
    assert pdf.status_code == 200
    assert token.encode() not in b"".join(pdf.streaming_content)


def test_the_partner_can_still_use_the_link(case_worker, case, partner):
    """Issue 17 item 7: with the link out of the letter the partner still answers with it."""
    _, link = send(case_worker, case, partner)
    response = Client().get(f"/overdracht/{token_of(link)}")
    assert response.status_code == 200
    assert "Uw antwoord" in response.content.decode()


def test_a_new_link_is_not_kept_either(case_worker, colleague, case, partner):
    """Issue 17 item 7: a replacement link is shown once too and not stored."""
    handover, _ = send(case_worker, case, partner)
    from zicht.handover import services

    link = services.handover_new_link(
        user=case_worker, handover=handover, link_base="http://testserver/overdracht/"
    )
    token = token_of(link)
    assert not Letter.objects.filter(html__contains=token).exists()
    assert token not in _everything_a_colleague_reads(
        verified_client(colleague), case, Letter.objects.get(pk=handover.letter_id)
    )
