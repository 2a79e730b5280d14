"""The persons as the access log's reviewer sees them (`audit.subjects`): registered with the
audit app when this app starts. Unscoped on purpose: a subject access request or a privacy check
concerns any person, and only a role with REVIEW_ACCESS_LOG gets here (audit.selectors)."""

from collections.abc import Iterable
from functools import reduce
from operator import and_

from django.db.models import Q

from zicht.audit.subjects import Subject
from zicht.people.bsn import bsn_hash, masked_bsn
from zicht.people.models import Person


class PersonDirectory:
    def search(self, *, name: str, bsn: str, limit: int) -> list[Subject]:
        conditions = [
            Q(first_names__icontains=word)
            | Q(prefix__icontains=word)
            | Q(last_name__icontains=word)
            for word in name.split()
        ]
        if bsn:
            conditions.append(Q(bsn_hash=bsn_hash(bsn)))
        if not conditions:
            return []
        persons = Person.objects.filter(reduce(and_, conditions)).order_by(
            "last_name", "first_names", "pk"
        )[:limit]
        return [
            Subject(
                person_id=person.pk,
                name=person.full_name,
                birth=person.birth_date_display,
                masked_bsn=masked_bsn(person.bsn),
            )
            for person in persons
        ]

    def names(self, person_ids: Iterable[int]) -> dict[int, str]:
        persons = Person.objects.filter(pk__in=list(person_ids)).only(
            "first_names", "prefix", "last_name"
        )
        return {person.pk: person.full_name for person in persons}
