"""The CBS half-yearly delivery (R-INF-1) against the hand-counted data set of `world`."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.reporting.conftest import TODAY
from tests.reporting.world import assert_no_client_data
from zicht.reporting import cbs
from zicht.reporting.cbs_layout import LAYOUT
from zicht.reporting.periods import half_year
from zicht.reporting.pseudonyms import Pseudonymiser
from zicht.reporting.readonly import is_read, read_only

pytestmark = pytest.mark.django_db


def delivery(code: str = "2026-1") -> cbs.Delivery:
    return cbs.Delivery(half_year(code, today=TODAY), code)


def records(code: str = "2026-1") -> dict[str, list[list[str]]]:
    with read_only():
        text = "".join(cbs.lines(delivery(code)))
    out: dict[str, list[list[str]]] = {}
    for row in csv.reader(io.StringIO(text), delimiter=";"):
        out.setdefault(row[0], []).append(row)
    return out


def test_every_record_has_its_layouts_fields(data):
    """R-INF-1: each record type has exactly the fields docs/cbs.md describes."""
    for kind, rows in records().items():
        assert {len(row) for row in rows} == {len(LAYOUT[kind])}, kind


def test_the_half_years_records_and_nothing_else(data):
    """R-INF-1: advice and reports of the half year; the next half year's stay out."""
    found = records()
    assert found["VOORLOOP"] == [
        ["VOORLOOP", "VTNHN", "2026-1", "2026-01-01", "2026-06-30", found["VOORLOOP"][0][5]]
    ]
    assert len(found["ADVIES"]) == 2
    assert len(found["MELDING"]) == 5
    assert len(found["PERSOON"]) == 3 + 1 + 1 + 1 + 2
    assert len(found["CASUS"]) == 4
    p = Pseudonymiser()
    assert [row[1] for row in found["ADVIES"]] == [
        p("advies", data.advices[a].pk) for a in ("a1", "a2")
    ]
    assert [row[3:] for row in found["ADVIES"]] == [
        ["professional", "education", "0"],
        ["citizen", "", "0"],
    ]


def test_report_records_carry_each_cbs_dimension(data):
    """R-INF-1: reporter type and sector, violence type and duration, earlier involvement and
    when, assessment outcome in the CBS categories, municipality by CBS code."""
    p = Pseudonymiser()
    by_id = {row[1]: row for row in records()["MELDING"]}
    r = {
        name: by_id[p("melding", report.pk)]
        for name, report in data.reports.items()
        if name != "r6"
    }
    c1, c3 = data.case("c1").pk, data.case("c3").pk
    assert r["r1"][2:] == [
        p("casus", c1),
        "2026-02-10",
        "professional",
        "police_justice",
        "physical|psychological",
        "over_two_years",
        "first",
        "",
        "overdracht",
        "2026-02-16",
        "",
        "GM0361",
    ]
    assert r["r2"][2:] == [
        p("casus", c1),
        "2026-04-15",
        "citizen",
        "",
        "psychological",
        "unknown",
        "follow_up",
        "tijdens_monitoren",
        "",
        "",
        "",
        "GM0361",
    ]
    assert r["r3"][2:] == [
        p("casus", c3),
        "2026-03-05",
        "professional",
        "education",
        "neglect",
        "unknown",
        "first",
        "",
        "geen_vervolg",
        "2026-03-09",
        "",
        "GM0400",
    ]
    # The repeat report opened a new case linked to the earlier one: one CBS case.
    assert r["r4"][2] == p("casus", c3)
    assert r["r4"][8:12] == ["repeat", "", "", ""]
    assert r["r5"][10] == "vervolg_vt"
    assert r["r5"][12] == "confirmed"  # the investigation's conclusion
    assert r["r1"][12] == r["r3"][12] == ""  # no investigation
    assert r["r5"][13] == "GM0363"


def test_persons_are_pseudonyms_with_age_and_sex(data):
    """R-INF-1: age on the day of the report and sex; no name, no BSN, no birth date."""
    p = Pseudonymiser()
    rows = records()["PERSOON"]
    of_r1 = {row[2]: row[3:] for row in rows if row[1] == p("melding", data.reports["r1"].pk)}
    assert of_r1 == {
        p("persoon", data.anna.pk): ["victim", "35", "f"],
        p("persoon", data.bram.pk): ["alleged_perpetrator", "37", "m"],
        p("persoon", data.cas.pk): ["child", "10", "x"],
    }
    dirk = [row for row in rows if row[2] == p("persoon", data.dirk.pk)]
    assert [row[4] for row in dirk] == ["55", "55"]
    text = "".join(";".join(row) for kind in records().values() for row in kind)
    assert_no_client_data(text, data.anna, data.bram, data.dirk)


def test_case_records_span_handover_and_monitoring(data):
    """R-INF-1: a CBS case holds its reports, services, handovers and monitoring."""
    p = Pseudonymiser()
    by_case = {row[2]: row for row in records()["CASUS"]}
    c1 = by_case[p("dossier", data.case("c1").pk)]
    assert c1[3:] == ["GM0361", "2026-02-10", "", "2", "1", "0", "0", "1", "1"]
    c3 = by_case[p("dossier", data.case("c3").pk)]
    assert c3[3:] == ["GM0400", "2026-03-05", "2026-03-10", "1", "0", "0", "0", "0", "0"]
    c4 = by_case[p("dossier", data.case("c4").pk)]
    assert c4[1] == p("casus", data.case("c3").pk)
    c5 = by_case[p("dossier", data.case("c5").pk)]
    assert c5[7:11] == ["0", "0", "1", "0"]


def test_an_empty_half_year_is_a_file_that_says_so(data):
    """R-INF-1: a half year without data gives the leading record only, not an error."""
    found = records("2025-2")
    assert list(found) == ["VOORLOOP"]


def test_a_half_year_still_running_is_refused():
    """R-INF-1: CBS receives a half year once it is over."""
    with pytest.raises(ValidationError) as error:
        half_year("2026-2", today=TODAY)
    assert "loopt nog" in error.value.message_dict["halfjaar"][0]
    with pytest.raises(ValidationError):
        half_year("2026-3", today=TODAY)
    with pytest.raises(ValidationError):
        half_year("", today=TODAY)


def test_the_delivery_only_reads(data):
    """The reporting app writes nothing: every statement of the delivery is a read, and a write
    inside `read_only()` is refused."""
    with CaptureQueriesContext(connection) as queries:
        records()
    assert queries.captured_queries
    assert [q["sql"] for q in queries.captured_queries if not is_read(q["sql"])] == []
    from zicht.reporting.readonly import WriteRefused

    with pytest.raises(WriteRefused), read_only():
        data.reports["r1"].case.__class__.objects.filter(pk=data.case("c1").pk).update(version=99)


def test_each_check_finds_its_problem(data):
    """R-INF-1: the validation report names every kind of problem that makes a delivery wrong:
    missing categories, impossible dates, cases without outcome."""
    from tests.reporting.world import at
    from zicht.cases.models import Case
    from zicht.people.models import Household, Person
    from zicht.reporting import cbs_checks
    from zicht.reports.models import Contact, Report, ReportPerson

    r = data.reports
    Report.objects.filter(pk=r["r1"].pk).update(violence_types=[])
    Contact.objects.filter(report=r["r3"]).update(sector="")
    Contact.objects.filter(advice=data.advices["a1"]).update(sector="")
    Case.objects.filter(pk=r["r5"].case_id).update(municipality=None)
    Household.objects.filter(cases=r["r5"].case_id).update(municipality=None)
    ReportPerson.objects.filter(report=r["r2"]).delete()
    Person.objects.filter(pk=data.dirk.pk).update(birth_year=2026, birth_month=12)
    Case.objects.filter(pk=r["r3"].case_id).update(closed_at=at("01-01-2026"))
    Case.objects.filter(pk=r["r4"].case_id).update(phase="closed")
    with read_only():
        counts = {c.title: c.count for c in cbs_checks.validate(delivery())}
    assert counts == {
        "Melding zonder soort geweld": 1,
        "Melding van een professional zonder sector": 1,
        "Advies van een professional zonder sector": 1,
        "Melding zonder gemeente": 1,
        "Melding zonder betrokkenen": 1,
        "Onmogelijke datum: betrokkene geboren na de melding": 2,
        "Onmogelijke datum: dossier gesloten vóór het werd geopend": 1,
        "Dossier afgesloten zonder uitkomst van de veiligheidsbeoordeling": 1,
    }
