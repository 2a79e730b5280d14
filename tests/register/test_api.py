import pytest

from tests.register.conftest import (
    CHILD,
    MOTHER,
    MOTHER_ELSEWHERE,
    REGISTER_DB,
    STRANGER,
    person,
    register,
)
from zicht.register.models import AccessLog, Match, Notification, Registration
from zicht.register.services import MATCH_THRESHOLD

pytestmark = pytest.mark.django_db(databases=REGISTER_DB)


def test_a_second_organisation_registering_the_same_person_notifies_both(org_a, org_b):
    """R-REG-1: a second VT registering the same person is a match, and BOTH are notified."""
    assert (
        register(
            org_a, "case-a-0001", person("mother-a1", MOTHER), person("child-a1", CHILD)
        ).status_code
        == 201
    )
    assert org_a.get("/register/v1/notifications").json() == []
    assert register(org_b, "case-b-0001", person("mother-b1", MOTHER)).status_code == 201

    for client, own_case, other_case in (
        (org_a, "case-a-0001", "case-b-0001"),
        (org_b, "case-b-0001", "case-a-0001"),
    ):
        notifications = client.get("/register/v1/notifications").json()
        assert [(n["case_ref"], n["other"]["case_ref"]) for n in notifications] == [
            (own_case, other_case)
        ]
    assert notifications[0]["other"]["organisation"] == "Veilig Thuis Noord-Holland Noord"
    assert "0800-2000" in notifications[0]["other"]["contact"]
    assert Match.objects.get().exact


def test_acknowledged_notifications_are_not_sent_again_and_ack_is_idempotent(org_a, org_b):
    """R-REG-1: at-least-once until acknowledged; a second acknowledgement changes nothing."""
    register(org_a, "case-a-0001", person("mother-a1", MOTHER))
    register(org_b, "case-b-0001", person("mother-b1", MOTHER))
    first = org_b.get("/register/v1/notifications").json()
    assert org_b.get("/register/v1/notifications").json() == first  # not acknowledged: again
    url = f"/register/v1/notifications/{first[0]['id']}/ack"
    assert org_b.post(url).status_code == 204
    assert org_b.post(url).status_code == 204
    assert org_b.get("/register/v1/notifications").json() == []
    # Another organisation's notification: not found, whether it exists or not.
    assert org_a.post(url).status_code == 404


def test_replayed_registration_makes_no_second_match(org_a, org_b):
    """R-REG-1: a replay (the outbox retrying after a lost answer) is answered 200 and adds nothing."""
    register(org_a, "case-a-0001", person("mother-a1", MOTHER))
    assert register(org_b, "case-b-0001", person("mother-b1", MOTHER)).status_code == 201
    again = register(org_b, "case-b-0001", person("mother-b1", MOTHER))
    assert again.status_code == 200 and again.json()["created"] is False
    assert Match.objects.count() == 1 and Notification.objects.count() == 2
    assert Registration.objects.count() == 2


def test_fuzzy_match_despite_misspelling_swapped_date_and_no_bsn(org_a, org_b):
    """R-REG-3: no BSN, a misspelled surname and day/month swapped are still found."""
    register(org_a, "case-a-0001", person("mother-a1", MOTHER, flip=0.01))
    register(org_b, "case-b-0001", person("mother-b1", MOTHER_ELSEWHERE, flip=0.01))
    match = Match.objects.get()
    assert not match.exact and match.score >= MATCH_THRESHOLD


def test_only_the_best_fit_matches_not_a_namesake_beside_it(org_a, org_b):
    """R-REG-3 (one-to-one): A knows the mother and, in another case, a namesake born a year
    later; B registers the mother misspelled with day and month swapped. Both of A's score above
    the threshold, but only the best fit (both ways) is a match."""
    from zicht.register.pseudonym import Identity

    namesake = Identity(
        first_names="Fatima", last_name="El Amrani", birth_year=1989, birth_month=7, birth_day=23
    )
    register(org_a, "case-a-0001", person("mother-a1", MOTHER))
    register(org_a, "case-a-0002", person("namesake-a2", namesake))
    register(org_b, "case-b-0001", person("mother-b1", MOTHER_ELSEWHERE))
    (match,) = Match.objects.select_related("first", "second")
    assert {match.first.person_ref, match.second.person_ref} == {"mother-a1", "mother-b1"}


def test_a_different_person_with_the_same_birth_date_is_no_match(org_a, org_b):
    """R-REG-3: a fuzzy match still needs the person, not just the date."""
    register(org_a, "case-a-0001", person("mother-a1", MOTHER))
    register(org_b, "case-b-0001", person("other-b1", STRANGER))
    assert not Match.objects.exists()


def test_different_bsn_keys_rule_a_match_out(org_a, org_b):
    """R-REG-3: two different BSNs are two persons, however alike their names and dates."""
    twin = MOTHER.__class__(**{**MOTHER.__dict__, "bsn": "123456782"})
    register(org_a, "case-a-0001", person("mother-a1", MOTHER))
    register(org_b, "case-b-0001", person("twin-b1", twin))
    assert not Match.objects.exists()


def test_own_organisation_is_no_match(org_a):
    register(org_a, "case-a-0001", person("mother-a1", MOTHER))
    register(org_a, "case-a-0002", person("mother-a2", MOTHER))
    assert not Match.objects.exists()


def test_lookup_answers_that_where_and_when_never_content(org_a, org_b):
    """R-REG-2: the answer names the other organisation, its contact, dates and opaque reference."""
    register(org_a, "case-a-0001", person("mother-a1", MOTHER))
    register(org_b, "case-b-0001", person("mother-b1", MOTHER))
    answer = org_b.post(
        "/register/v1/lookups",
        {"case_ref": "case-b-0001", "person_ref": "mother-b1"},
        format="json",
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["known_elsewhere"] is True
    (other,) = body["registrations"]
    assert set(other) == {
        "organisation",
        "contact",
        "case_ref",
        "registered_at",
        "last_activity_at",
    }
    assert other["case_ref"] == "case-a-0001"
    assert AccessLog.objects.filter(event="bevraging", organisation=org_b.organisation).exists()


def test_lookup_without_own_registration_is_refused(org_a, org_b, org_c):
    """R-REG-2: an organisation can only ask about persons of its own registrations: another
    organisation's references, or its own case with a person it did not register, are refused."""
    register(org_a, "case-a-0001", person("mother-a1", MOTHER))
    register(org_b, "case-b-0001", person("mother-b1", MOTHER))
    for client, body in (
        (org_c, {"case_ref": "case-a-0001", "person_ref": "mother-a1"}),
        (org_b, {"case_ref": "case-a-0001", "person_ref": "mother-a1"}),
        (org_b, {"case_ref": "case-b-0001", "person_ref": "mother-a1"}),
    ):
        answer = client.post("/register/v1/lookups", body, format="json")
        assert answer.status_code == 403
        assert answer["Content-Type"] == "application/problem+json"
        assert "zelf" in answer.json()["detail"]


def test_ended_registration_is_not_found_again_and_cannot_be_asked_about(org_a, org_b):
    """R-REG-2: ending a case's registrations (retention over, file destroyed) wipes its keys: no
    later registration matches it, and its own organisation can no longer ask about it."""
    register(org_a, "case-a-0001", person("mother-a1", MOTHER))
    assert org_a.delete("/register/v1/registrations/case-a-0001").status_code == 204
    assert org_a.delete("/register/v1/registrations/case-a-0001").status_code == 204
    registration = Registration.objects.get()
    assert registration.ended_at is not None and not registration.keys.exists()
    register(org_b, "case-b-0001", person("mother-b1", MOTHER))
    assert not Match.objects.exists()
    answer = org_a.post(
        "/register/v1/lookups",
        {"case_ref": "case-a-0001", "person_ref": "mother-a1"},
        format="json",
    )
    assert answer.status_code == 403
    assert org_b.delete("/register/v1/registrations/case-a-0001").status_code == 404


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("clk", "bm90IGVub3VnaA=="),
        ("clk", "!!!"),
        ("bsn", "abc"),
        ("bsn", "0" * 63),
        ("exact", ["A" * 64]),
        ("blocks", ["0" * 31]),
        ("person_ref", "kort"),
    ],
)
def test_malformed_or_wrong_length_encodings_are_refused(org_a, field, value):
    body = person("mother-a1", MOTHER)
    body[field] = value
    answer = register(org_a, "case-a-0001", body)
    assert answer.status_code == 400
    assert answer["Content-Type"] == "application/problem+json"
    assert answer.json()["invalid_params"][0]["name"] == f"persons.0.{field}" + (
        ".0" if isinstance(value, list) else ""
    )
    assert not Registration.objects.exists()


def test_unknown_or_revoked_credential_is_refused(org_a):
    org_a.organisation.credentials.update(revoked_at="2026-01-01T00:00Z")
    for client_header in (org_a, None):
        if client_header is None:
            org_a.credentials(HTTP_AUTHORIZATION="Bearer vtr_onbekend")
        answer = register(org_a, "case-a-0001", person("mother-a1", MOTHER))
        assert answer.status_code == 401
        assert answer["Content-Type"] == "application/problem+json"
    org_a.credentials()
    assert register(org_a, "case-a-0001", person("mother-a1", MOTHER)).status_code == 401
    assert not Registration.objects.exists()


def test_throttled_per_organisation(org_a, settings):
    settings.REGISTER_RATE = "2/min"
    codes = [org_a.get("/register/v1/notifications").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_unknown_path_is_problem_json(org_a):
    answer = org_a.get("/register/v1/nergens")
    assert answer.status_code == 404 and answer["Content-Type"] == "application/problem+json"


def test_every_answer_names_the_api_version(org_a):
    """The Dutch API Design Rules' /core/version-header, as for Zicht's API: a success, a refusal
    and an unknown path all carry API-Version."""
    answers = [
        register(org_a, "case-a-0001", person("mother-a1", MOTHER)),
        org_a.get("/register/v1/notifications"),
        org_a.post("/register/v1/lookups", {}, format="json"),
        org_a.get("/register/v1/nergens"),
    ]
    assert [a.status_code for a in answers] == [201, 200, 400, 404]
    assert all(a["API-Version"] == "1.0.0" for a in answers)
