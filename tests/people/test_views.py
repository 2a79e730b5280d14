"""The person and household pages: scope, access log, search before create, forms."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.utils.html import escape

from tests.conftest import verified_client
from tests.factories import TeamFactory, UserFactory
from tests.people.factories import (
    HouseholdFactory,
    HouseholdMemberFactory,
    PersonFactory,
    case_for,
)
from zicht.audit.models import AccessEvent, AccessLogEntry
from zicht.people import matching
from zicht.people.models import HouseholdMember, HouseholdRole, Person
from zicht.people.selectors import _prefiltered

pytestmark = pytest.mark.django_db

BSN = "111222333"


def _in_scope(user, *persons, role=HouseholdRole.PARENT_CARER):
    """A household with these persons and a case the user's team holds."""
    household = HouseholdFactory()
    for person in persons:
        HouseholdMemberFactory(household=household, person=person, role=role)
    case_for(household, user=user)
    return household


def _log(event, **filters):
    return AccessLogEntry.objects.filter(event=event, **filters)


def _search(client, **data):
    fields = {"last_name": "", "first_names": "", "prefix": "", "bsn": ""} | data
    return client.post("/personen/zoeken", fields)


# Search before create -----------------------------------------------------------------------------


def test_search_form_posts_so_a_bsn_never_reaches_a_url(worker_client):
    body = worker_client.get("/personen/zoeken").content.decode()
    assert re.search(r'<form method="post" action="/personen/zoeken"', body)
    assert 'name="bsn"' in body


def test_search_finds_spelling_variants_and_swapped_dates_and_logs_each(worker_client, case_worker):
    """R-PRIV-3: a search logs one SEARCH entry per person shown."""
    variant = PersonFactory(last_name="Meyer", prefix="de", first_names="Piet", birth_month=7,
                            birth_day=4)  # fmt: skip
    same = PersonFactory(last_name="Meijer", first_names="Piet", bsn=BSN)
    PersonFactory(last_name="Bakker", first_names="Klaas")
    merged = PersonFactory(last_name="Meijer", first_names="Piet", merged_into=same)

    response = _search(
        worker_client, last_name="de Meijer", first_names="Piet", birth_day="7",
        birth_month="4", birth_year="1985",
    )  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 200
    assert "dag en maand omgewisseld" in body
    assert "achternaam lijkt op" in body
    assert "•••••333" in body and BSN not in body  # masked in results
    logged = set(_log(AccessEvent.SEARCH).values_list("person_id", flat=True))
    assert logged == {variant.pk, same.pk}
    assert merged.pk not in logged
    assert all(e.user == case_worker for e in _log(AccessEvent.SEARCH))


def test_search_by_bsn_finds_the_person_whatever_the_name(worker_client):
    person = PersonFactory(last_name="Pietersen", bsn=BSN)
    body = _search(worker_client, bsn="111.222.333").content.decode()
    assert "BSN gelijk" in body and person.last_name in body
    assert _log(AccessEvent.SEARCH, person_id=person.pk).count() == 1


def test_search_with_an_invalid_bsn_is_refused_at_the_field_with_input_kept(worker_client):
    """R-REP-6: the 11-proof also guards the search."""
    response = _search(worker_client, last_name="Jansen", bsn="123456789")
    body = response.content.decode()
    assert response.status_code == 400
    assert "BSN: Dit BSN klopt niet" in body
    assert 'value="Jansen"' in body
    assert not _log(AccessEvent.SEARCH).exists()


def test_search_needs_a_name_or_bsn(worker_client):
    response = _search(worker_client)
    assert response.status_code == 400
    assert "Vul een achternaam of een BSN in" in response.content.decode()


def test_search_query_count_does_not_grow_with_results(
    worker_client, django_assert_max_num_queries
):
    for _ in range(10):
        PersonFactory(last_name="Jansen")
    with django_assert_max_num_queries(16):
        response = _search(worker_client, last_name="Jansen")
    assert response.content.decode().count("achternaam gelijk") == 10


def test_search_reads_only_through_indexes():
    """The pre-filter never scans the person table: every branch is answered from an index."""
    if connection.vendor != "sqlite":
        pytest.skip("the plan is asserted on SQLite; PostgreSQL plans by its statistics")
    query = matching.Identity(
        last_name="Jansen", birth=matching.PartialDate(1985, 4, 7), bsn_hash="0" * 64
    )
    sql, params = _prefiltered(query)[:300].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " | ".join(row[-1] for row in cursor.fetchall())
    assert "SCAN people_person" not in plan
    assert "name_key>? AND name_key<?" in plan and "bsn_hash=?" in plan


def test_results_link_only_to_persons_in_scope(worker_client, case_worker):
    mine, theirs = PersonFactory(last_name="Jansen"), PersonFactory(last_name="Jansen")
    _in_scope(case_worker, mine)
    _in_scope(UserFactory(), theirs)
    body = _search(worker_client, last_name="Jansen").content.decode()
    assert f'href="/personen/{mine.pk}"' in body
    assert f'href="/personen/{theirs.pk}"' not in body
    assert "buiten uw dossiers" in body


def test_roles_without_client_data_get_403():
    client = verified_client(UserFactory(policy_control=True))
    assert client.get("/personen/zoeken").status_code == 403
    assert client.get("/personen/nieuw").status_code == 403


def test_anonymous_is_sent_to_login():
    response = Client().get("/personen/zoeken")
    assert response.status_code == 302 and "/inloggen" in response.url


# Registering ------------------------------------------------------------------------------------


def test_register_is_prefilled_from_the_search(worker_client):
    response = worker_client.post(
        "/personen/nieuw",
        {"stap": "vooraf", "last_name": "Jansen", "birth_year": "1985", "bsn": BSN},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="Jansen"' in body and 'value="1985"' in body and f'value="{BSN}"' in body
    assert not Person.objects.exists()


def test_register_then_open_the_new_person(worker_client, case_worker):
    """R-REP-6: only the last name is required; a partial date is fine. R-PRIV-3: logged."""
    response = worker_client.post(
        "/personen/nieuw", {"last_name": "Jansen", "birth_year": "1985", "sex": "u"}
    )
    person = Person.objects.get()
    assert response.status_code == 302 and response.url == f"/personen/{person.pk}"
    assert _log(AccessEvent.CREATE, person_id=person.pk).exists()
    assert worker_client.get(response.url).status_code == 200  # the registrar may finish it
    assert verified_client(UserFactory()).get(response.url).status_code == 404


def test_register_refusal_names_the_field_and_keeps_the_input(worker_client):
    """R-REP-6: a BSN failing the 11-proof is refused with status 400."""
    response = worker_client.post(
        "/personen/nieuw",
        {"last_name": "", "first_names": "Anna", "bsn": "123456789", "birth_day": "31",
         "birth_month": "2", "birth_year": "1990", "sex": "f"},
    )  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 400
    assert "Achternaam: Vul de achternaam in." in body
    assert "BSN: Dit BSN klopt niet" in body
    assert 'value="Anna"' in body and 'value="123456789"' in body
    assert not Person.objects.exists()


def test_register_refuses_an_impossible_date_from_the_service(worker_client):
    response = worker_client.post(
        "/personen/nieuw",
        {"last_name": "Jansen", "birth_day": "31", "birth_month": "4", "birth_year": "1990",
         "sex": "u"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Geboortedag: Deze datum bestaat niet: april 1990 heeft 30 dagen." in (
        response.content.decode()
    )


def test_register_duplicate_bsn_points_to_the_existing_person(worker_client):
    existing = PersonFactory(bsn=BSN)
    response = worker_client.post("/personen/nieuw", {"last_name": "X", "bsn": BSN, "sex": "u"})
    assert response.status_code == 400
    assert f"persoonsnummer {existing.pk}" in response.content.decode()


# A person's page ----------------------------------------------------------------------------------


def test_person_page_shows_identity_households_cases_and_logs_the_read(worker_client, case_worker):
    """R-PRIV-3: opening a person's page writes a READ entry; the full BSN shows only here."""
    person = PersonFactory(first_names="Anna", last_name="Jansen", bsn=BSN)
    household = _in_scope(case_worker, person)
    case = household.cases.get()
    response = worker_client.get(f"/personen/{person.pk}")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Anna Jansen" in body and BSN in body and "•••••333" in body
    assert f'href="/dossiers/{case.number}"' in body
    assert f'href="/huishoudens/{household.pk}"' in body
    entry = _log(AccessEvent.READ, person_id=person.pk).get()
    assert entry.user == case_worker and BSN not in entry.resource


def test_out_of_scope_and_missing_person_answer_the_same_404(worker_client):
    """R-PRIV-3: access is limited to the persons of one's own cases."""
    stranger = PersonFactory()
    _in_scope(UserFactory(), stranger)
    out_of_scope = worker_client.get(f"/personen/{stranger.pk}")
    missing = worker_client.get("/personen/999999")
    assert out_of_scope.status_code == missing.status_code == 404
    csrf = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert csrf.sub("", out_of_scope.content.decode()) == csrf.sub("", missing.content.decode())
    assert not _log(AccessEvent.READ).exists()


def test_team_membership_gives_scope(case_worker):
    person = PersonFactory()
    household = _in_scope(case_worker, person)
    colleague = UserFactory()
    household.cases.get().team.members.add(colleague)
    assert verified_client(colleague).get(f"/personen/{person.pk}").status_code == 200


def test_person_in_other_households_is_counted_not_named(worker_client, case_worker):
    person = PersonFactory()
    _in_scope(case_worker, person)
    other = _in_scope(UserFactory(), person)
    body = worker_client.get(f"/personen/{person.pk}").content.decode()
    assert "1 huishouden buiten uw dossiers" in body
    assert other.name not in body


def test_change_and_history_show_who_changed_what(worker_client, case_worker):
    person = PersonFactory(last_name="Jansen", first_names="Anna")
    _in_scope(case_worker, person)
    response = worker_client.post(
        f"/personen/{person.pk}/wijzigen",
        {"last_name": "Janssen", "first_names": "Anna", "sex": "f", "bsn": BSN, "version": 1},
    )
    assert response.status_code == 302
    body = worker_client.get(f"/personen/{person.pk}").content.decode()
    assert "Achternaam: Jansen → Janssen" in body
    assert "BSN: — → •••••333" in body
    assert escape(case_worker.full_name) in body  # names like 's Gravensande are HTML-escaped
    assert _log(AccessEvent.CHANGE, person_id=person.pk).exists()


def test_change_refusal_is_400_with_input_kept(worker_client, case_worker):
    person = PersonFactory()
    _in_scope(case_worker, person)
    response = worker_client.post(
        f"/personen/{person.pk}/wijzigen",
        {"last_name": "Nieuw", "postcode": "12", "sex": "u", "version": 1},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Postcode: Vul een postcode in als 1234 AB." in body and 'value="Nieuw"' in body


def test_stale_change_is_refused_with_the_input_kept(worker_client, case_worker):
    """Two users on one person: the form opened before the other's save is refused, not applied."""
    person = PersonFactory(last_name="Jansen")
    _in_scope(case_worker, person)
    form = worker_client.get(f"/personen/{person.pk}/wijzigen").content.decode()
    assert 'name="version" value="1"' in form
    first = {"last_name": "Janssen", "sex": "u", "version": 1}
    assert worker_client.post(f"/personen/{person.pk}/wijzigen", first).status_code == 302
    second = {"last_name": "Jansma", "sex": "u", "version": 1}
    response = worker_client.post(f"/personen/{person.pk}/wijzigen", second)
    assert response.status_code == 409
    body = response.content.decode()
    assert "intussen door iemand anders gewijzigd" in body
    assert 'value="Jansma"' in body and 'name="version" value="2"' in body
    person.refresh_from_db()
    assert person.last_name == "Janssen"


def test_change_out_of_scope_is_404(worker_client):
    person = PersonFactory()
    assert worker_client.get(f"/personen/{person.pk}/wijzigen").status_code == 404


# Merging ----------------------------------------------------------------------------------------


def test_merge_through_the_page(worker_client, case_worker):
    """R-PRIV-3: the merge is logged for both persons."""
    keep = PersonFactory(last_name="Jansen", first_names="Piet")
    duplicate = PersonFactory(last_name="Janssen", first_names="Piet", birth_day=4, birth_month=7)
    _in_scope(case_worker, keep)
    household = _in_scope(case_worker, duplicate)
    page = worker_client.get(f"/personen/{keep.pk}").content.decode()
    assert "Samenvoegen met" in page
    assert f'<option value="{duplicate.pk}">' in page

    refused = worker_client.post(f"/personen/{keep.pk}/samenvoegen", {"remove": duplicate.pk})
    assert refused.status_code == 400
    assert "Bevestig dat het om dezelfde persoon gaat." in refused.content.decode()

    response = worker_client.post(
        f"/personen/{keep.pk}/samenvoegen", {"remove": duplicate.pk, "confirm": "on"}
    )
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == keep
    assert HouseholdMember.objects.get(household=household).person == keep
    assert set(_log(AccessEvent.MERGE).values_list("person_id", flat=True)) == {
        keep.pk,
        duplicate.pk,
    }
    assert worker_client.get(f"/personen/{duplicate.pk}").status_code == 404
    page = worker_client.get(f"/personen/{keep.pk}").content.decode()
    assert f"Samengevoegd uit</dt><dd>persoonsnummer {duplicate.pk}" in page


def test_merge_with_a_person_out_of_scope_is_refused(worker_client, case_worker):
    keep, stranger = PersonFactory(), PersonFactory()
    _in_scope(case_worker, keep)
    _in_scope(UserFactory(), stranger)
    response = worker_client.post(
        f"/personen/{keep.pk}/samenvoegen", {"remove": stranger.pk, "confirm": "on"}
    )
    assert response.status_code == 400
    stranger.refresh_from_db()
    assert stranger.merged_into is None


# Households -------------------------------------------------------------------------------------


def test_household_page_lists_members_in_few_queries(
    worker_client, case_worker, django_assert_max_num_queries
):
    """R-PRIV-3: the page logs a READ for every member shown."""
    household = _in_scope(case_worker, *[PersonFactory() for _ in range(8)])
    with django_assert_max_num_queries(16):
        response = worker_client.get(f"/huishoudens/{household.pk}")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<td>Ouder/verzorger</td>") == 8
    assert "<caption>" in body and '<th scope="col">Rol</th>' in body
    assert _log(AccessEvent.READ).count() == 8


def test_household_out_of_scope_is_404(worker_client):
    """R-PRIV-3: a household outside one's cases answers like a missing one."""
    household = HouseholdFactory()
    case_for(household, user=UserFactory(), team=TeamFactory())
    assert worker_client.get(f"/huishoudens/{household.pk}").status_code == 404
    assert worker_client.get("/huishoudens/999999").status_code == 404


def _household_search(client, household, **data):
    fields = {"stap": "zoeken", "last_name": "", "first_names": "", "prefix": "", "bsn": "",
              "role": HouseholdRole.CHILD} | data  # fmt: skip
    return client.post(f"/huishoudens/{household.pk}", fields)


def test_add_member_searches_first_then_adds_the_found_person(worker_client, case_worker):
    household = _in_scope(case_worker, PersonFactory(last_name="Jansen"))
    found = PersonFactory(last_name="Pietersen", first_names="Kim")
    _in_scope(UserFactory(), found)  # known in another team's case: found all the same
    response = _household_search(worker_client, household, last_name="Pieterse")
    body = response.content.decode()
    assert response.status_code == 200 and "Kim Pietersen" in body
    token = re.search(r'name="candidates" value="([^"]+)"', body)[1]

    response = worker_client.post(
        f"/huishoudens/{household.pk}",
        {"stap": "toevoegen", "person": found.pk, "role": HouseholdRole.CHILD, "candidates": token},
    )
    assert response.status_code == 302
    assert HouseholdMember.objects.get(household=household, person=found).role == "child"
    assert worker_client.get(f"/personen/{found.pk}").status_code == 200  # now in scope


def test_add_member_refuses_a_person_the_search_did_not_show(worker_client, case_worker):
    household = _in_scope(case_worker, PersonFactory(last_name="Jansen"))
    found, guessed = PersonFactory(last_name="Pietersen"), PersonFactory(last_name="Anders")
    body = _household_search(worker_client, household, last_name="Pietersen").content.decode()
    token = re.search(r'name="candidates" value="([^"]+)"', body)[1]
    for person_id, candidates in ((guessed.pk, token), (found.pk, "vervalst")):
        response = worker_client.post(
            f"/huishoudens/{household.pk}",
            {"stap": "toevoegen", "person": person_id, "role": "child", "candidates": candidates},
        )
        assert response.status_code == 400
        assert "Zoek de persoon opnieuw" in response.content.decode()
    assert household.members.count() == 1


def test_register_new_member_from_the_household(worker_client, case_worker):
    household = _in_scope(case_worker, PersonFactory(last_name="Jansen"))
    body = _household_search(worker_client, household, last_name="Nieuw").content.decode()
    assert "Nieuwe persoon registreren en toevoegen" in body
    prefilled = worker_client.post(
        "/personen/nieuw",
        {"stap": "vooraf", "household": household.pk, "role": "child", "last_name": "Nieuw"},
    ).content.decode()
    assert 'value="Nieuw"' in prefilled and "als kind" in prefilled
    response = worker_client.post(
        "/personen/nieuw",
        {"household": household.pk, "role": "child", "last_name": "Nieuw", "sex": "u"},
    )
    assert response.status_code == 302 and response.url == f"/huishoudens/{household.pk}"
    assert household.members.filter(person__last_name="Nieuw", role="child").exists()


def test_household_search_refusal_is_400_with_role_named(worker_client, case_worker):
    household = _in_scope(case_worker, PersonFactory())
    response = _household_search(worker_client, household, last_name="Jansen", role="")
    assert response.status_code == 400
    assert "Rol in het huishouden: Kies de rol" in response.content.decode()


def test_register_into_a_household_out_of_scope_is_404(worker_client):
    household = HouseholdFactory()
    case_for(household, user=UserFactory())
    for value in (household.pk, "abc"):
        response = worker_client.post(
            "/personen/nieuw",
            {"household": value, "role": "child", "last_name": "Nieuw", "sex": "u"},
        )
        assert response.status_code == 404
    assert not Person.objects.exists()


def test_person_edit_form_has_one_version_input(worker_client, case_worker):
    """Issue 20.8: the version was rendered twice (two id="id_version"); once now, and it is the
    one that is posted."""
    person = PersonFactory(last_name="Jansen")
    _in_scope(case_worker, person)
    form = worker_client.get(f"/personen/{person.pk}/wijzigen").content.decode()
    assert form.count('id="id_version"') == 0  # hidden, unlabelled: no id (core.forms)
    assert form.count('name="version"') == 1
