"""The investigation's services: grounds (R-OND-1), start (R-OND-2), conversations with all
(R-OND-3), the conclusion with facts and attributed opinions apart (R-OND-2, R-HO-4), the
refutation letter (R-PRIV-4) and the RvdK request with the college informed (R-OND-5)."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.investigation.conftest import (
    GROUNDS,
    decide_investigation,
    household_persons,
    member,
    pdf_text,
    talk,
)
from tests.people.factories import PersonFactory
from zicht.cases.models import Deadline
from zicht.core.errors import AlreadyExists, Conflict, VersionRequired
from zicht.handover.services import Opinion
from zicht.investigation import services
from zicht.investigation.coverage import coverage, missing_members
from zicht.investigation.models import (
    AuthorityNotice,
    ConclusionOpinion,
    Investigation,
    NetworkRequest,
)
from zicht.investigation.services import GroundEntry, InvestigationStale
from zicht.involvement.models import ContactSkip, Conversation
from zicht.letters.models import Letter

pytestmark = pytest.mark.django_db

FACTS = "Sem (7) vertelde op 1 december dat vader hem sloeg; de leerkracht zag blauwe plekken."
OPINION = Opinion(
    text="Wij denken dat de spanning thuis oploopt.",
    holder="B. Gedrag, gedragswetenschapper Veilig Thuis",
    based_on="Het verhaal van Sem en de blauwe plekken.",
)


def everyone_spoken(author, case, investigation):
    talk(author, case, investigation, ("Karin", "spoken"), ("Sem", "spoken"), ("Lotte", "seen"))


def conclude(author, case, investigation, **overrides):
    investigation.refresh_from_db()
    arguments = {
        "user": author,
        "case": case,
        "investigation": investigation,
        "expected_version": investigation.version,
        "conclusion": "confirmed",
        "facts": FACTS,
        "next_steps": "Veiligheidsvoorwaarden en plan, daarna warme overdracht aan het wijkteam.",
        "opinions": [OPINION],
    }
    return services.investigation_conclude(**(arguments | overrides))


# --- R-OND-1 ------------------------------------------------------------------------------------


def test_ond1_grounds_with_explanation_recorded(author, case):
    """R-OND-1: one or more of the grounds, each with its explanation."""
    entries = [*GROUNDS, GroundEntry("no_cooperation", "Vader weigert elk gesprek.")]
    investigation = services.investigation_grounds_save(user=author, case=case, grounds=entries)
    assert [(g.ground, g.explanation) for g in investigation.grounds.all()] == [
        ("unclear", GROUNDS[0].explanation),
        ("no_cooperation", "Vader weigert elk gesprek."),
    ]


@pytest.mark.parametrize(
    ("entries", "field"),
    [
        ([], "grounds"),
        ([GroundEntry("unclear", "  ")], "explanation_unclear"),
        ([GroundEntry("because", "x")], "grounds"),
    ],
)
def test_ond1_grounds_refused_without_a_ground_or_explanation(author, case, entries, field):
    """R-OND-1: no investigation without a ground, nor a ground without its explanation."""
    with pytest.raises(ValidationError) as refused:
        services.investigation_grounds_save(user=author, case=case, grounds=entries)
    assert field in refused.value.message_dict
    assert not Investigation.objects.filter(case=case).exists()


def test_ond1_only_a_case_in_investigation(author, scientist):
    """R-OND-1: the investigation follows the assessment's decision; another phase is refused."""
    from tests.assessment.conftest import report_case

    case = report_case(author)
    with pytest.raises(Conflict):
        services.investigation_grounds_save(user=author, case=case, grounds=GROUNDS)


def test_ond1_grounds_changed_against_the_version_read(author, case, investigation):
    """A second worker's stale change of the grounds is refused, not silently overwritten."""
    services.investigation_grounds_save(
        user=author,
        case=case,
        grounds=[GroundEntry("insufficient", "Te weinig bekend.")],
        investigation=investigation,
        expected_version=investigation.version,
    )
    with pytest.raises(InvestigationStale):
        services.investigation_grounds_save(
            user=author,
            case=case,
            grounds=GROUNDS,
            investigation=investigation,
            expected_version=investigation.version,  # the version read before the change
        )
    assert [g.ground for g in investigation.grounds.all()] == ["insufficient"]


def test_changes_without_the_version_read_refused(author, case, investigation):
    """Changing the grounds or concluding without saying which version it was based on is
    refused (428), never a silent overwrite of a colleague's change."""
    with pytest.raises(VersionRequired):
        services.investigation_grounds_save(
            user=author, case=case, grounds=GROUNDS, investigation=investigation
        )
    everyone_spoken(author, case, investigation)
    with pytest.raises(VersionRequired):
        conclude(author, case, investigation, expected_version=None)


def test_ond1_second_open_investigation_refused(author, case, investigation):
    with pytest.raises(AlreadyExists):
        services.investigation_grounds_save(user=author, case=case, grounds=GROUNDS)


# --- R-OND-2: started -------------------------------------------------------------------------


def test_ond2_first_conversation_meets_the_start_deadline(author, case, investigation):
    """R-OND-2: the start deadline is met by the first conversation, not by the grounds."""
    start = Deadline.objects.get(case=case, kind="investigation_start")
    assert start.met_at is None
    talk(author, case, investigation, ("Karin", "spoken"))
    start.refresh_from_db()
    investigation.refresh_from_db()
    assert start.met_at is not None and start.lapsed_reason == ""
    assert investigation.started_at == start.met_at


def test_ond2_a_network_request_also_starts_it(author, case, investigation):
    """R-OND-2: an investigation action (information asked) starts it too."""
    services.network_request_add(
        user=author,
        case=case,
        investigation=investigation,
        kind="professional",
        source="Mevrouw Bakker, leerkracht",
        asked_on=timezone.localdate(),
        question="Wat ziet u in de klas?",
    )
    assert Deadline.objects.get(case=case, kind="investigation_start").met_at is not None


# --- R-OND-3 ------------------------------------------------------------------------------------


def test_ond3_every_member_listed_and_missing_shown(author, case, investigation):
    """R-OND-3: all household members are listed; those not yet spoken are missing."""
    assert {m.person.first_names for m in missing_members(investigation)} == {
        "Karin",
        "Sem",
        "Lotte",
    }
    talk(author, case, investigation, ("Karin", "spoken"))
    assert {m.person.first_names for m in missing_members(investigation)} == {"Sem", "Lotte"}


def test_ond3_child_of_three_seen_is_enough(author, case, investigation):
    """R-OND-3: a child under 6 on the day is seen (and spoken where possible)."""
    talk(author, case, investigation, ("Lotte", "seen"))
    row = next(r for r in coverage(investigation) if r.member.person.first_names == "Lotte")
    assert row.covered and row.seen_enough


def test_ond3_child_of_seven_only_seen_needs_a_reason(author, case, investigation):
    """R-OND-3: a child of 6+ is always spoken personally: only seen, without a reason, is
    refused and nothing of the conversation is saved."""
    with pytest.raises(ValidationError) as refused:
        talk(author, case, investigation, ("Karin", "spoken"), ("Sem", "seen"))
    assert f"reason_{member(case, 'Sem').pk}" in refused.value.message_dict
    assert "6 jaar" in str(refused.value)
    assert not Conversation.objects.filter(case=case).exists()
    assert Deadline.objects.get(case=case, kind="investigation_start").met_at is None


def test_ond3_child_of_seven_seen_with_a_reason(author, case, investigation):
    """R-OND-3: with a recorded reason the child of 7 counts; the reason is kept."""
    talk(
        author,
        case,
        investigation,
        ("Sem", "seen"),
        reasons={"Sem": "Sem sliep; morgen op school gesproken."},
    )
    skip = ContactSkip.objects.get(case=case, member=member(case, "Sem"))
    assert skip.reason == "Sem sliep; morgen op school gesproken."
    assert member(case, "Sem") not in missing_members(investigation)


def test_ond3_partial_date_of_birth_asks_a_reason(author, scientist):
    """R-OND-3: a child known only by birth year, possibly 6 already, is treated as 6+."""
    today = timezone.localdate()
    persons = household_persons()
    persons[2] = PersonFactory(
        first_names="Lotte",
        last_name="de Wit",
        birth_year=today.year - 6,
        birth_month=None,
        birth_day=None,
    )
    case = decide_investigation(author, scientist, persons=persons)
    investigation = services.investigation_grounds_save(user=author, case=case, grounds=GROUNDS)
    with pytest.raises(ValidationError) as refused:
        talk(author, case, investigation, ("Lotte", "seen"))
    assert f"reason_{member(case, 'Lotte').pk}" in refused.value.message_dict


def test_ond3_seen_before_the_sixth_birthday_counts_on_that_day(author, case, investigation):
    """R-OND-3: the age on the day of the conversation counts: seen at 5 stays enough after the
    sixth birthday, but a conversation after it needs Sem spoken (or a reason)."""
    sem = member(case, "Sem").person
    birthday = timezone.localdate() + timedelta(days=2)
    sem.birth_year, sem.birth_month, sem.birth_day = birthday.year - 6, birthday.month, birthday.day
    sem.save()
    talk(author, case, investigation, ("Sem", "seen"))
    with time_machine.travel(timezone.now() + timedelta(days=5)):
        assert member(case, "Sem") not in missing_members(investigation)
        with pytest.raises(ValidationError):
            talk(author, case, investigation, ("Sem", "seen"))


def test_ond3_network_information_recorded(author, case, investigation):
    """R-OND-3: from whom, asked when, and the answer."""
    asked = services.network_request_add(
        user=author,
        case=case,
        investigation=investigation,
        kind="informal",
        source="Oma Jansen",
        asked_on=timezone.localdate(),
        question="Hoe gaat het als de kinderen bij u zijn?",
    )
    services.network_answer_record(
        user=author,
        case=case,
        request=asked,
        answer="De kinderen zijn bang voor vader.",
        answered_on=timezone.localdate(),
    )
    asked.refresh_from_db()
    assert (asked.source, asked.answer) == ("Oma Jansen", "De kinderen zijn bang voor vader.")
    with pytest.raises(AlreadyExists):
        services.network_answer_record(
            user=author, case=case, request=asked, answer="x", answered_on=timezone.localdate()
        )


def test_ond3_network_request_needs_source_and_date(author, case, investigation):
    with pytest.raises(ValidationError) as refused:
        services.network_request_add(
            user=author,
            case=case,
            investigation=investigation,
            kind="professional",
            source=" ",
            asked_on=None,
            question="Wat ziet u?",
        )
    assert {"source", "asked_on"} <= set(refused.value.message_dict)
    assert not NetworkRequest.objects.exists()


def test_ond3_concluding_refused_while_a_member_is_missing(author, case, investigation):
    """R-OND-3: concluding while a member has neither a conversation nor a reason is refused,
    naming the member; nothing is saved, no letter queued."""
    talk(author, case, investigation, ("Karin", "spoken"), ("Lotte", "seen"))
    with pytest.raises(ValidationError) as refused:
        conclude(author, case, investigation)
    assert "Sem de Wit" in refused.value.message_dict["conclusion"][0]
    investigation.refresh_from_db()
    assert investigation.concluded_at is None and investigation.conclusion == ""
    assert not ConclusionOpinion.objects.exists()
    assert not Letter.objects.filter(template_code="investigation_conclusion_household").exists()


def test_ond3_a_reason_for_not_speaking_lets_it_conclude(author, case, investigation):
    """R-OND-3: skipping someone is possible with a recorded reason."""
    talk(
        author,
        case,
        investigation,
        ("Karin", "spoken"),
        ("Lotte", "seen"),
        reasons={"Sem": "Sem verblijft in een pleeggezin; de voogd weigert een gesprek."},
    )
    assert conclude(author, case, investigation).concluded_at is not None


# --- R-OND-2 conclusion, R-HO-4, R-PRIV-4 -------------------------------------------------------


def test_ond2_conclusion_with_facts_and_attributed_opinions_apart(author, case, investigation):
    """R-OND-2, R-HO-4: the conclusion keeps its facts apart from opinions, each opinion with
    whose it is and on which facts it rests; the investigation deadline is met."""
    everyone_spoken(author, case, investigation)
    done = conclude(author, case, investigation)
    assert (done.conclusion, done.facts) == ("confirmed", FACTS)
    assert [(o.text, o.holder, o.based_on) for o in done.opinions.all()] == [
        (OPINION.text, OPINION.holder, OPINION.based_on)
    ]
    assert OPINION.text not in done.facts
    assert Deadline.objects.get(case=case, kind="investigation_done").met_at is not None
    letter = Letter.objects.get(template_code="investigation_conclusion_household")
    text = pdf_text(letter)
    assert "Bevestigd".lower() in text.lower() and FACTS[:40] in text
    assert "Mening van B. Gedrag" in text
    assert "vernietig" not in text  # only after a refutation


def test_ho4_opinion_without_holder_refused(author, case, investigation):
    """R-HO-4: an opinion without whose it is, or without its facts, is refused."""
    everyone_spoken(author, case, investigation)
    with pytest.raises(ValidationError) as refused:
        conclude(
            author,
            case,
            investigation,
            opinions=[Opinion(text="Vader liegt.", holder="", based_on="")],
        )
    assert {"opinions[0].holder", "opinions[0].based_on"} <= set(refused.value.message_dict)
    investigation.refresh_from_db()
    assert investigation.concluded_at is None


def test_ond2_unknown_conclusion_and_missing_facts_refused(author, case, investigation):
    everyone_spoken(author, case, investigation)
    with pytest.raises(ValidationError) as refused:
        conclude(author, case, investigation, conclusion="maybe", facts="", next_steps="")
    assert {"conclusion", "facts", "next_steps"} <= set(refused.value.message_dict)


def test_ond2_stale_conclusion_refused(author, case, investigation):
    everyone_spoken(author, case, investigation)
    with pytest.raises(InvestigationStale):
        conclude(author, case, investigation, expected_version=investigation.version + 5)


def test_priv4_refuted_household_told_it_may_ask_for_destruction(author, case, investigation):
    """R-PRIV-4: after "weerlegd" the household's letter says it may ask for destruction, and
    that it was told is recorded."""
    everyone_spoken(author, case, investigation)
    done = conclude(author, case, investigation, conclusion="refuted", opinions=[])
    assert done.destruction_told_at is not None
    letter = Letter.objects.get(template_code="investigation_conclusion_household")
    assert letter.recipient_name == "Karin de Wit"
    text = pdf_text(letter)
    assert "Weerlegd".lower() in text.lower()
    assert "vragen uw dossier te vernietigen" in text


def test_priv4_not_told_when_confirmed(author, case, investigation):
    everyone_spoken(author, case, investigation)
    assert conclude(author, case, investigation).destruction_told_at is None


def test_priv5_anonymous_reporter_not_in_the_conclusion(author, scientist):
    """R-PRIV-5: the household's letter cannot carry an anonymous reporter's name."""
    case = decide_investigation(author, scientist, anonymous=True)
    investigation = services.investigation_grounds_save(user=author, case=case, grounds=GROUNDS)
    everyone_spoken(author, case, investigation)
    with pytest.raises(ValidationError) as refused:
        conclude(author, case, investigation, facts="Meester Jan Pieterse zag blauwe plekken.")
    assert "facts" in refused.value.message_dict
    assert not Letter.objects.filter(template_code="investigation_conclusion_household").exists()


# --- R-OND-5 ------------------------------------------------------------------------------------

GROUNDS_RVDK = "Ernstige zorgen, ouders werken niet mee."


def notice(author, case, investigation, **overrides):
    arguments = {
        "user": author,
        "case": case,
        "investigation": investigation,
        "kind": "rvdk",
        "made_on": timezone.localdate(),
        "grounds": GROUNDS_RVDK,
    }
    return services.notice_record(**(arguments | overrides))


def test_ond5_rvdk_request_without_informing_the_college_refused(author, case, investigation):
    """R-OND-5: an RvdK request without informing the college is refused; nothing saved."""
    with pytest.raises(ValidationError) as refused:
        notice(author, case, investigation, inform_college=False)
    assert "college" in refused.value.message_dict["inform_college"][0]
    assert not AuthorityNotice.objects.exists()
    assert not Letter.objects.filter(template_code="investigation_rvdk_college").exists()


def test_ond5_rvdk_request_informs_the_college_by_letter(author, case, investigation):
    """R-OND-5, Wmo 4.1.1 f: the request with date and grounds, the college letter with it."""
    made = notice(author, case, investigation, inform_college=True)
    assert made.college_informed_on == timezone.localdate()
    assert made.college_letter.recipient_kind == "municipality"
    text = pdf_text(made.college_letter)
    assert "Alkmaar" in text and "4.1.1" in text and "Raad voor de Kinderbescherming" in text
    assert "de Wit" not in text  # no names to the college


def test_ond5_database_refuses_rvdk_request_without_college(author, case, investigation):
    """R-OND-5: also past the service, the database keeps no RvdK request without the college."""
    with pytest.raises(IntegrityError), transaction.atomic():
        AuthorityNotice.objects.create(
            investigation=investigation,
            kind="rvdk",
            made_on=timezone.localdate(),
            grounds="x",
            recorded_by=author,
        )


def test_ond5_police_informed_recorded(author, case, investigation):
    """R-OND-5: informing the police is recorded with date and grounds; no college letter."""
    made = notice(
        author,
        case,
        investigation,
        kind="police",
        grounds="Aangifte mishandeling besproken met de wijkagent.",
    )
    assert (made.kind, made.college_letter) == ("police", None)
    assert made.grounds.startswith("Aangifte")


def test_ond5_rvdk_without_municipality_refused(author, case, investigation):
    case.municipality = None
    case.save(update_fields=["municipality"])
    with pytest.raises(ValidationError) as refused:
        notice(author, case, investigation, inform_college=True)
    assert "gemeente" in refused.value.message_dict["inform_college"][0]
