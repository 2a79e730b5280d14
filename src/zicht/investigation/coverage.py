"""Whom the investigation still has to speak (R-OND-3), on top of the shared coverage of
`zicht.involvement` (`contact_coverage`): every household member is spoken personally, except a
child surely younger than 6 on the day of the conversation, who may be seen only. Anyone else
not spoken needs a recorded reason (`ContactSkip`); a child whose (partial) date of birth leaves
doubt counts as possibly 6 or older, so "seen" is not enough for them without a reason.
"""

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from zicht.investigation.ages import must_be_spoken
from zicht.involvement.models import ContactHow, Service
from zicht.involvement.selectors import contact_coverage
from zicht.people.models import HouseholdMember

if TYPE_CHECKING:
    from zicht.investigation.models import Investigation


@dataclass(frozen=True)
class MemberCoverage:
    member: HouseholdMember
    spoken_on: date | None = None
    seen_on: date | None = None  # seen and not spoken (the first such day)
    seen_enough: bool = False  # seen only, on a day the child was surely under 6
    skip_reason: str = ""

    @property
    def covered(self) -> bool:
        return self.spoken_on is not None or self.seen_enough or bool(self.skip_reason)

    @property
    def status(self) -> str:
        if self.spoken_on:
            return f"Persoonlijk gesproken op {self.spoken_on:%d-%m-%Y}"
        if self.seen_enough and self.seen_on:
            return f"Gezien op {self.seen_on:%d-%m-%Y} (toen jonger dan 6 jaar)"
        if self.skip_reason:
            return f"Niet gesproken, met reden: {self.skip_reason}"
        if self.seen_on:
            return (
                f"Alleen gezien op {self.seen_on:%d-%m-%Y}; moet persoonlijk gesproken worden "
                "(6 jaar of ouder, of leeftijd onzeker) of er is een reden nodig"
            )
        return "Ontbreekt nog: geen gesprek en geen reden"


def coverage(investigation: "Investigation") -> list[MemberCoverage]:
    """Per household member, what this investigation's conversations did: only conversations
    held since the investigation was decided count (an earlier one of the case does not)."""
    rows = []
    for generic in contact_coverage(case=investigation.case, service=Service.INVESTIGATION):
        contacts = [(day, how) for day, how in generic.contacts if day >= investigation.decided_on]
        spoken = [day for day, how in contacts if how == ContactHow.SPOKEN]
        seen = [day for day, how in contacts if how == ContactHow.SEEN]
        young = [day for day in seen if not must_be_spoken(generic.member.person, day)]
        rows.append(
            MemberCoverage(
                member=generic.member,
                spoken_on=spoken[0] if spoken else None,
                seen_on=(young or seen)[0] if seen else None,
                seen_enough=bool(young),
                skip_reason=generic.skip.reason if generic.skip else "",
            )
        )
    return rows


def missing_members(investigation: "Investigation") -> list[HouseholdMember]:
    """The members with neither a (sufficient) conversation nor a recorded reason."""
    return [row.member for row in coverage(investigation) if not row.covered]
