"""Issue 20.1: the one-time submission key of every page that creates something
(`zicht.core.submission`), in the idempotency record the API uses (`core.IdempotencyRecord`)."""

import pytest
from django.db import IntegrityError
from django.template import Context, Template
from django.test import RequestFactory

from tests.factories import UserFactory
from zicht.core import submission
from zicht.core.models import IdempotencyRecord

pytestmark = pytest.mark.django_db


def _request(user, **post):
    request = RequestFactory().post("/x", post)
    request.user = user
    return request


def test_the_record_moved_to_core_and_kept_its_table():
    """The move keeps the table (and so the API's stored keys): only Django's state moved."""
    assert IdempotencyRecord._meta.app_label == "core"
    assert IdempotencyRecord._meta.db_table == "reports_idempotencyrecord"


def test_once_writes_once_per_key_and_answers_a_repeat_with_the_first_location():
    user, key = UserFactory(), submission.new_key()
    made: list[int] = []

    def write() -> int:
        made.append(len(made) + 1)
        return made[-1]

    assert submission.once(_request(user, sleutel=key), "p", write, lambda n: f"/ding/{n}") == 1
    with pytest.raises(submission.Repeated) as repeated:
        submission.once(_request(user, sleutel=key), "p", write, lambda n: f"/ding/{n}")
    assert repeated.value.location == "/ding/1" and made == [1]
    # another page, another user, no key or a malformed one: not the same submission
    submission.once(_request(user, sleutel=key), "q", write, str)
    submission.once(_request(UserFactory(), sleutel=key), "p", write, str)
    submission.once(_request(user), "p", write, str)
    submission.once(_request(user, sleutel="../1"), "p", write, str)
    assert made == [1, 2, 3, 4, 5]


def test_an_integrity_error_of_the_write_itself_is_not_taken_for_a_repeat():
    user = UserFactory()

    def broken() -> None:
        raise IntegrityError("something else")

    with pytest.raises(IntegrityError):
        submission.once(_request(user, sleutel=submission.new_key()), "p", broken, str)


def test_the_tag_gives_a_fresh_key_and_keeps_a_posted_one():
    template = Template("{% load core_submission %}{% submission_key %}")
    fresh = [template.render(Context({"request": RequestFactory().get("/")})) for _ in range(2)]
    assert fresh[0] != fresh[1] and 'type="hidden" name="sleutel"' in fresh[0]
    key = submission.new_key()
    kept = template.render(Context({"request": RequestFactory().post("/", {"sleutel": key})}))
    assert f'value="{key}"' in kept
    forged = template.render(Context({"request": RequestFactory().post("/", {"sleutel": '"><x'})}))
    assert "<x" not in forged
