"""What a household — or a partner — may learn about who reported (R-REP-2, R-PRIV-2, R-PRIV-5).

Every letter or message to a household member names the reporter only through
`reporter_for_household`, so a reporter who is anonymous towards the household is never revealed
by the letter's own wording — not by name, not by organisation, not by profession.

And free text a worker types into anything the household or a partner receives (the plans in
"Huishouden informeren", a handover's facts and opinions, a letter's text) is checked here before
it is stored or rendered (R-PRIV-5): while a report of the case is anonymous towards the
household, the reporter's name, organisation, phone number and e-mail address are refused in
that text, with obvious variants — another case, spacing or punctuation, initials with the
surname, a title with the surname, the organisation without its place or its kind, a phone
number without spaces or with +31. The one check is used by the forms (`DisclosureGuardMixin`),
by the services (`check_disclosure`, so the API is covered too) and by every letter to a household
member or a partner (registered with `letters.guards` when the app starts).
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from zicht.cases.models import Case
from zicht.reports.models import Report

ANONYMOUS_REPORTER = "een melder die anoniem wil blijven tegenover u"

# Words that join a Dutch surname ("de Vries", "van der Berg") and titles put before a name.
PARTICLES = {"de", "der", "den", "van", "von", "het", "t", "ter", "ten", "te", "in", "op", "la"}
TITLES = (
    "mevrouw", "mevr", "mw", "meneer", "mr", "dhr", "de heer", "heer", "juf", "juffrouw",
    "meester", "meneer", "dokter", "dr", "drs", "ir", "ing", "mr",
)  # fmt: skip
# Kinds of organisation: "Basisschool De Vlieger" is known as "De Vlieger" as well.
ORGANISATION_KINDS = (
    "basisschool", "school", "obs", "cbs", "rkbs", "pcbs", "kindcentrum", "ikc", "kinderopvang",
    "kinderdagverblijf", "peuterspeelzaal", "bso", "huisartsenpraktijk", "huisarts",
    "praktijk", "tandartspraktijk", "ziekenhuis", "stichting", "vereniging", "college", "lyceum",
    "scholengemeenschap", "wijkteam", "sociaal wijkteam", "jeugdteam", "buurtteam",
)  # fmt: skip
# Where an organisation's place is written: "X, Alkmaar", "X te Alkmaar", "X (Alkmaar)".
PLACE = re.compile(r"\s*(?:,|\bte\b|\()\s*[^,()]*\)?\s*$", re.IGNORECASE)
PHONE = re.compile(r"(?:\+|00)?\d[\d\s\-./()]{6,}\d")
EMAIL_AT = re.compile(r"\s*(?:@|\(at\)|\[at\]|\{at\}|\bat\b)\s*", re.IGNORECASE)
MIN_SPACELESS = 8  # a needle compared without spaces only when it is long enough to be unique


def reporter_for_household(report: Report) -> str:
    """The reporter as the household may read it in a letter."""
    if report.anonymous_to_household:
        return ANONYMOUS_REPORTER
    if report.reporter_organisation:
        return f"{report.reporter_name} ({report.reporter_organisation})"
    return report.reporter_name


# --- normalising --------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Lower case, accents off, every run of punctuation and space one space."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[\W_]+", " ", plain).split())


def _phone_digits(text: str) -> str:
    """A phone number as its national significant digits: +31 6 …, 0031 6 …, 06 … → 6…"""
    digits = re.sub(r"\D", "", text)
    for prefix in ("0031", "31", "0"):
        if digits.startswith(prefix) and len(digits) - len(prefix) >= 8:
            return digits[len(prefix) :]
    return digits


def _email(text: str) -> str:
    return EMAIL_AT.sub("@", text.strip().lower()).replace(" ", "")


# --- what identifies a reporter -----------------------------------------------------------------


@dataclass(frozen=True)
class Identifier:
    what: str  # Dutch, for the message: "de naam van de melder"
    phrases: tuple[str, ...]  # normalised; found as whole words
    phone: str = ""  # national digits
    email: str = ""


def _name_phrases(name: str, household_surnames: frozenset[str] = frozenset()) -> set[str]:
    """The name, first name with surname, initials with surname (either order), a title with
    the surname. A reporter who shares the household's surname (a grandparent, an aunt) is
    refused by full and first name only: "mevrouw Bakker" may be the household itself."""
    words = normalise(name).split()
    if len(words) < 2:  # one word alone: the full name is all we can say
        return {" ".join(words)} if words else set()
    # The surname starts at its first particle ("de Vries"), else it is the last word.
    start = next((i for i, w in enumerate(words[1:], 1) if w in PARTICLES), len(words) - 1)
    given, surname = words[:start], " ".join(words[start:])
    bare_surname = " ".join(w for w in words[start:] if w not in PARTICLES)
    initials = [w[0] for w in given]
    phrases = {" ".join(words), f"{given[0]} {surname}", f"{' '.join(given)} {surname}"}
    phrases |= {f"{title} {given[0]}" for title in ("juf", "juffrouw", "meester")}
    if bare_surname in household_surnames:
        return phrases
    phrases |= {f"{' '.join(initials)} {surname}", f"{initials[0]} {surname}"}
    phrases |= {f"{''.join(initials)} {surname}"}
    phrases |= {f"{surname} {' '.join(initials)}", f"{bare_surname} {' '.join(initials)}"}
    phrases |= {f"{normalise(title)} {surname}" for title in TITLES}
    phrases |= {f"{normalise(title)} {bare_surname}" for title in TITLES}
    return phrases


def _organisation_phrases(organisation: str) -> set[str]:
    full = normalise(organisation)
    if not full:
        return set()
    phrases = {full}
    without_place = normalise(PLACE.sub("", organisation))
    if without_place and without_place not in ORGANISATION_KINDS:
        phrases.add(without_place)
    for kind in sorted(ORGANISATION_KINDS, key=len, reverse=True):
        for phrase in list(phrases):
            if phrase.startswith(f"{kind} "):
                core = phrase[len(kind) + 1 :]
                # "Basisschool De Vlieger" → "De Vlieger" (so "de vlieger" in any sense is
                # refused: rare, and the worker can say it otherwise); a core of one word
                # ("Jansen") could be anyone's name, the household's own included: not alone.
                if len(core.split()) >= 2:
                    phrases.add(core)
    return phrases


def _household_surnames(report: Report) -> frozenset[str]:
    if report.case_id is None:
        return frozenset()
    names = report.case.household.members.values_list("person__last_name", flat=True)
    return frozenset(
        " ".join(w for w in normalise(name).split() if w not in PARTICLES) for name in names
    )


def identifiers(report: Report) -> list[Identifier]:
    """What identifies the reporter of one report, each with its variants."""
    found = []
    # The most precise first, so the message names what the worker typed.
    if report.reporter_email.strip():
        found.append(Identifier("het e-mailadres van de melder", (), email=report.reporter_email))
    if len(_phone_digits(report.reporter_phone)) >= 8:
        digits = _phone_digits(report.reporter_phone)
        found.append(Identifier("het telefoonnummer van de melder", (), phone=digits))
    if report.reporter_name.strip():
        phrases = _name_phrases(report.reporter_name, _household_surnames(report))
        found.append(Identifier("de naam van de melder", tuple(phrases)))
    if report.reporter_organisation.strip():
        phrases = _organisation_phrases(report.reporter_organisation)
        found.append(Identifier("de organisatie van de melder", tuple(phrases)))
    return found


def _joined(tokens: list[str], squeezed: str) -> bool:
    """Whether whole consecutive words, written together, make the phrase ("DeVlieger",
    "De Vlie ger"): spacing may differ, but a word that only starts like it does not count."""
    for start, token in enumerate(tokens):
        if not squeezed.startswith(token):
            continue
        joined = ""
        for word in tokens[start:]:
            joined += word
            if joined == squeezed:
                return True
            if not squeezed.startswith(joined):
                break
    return False


def _contains(text: str, identifier: Identifier) -> bool:
    normalised = normalise(text)
    words = f" {normalised} "
    tokens = normalised.split()
    for phrase in identifier.phrases:
        if phrase and f" {phrase} " in words:
            return True
        squeezed = phrase.replace(" ", "")
        if len(squeezed) >= MIN_SPACELESS and _joined(tokens, squeezed):
            return True
    if identifier.phone:
        for match in PHONE.finditer(text):
            if _phone_digits(match.group()).endswith(identifier.phone):
                return True
    if identifier.email:
        return _email(identifier.email) in _email(text)
    return False


# --- the guard ----------------------------------------------------------------------------------


def refusal(what: str) -> str:
    return (
        f"Deze tekst noemt {what}. De melder blijft anoniem tegenover het huishouden, dus het "
        "huishouden en de ketenpartner mogen niet kunnen zien wie meldde (R-PRIV-5). Haal "
        f"{what} uit de tekst, ook afgekort of anders geschreven."
    )


def anonymous_reports(case: Case | None) -> list[Report]:
    if case is None or case.pk is None:
        return []
    return list(
        Report.objects.filter(case=case, anonymous_to_household=True).select_related(
            "case__household"
        )
    )


def disclosure_errors(*, reports: Iterable[Report], texts: Mapping[str, str]) -> dict[str, str]:
    """Per field, why its text would reveal an anonymous reporter; empty when none does."""
    found = [identifier for report in reports for identifier in identifiers(report)]
    errors: dict[str, str] = {}
    for field, text in texts.items():
        if not text:
            continue
        for identifier in found:
            if _contains(text, identifier):
                errors[field] = refusal(identifier.what)
                break
    return errors


def check_disclosure(*, case: Case | None, texts: Mapping[str, str]) -> None:
    """Refuses (ValidationError naming each field) text that would reveal an anonymous reporter
    of the case to the household or a partner (R-PRIV-5). Call it before storing the text."""
    errors = disclosure_errors(reports=anonymous_reports(case), texts=texts)
    if errors:
        raise ValidationError(errors)


def flatten(context: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    """The strings of a letter's context by field name: `opinions[0].text` for a list's rows."""
    flat: dict[str, str] = {}
    for key, value in context.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, str):
            flat[name] = value
        elif isinstance(value, Mapping):
            flat |= flatten(value, name)
        elif isinstance(value, list | tuple):
            for index, item in enumerate(value):
                if isinstance(item, Mapping):
                    flat |= flatten(item, f"{name}[{index}]")
                elif isinstance(item, str):
                    flat[f"{name}[{index}]"] = item
    return flat


# The addressee's own name is no disclosure to the addressee: a handover to the partner whose
# worker reported (anonymously towards the household) names that partner in its own letter.
ADDRESSEE_FIELDS = ("recipient_name", "partner_name")


def letter_guard(case: Case | None, context: Mapping[str, Any]) -> dict[str, str]:
    """For `letters.guards`: every other text in a household or partner letter is checked."""
    texts = {k: v for k, v in flatten(context).items() if k not in ADDRESSEE_FIELDS}
    return disclosure_errors(reports=anonymous_reports(case), texts=texts)


class DisclosureGuardMixin(forms.Form):
    """A form whose `guarded_fields` reach the household or a partner: pass `case=`, and the
    form refuses a text that names an anonymous reporter at its field, with the other errors."""

    guarded_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any) -> None:
        self.guard_case = case
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        texts = {
            name: data[name]
            for name in self.guarded_fields
            if isinstance(data.get(name), str) and name not in self.errors
        }
        for name, message in disclosure_errors(
            reports=anonymous_reports(self.guard_case), texts=texts
        ).items():
            self.add_error(name, message)
        return data
