"""A Zicht person as the register may see it: pseudonymous keys under the shared secret."""

from typing import Any

from django.conf import settings

from zicht.people.models import Person
from zicht.register.pseudonym import Identity, encode


def identity_of(person: Person) -> Identity:
    sex = person.sex if person.sex in ("m", "f") else ""
    return Identity(
        first_names=person.first_names,
        last_name=person.last_name,
        birth_year=person.birth_year,
        birth_month=person.birth_month,
        birth_day=person.birth_day,
        sex=sex,
        bsn=person.bsn,
    )


def person_keys(person: Person, reference: str) -> dict[str, Any]:
    encoding = encode(settings.REGISTER_SECRET.encode(), identity_of(person))
    return {"person_ref": reference, **encoding.as_json()}
