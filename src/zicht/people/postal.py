"""Where a letter to a person goes.

A person's postal address is the one in their record — unless they may not be there. A banned
person (a temporary house ban, `zicht.regional`) stays elsewhere while the ban runs: a letter to
the household must not go to them at the home they were removed from, nor carry their name to it.
`regional` sits above this app, so it registers where such a person is while it starts
(`RegionalConfig.ready`), as `cases` registers its scope in `people/scope.py`.
"""

from collections.abc import Callable

from zicht.people.models import Person

# person → None (no other address: the record's own), or the address where they stay now ("" when
# it is unknown: then no letter goes to them by post at all).
AwayAddress = Callable[[Person], str | None]
_away: list[AwayAddress] = []


def register_away_address(finder: AwayAddress) -> None:
    if finder not in _away:
        _away.append(finder)


def postal_address(person: Person) -> str:
    """The record's own address in letter form: street and number, then postcode and town."""
    street = " ".join(part for part in (person.street, person.house_number) if part)
    town = " ".join(part for part in (person.postcode, person.city) if part)
    return "\n".join(line for line in (street, town) if line)


def letter_address(person: Person) -> str | None:
    """Where a letter to the person goes now: their record's address ("" when it has none), the
    address where they stay away from home, or None when no letter may go to them by post."""
    for finder in _away:
        away = finder(person)
        if away is not None:
            return away or None
    return postal_address(person)
