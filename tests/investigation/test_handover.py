"""R-OND-4: a confirmed investigation goes on with the shared safety conditions and plan, then
the warm handover (the one handover service of `handover`, warm form) and monitoring agreements;
R-OND-2/3 hold for an investigation conversation recorded through the shared involvement pages
too."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.conditions.conftest import LINK_BASE, plan, warm
from tests.factories import PartnerAgencyFactory
from tests.investigation.conftest import member, pdf_text, talk
from zicht.cases.models import Deadline, HolderType
from zicht.cases.selectors import responsibility_ledger
from zicht.handover import services as handover
from zicht.handover.models import Handover
from zicht.handover.services import Decision, Opinion
from zicht.investigation import services
from zicht.involvement.models import ContactHow, Conversation
from zicht.involvement.services import ContactInput, conversation_record
from zicht.letters.models import Letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(db):
    return PartnerAgencyFactory(name="Wijkteam Testdorp", address="Postbus 7, 1234 AA Testdorp")


def concluded(author, case, investigation, conclusion="confirmed"):
    talk(author, case, investigation, ("Karin", "spoken"), ("Sem", "spoken"), ("Lotte", "seen"))
    investigation.refresh_from_db()
    return services.investigation_conclude(
        user=author,
        case=case,
        investigation=investigation,
        expected_version=investigation.version,
        conclusion=conclusion,
        facts="Sem (7) vertelde dat vader hem slaat.",
        next_steps="Voorwaarden en plan, warme overdracht aan het wijkteam.",
        opinions=[Opinion("Het escaleert.", "B. Gedrag, gedragswetenschapper", "Sem.")],
    )


def test_ond4_warm_handover_refused_before_the_conclusion(author, case, investigation, partner):
    """R-OND-4: no warm handover of an investigation that is not concluded; nothing saved."""
    plan(author, case)
    case.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        warm(author, case, partner)
    assert "bevestigd" in refused.value.message_dict["investigation"][0]
    assert not Handover.objects.exists()


def test_ond4_warm_handover_refused_after_a_refutation(author, case, investigation, partner):
    """R-OND-4: the warm handover of conditions follows "bevestigd", not "weerlegd"."""
    concluded(author, case, investigation, conclusion="refuted")
    plan(author, case)
    case.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        warm(author, case, partner)
    assert "Weerlegd" in refused.value.message_dict["investigation"][0]
    assert not Handover.objects.exists()


def test_ond4_confirmed_plan_warm_handover_partner_takes_over(author, case, investigation, partner):
    """R-OND-4, R-HO-1, R-HO-3: confirmed → conditions and plan → warm handover with monitoring
    agreements → the partner confirms: the ledger shows VT, then the partner; the household and
    partner letters carry the conditions."""
    concluded(author, case, investigation)
    plan(author, case)
    case.refresh_from_db()
    sent, link = warm(author, case, partner)
    handover.handover_answer_by_link(
        token=link.rsplit("/", 1)[1], decision=Decision.ACCEPT, link_base=LINK_BASE
    )
    ledger = list(responsibility_ledger(case=case))
    assert [p.holder_type for p in reversed(ledger)][-2:] == [HolderType.VT, HolderType.PARTNER]
    sent.refresh_from_db()
    assert sent.monitoring_agreements
    household = Letter.objects.filter(case=case, template_code="warm_handover_to_household")
    assert household.exists()
    assert "Vader komt niet in de woning" in pdf_text(household.first())
    assert "Vader komt niet in de woning" in pdf_text(sent.letter)


def test_ond3_age_rule_also_on_the_shared_conversation_page(author, case, investigation):
    """R-OND-3: recorded through `involvement` directly (its page or API), a child of 7 only
    seen without a reason is refused too."""
    with pytest.raises(ValidationError) as refused:
        conversation_record(
            user=author,
            case=case,
            held_on=timezone.localdate(),
            summary="Huisbezoek.",
            contacts=[ContactInput(how=ContactHow.SEEN, member_id=member(case, "Sem").pk)],
        )
    assert f"reason_{member(case, 'Sem').pk}" in refused.value.message_dict
    assert not Conversation.objects.exists()


def test_ond2_shared_conversation_page_starts_the_investigation(author, case):
    """R-OND-2: a conversation recorded through `involvement` meets the start deadline, also
    before the grounds were recorded."""
    conversation_record(
        user=author,
        case=case,
        held_on=timezone.localdate(),
        summary="Kennismaking.",
        contacts=[ContactInput(how=ContactHow.SPOKEN, member_id=member(case, "Karin").pk)],
    )
    assert Deadline.objects.get(case=case, kind="investigation_start").met_at is not None
