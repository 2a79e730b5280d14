"""The record layout of the CBS half-yearly delivery (R-INF-1): one list per record type.

`docs/cbs.md` is this table in words; `tests/reporting/test_cbs_layout.py` holds them together.
Codes are Zicht's own choice values (one code list per field, the Dutch label beside it), so
adding a category in Zicht adds a code here without a second list to keep in step.
"""

from dataclasses import dataclass

from zicht.assessment.models import Outcome
from zicht.investigation.models import Conclusion
from zicht.people.models import HouseholdRole, Sex
from zicht.reports.models import CallerKind, Involvement, Sector, ViolenceDuration, ViolenceType


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # tekst, datum (JJJJ-MM-DD), getal, code, codes (gescheiden door |)
    codes: tuple[tuple[str, str], ...]
    source: str


class CbsOutcome:
    """The assessment outcome in the four CBS categories (DOMAIN R-INF-1)."""

    FOLLOW_UP_AT_VT = "vervolg_vt"
    HANDOVER = "overdracht"
    NO_FOLLOW_UP = "geen_vervolg"
    REGIONAL = "regionaal_maatwerk"

    CHOICES = (
        (FOLLOW_UP_AT_VT, "Vervolg bij Veilig Thuis (voorwaarden en vervolg, onderzoek)"),
        (HANDOVER, "Overdracht (aan het huishouden of een ketenpartner)"),
        (NO_FOLLOW_UP, "Geen vervolg nodig"),
        (REGIONAL, "Regionaal maatwerk (wordt in Zicht niet geregistreerd)"),
    )
    OF_ASSESSMENT = {
        Outcome.CLOSE: NO_FOLLOW_UP,
        Outcome.HOUSEHOLD: HANDOVER,
        Outcome.PARTNER: HANDOVER,
        Outcome.CONDITIONS: FOLLOW_UP_AT_VT,
        Outcome.INVESTIGATION: FOLLOW_UP_AT_VT,
    }


class FollowUpMoment:
    """When a follow-up report came in: the phase its case was in at that moment."""

    DURING_ASSESSMENT = "tijdens_beoordeling"
    AFTER_ASSESSMENT = "na_beoordeling"
    DURING_MONITORING = "tijdens_monitoren"

    CHOICES = (
        (DURING_ASSESSMENT, "Tijdens de veiligheidsbeoordeling"),
        (AFTER_ASSESSMENT, "Na de veiligheidsbeoordeling (overdracht, V&V, onderzoek)"),
        (DURING_MONITORING, "Tijdens het monitoren"),
    )


def _choices(choices: object) -> tuple[tuple[str, str], ...]:
    return tuple((str(value), str(label)) for value, label in choices)  # type: ignore[attr-defined]


YES_NO = (("1", "ja"), ("0", "nee"))
_PSEUDONYM = "pseudoniem: HMAC-SHA256 van soort en id, 20 tekens"

LAYOUT: dict[str, tuple[Field, ...]] = {
    "VOORLOOP": (
        Field("recordsoort", "code", (("VOORLOOP", "eerste regel"),), "vast"),
        Field("regio", "tekst", (), "organisation.Organisation.code"),
        Field("halfjaar", "tekst", (), "gevraagd halfjaar, JJJJ-1 of JJJJ-2"),
        Field("periode_begin", "datum", (), "eerste dag van het halfjaar"),
        Field("periode_eind", "datum", (), "laatste dag van het halfjaar"),
        Field("aangemaakt_op", "datum", (), "dag van aanmaken"),
    ),
    "ADVIES": (
        Field("recordsoort", "code", (("ADVIES", "advies"),), "vast"),
        Field("advies_id", "tekst", (), f"advice.Advice.id, {_PSEUDONYM}"),
        Field("datum_ontvangst", "datum", (), "reports.Contact.received_at"),
        Field(
            "soort_adviesvrager",
            "code",
            _choices(CallerKind.choices),
            "reports.Contact.caller_kind",
        ),
        Field(
            "sector", "code", _choices(Sector.choices), "reports.Contact.sector (leeg bij burger)"
        ),
        Field("leidt_tot_melding", "code", YES_NO, "advice.Advice.report gevuld"),
    ),
    "MELDING": (
        Field("recordsoort", "code", (("MELDING", "melding"),), "vast"),
        Field("melding_id", "tekst", (), f"reports.Report.id, {_PSEUDONYM}"),
        Field("casus_id", "tekst", (), "de CASUS waar de melding bij hoort"),
        Field("datum_ontvangst", "datum", (), "reports.Report.received_at"),
        Field("soort_melder", "code", _choices(CallerKind.choices), "reports.Contact.caller_kind"),
        Field(
            "sector_melder",
            "code",
            _choices(Sector.choices),
            "reports.Contact.sector (leeg bij burger)",
        ),
        Field(
            "soorten_geweld",
            "codes",
            _choices(ViolenceType.choices),
            "reports.Report.violence_types",
        ),
        Field(
            "duur_geweld",
            "code",
            _choices(ViolenceDuration.choices),
            "reports.Report.violence_duration",
        ),
        Field(
            "eerdere_betrokkenheid",
            "code",
            _choices(Involvement.choices),
            "reports.Report.involvement",
        ),
        Field(
            "moment_vervolgmelding",
            "code",
            FollowUpMoment.CHOICES,
            "fase van het dossier bij ontvangst (cases.PhaseChange); alleen bij een vervolgmelding",
        ),
        Field(
            "uitkomst_beoordeling",
            "code",
            CbsOutcome.CHOICES,
            "assessment.Assessment.outcome van de eerste bevestigde beoordeling na ontvangst",
        ),
        Field("datum_beoordeling", "datum", (), "assessment.Assessment.confirmed_at"),
        Field(
            "uitkomst_onderzoek",
            "code",
            _choices(Conclusion.choices),
            "investigation.Investigation.conclusion van het eerste onderzoek besloten op of na "
            "de ontvangst; leeg zolang er geen is of het loopt",
        ),
        Field(
            "gemeente",
            "code",
            (("GMnnnn", "CBS-gemeentecode"),),
            "organisation.Municipality.cbs_code van het dossier, anders van het huishouden",
        ),
    ),
    "PERSOON": (
        Field("recordsoort", "code", (("PERSOON", "betrokken persoon"),), "vast"),
        Field("melding_id", "tekst", (), "de MELDING waar de persoon bij betrokken is"),
        Field(
            "persoon_id",
            "tekst",
            (),
            f"people.Person.id (na samenvoegen: de overgebleven), {_PSEUDONYM}",
        ),
        Field("rol", "code", _choices(HouseholdRole.choices), "reports.ReportPerson.role"),
        Field(
            "leeftijd",
            "getal",
            (),
            "hele jaren op de dag van ontvangst uit people.Person.birth_*; leeg als onbekend",
        ),
        Field("geslacht", "code", _choices(Sex.choices), "people.Person.sex"),
    ),
    "CASUS": (
        Field("recordsoort", "code", (("CASUS", "casus in CBS-zin"),), "vast"),
        Field(
            "casus_id",
            "tekst",
            (),
            "cases.Case.id van het oudste dossier dat met dit dossier verbonden is "
            f"(Case.earlier_cases), {_PSEUDONYM}",
        ),
        Field("dossier_id", "tekst", (), f"cases.Case.id, {_PSEUDONYM}"),
        Field("gemeente", "code", (("GMnnnn", "CBS-gemeentecode"),), "als bij MELDING"),
        Field("datum_geopend", "datum", (), "cases.Case.opened_at"),
        Field("datum_gesloten", "datum", (), "cases.Case.closed_at; leeg als het nog loopt"),
        Field("meldingen_in_halfjaar", "getal", (), "aantal reports.Report in het halfjaar"),
        Field(
            "overdracht",
            "code",
            YES_NO,
            "cases.PhaseChange naar 'overdracht' tot het einde van het halfjaar",
        ),
        Field(
            "voorwaarden_vervolg", "code", YES_NO, "cases.PhaseChange naar 'voorwaarden en vervolg'"
        ),
        Field("onderzoek", "code", YES_NO, "cases.PhaseChange naar 'onderzoek'"),
        Field("monitoren", "code", YES_NO, "cases.PhaseChange naar 'monitoren'"),
        Field(
            "overdrachten",
            "getal",
            (),
            "aantal handover.Handover verstuurd tot het einde van het halfjaar",
        ),
    ),
}


def header(record_type: str) -> list[str]:
    return [field.name for field in LAYOUT[record_type]]
