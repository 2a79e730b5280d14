"""The change history (R-PRIV-3 audit) still works with simple-history's manager class reused."""

import pytest

from tests.people.factories import PersonFactory
from zicht.people.models import Person

pytestmark = pytest.mark.django_db


def test_the_history_manager_class_is_built_once_and_bound_to_the_instance():
    """R-PRIV-3: `person.history` lists that person's changes; the class behind it is reused."""
    one, other = PersonFactory(last_name="Jansen"), PersonFactory(last_name="Bakker")
    one.last_name = "Janssen"
    one.save()
    assert type(one.history) is type(other.history) is type(Person.history)
    assert [h.last_name for h in one.history.order_by("history_date")] == ["Jansen", "Janssen"]
    assert [h.last_name for h in other.history.all()] == ["Bakker"]
    assert Person.history.count() == 3
