"""Every form of every page, sent hostile input (the outside probe's view, "bad input").

The access matrix sends each write an empty body; this test reads each page's forms as a browser
would and fills every field with what a tired worker or an attacker might send: text far over
any limit, a NUL byte, markup, impossible dates and numbers, a choice that is not offered, and
the form's own hidden values altered. Whatever the page, the answer is never a server error
(no 5xx), and a refused form shows what was typed again (the text of a refused text field is on
the page once more), so nothing the user wrote is lost.
"""

from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from typing import Any

import pytest

from tests.conftest import verified_client
from tests.test_access_matrix import (
    LOGIN,
    OTHER,
    PUBLIC,
    ROUTES,
    _path,
    world,  # noqa: F401  # the fixture, shared with the matrix
)
from zicht.accounts.policy import Action, Role, can

pytestmark = pytest.mark.django_db

LONG = "Lange tekst " * 2_000  # ~24,000 characters: over every field's limit
HOSTILE_TEXT = [LONG, "nul\x00byte", "<script>alert(1)</script>' OR 1=1 --", "٣٤٥ 🙂 \u202e"]
HOSTILE_VALUE = {
    "date": "2026-02-30",
    "datetime-local": "2026-13-01T25:61",
    "number": "-1e309",
    "email": "geen-adres@@",
    "time": "25:99",
}


@dataclass
class FormSpec:
    action: str
    fields: list[tuple[str, str, str, list[str]]] = field(default_factory=list)
    # (name, kind: text/textarea/select/checkbox/radio/hidden/<input type>, value, options)


class _Forms(HTMLParser):
    """The POST forms of a page with their fields, as a browser would submit them."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[FormSpec] = []
        self._select: tuple[str, list[str]] | None = None
        self._in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._in_form = a.get("method", "get").lower() == "post"
            if self._in_form:
                self.forms.append(FormSpec(a.get("action", "")))
            return
        if not self._in_form or "disabled" in a:
            return
        fields = self.forms[-1].fields
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a and kind == "checkbox":
                fields.append((name, kind, a.get("value", "on"), []))
                return
            fields.append((name, kind, a.get("value", ""), []))
        elif tag == "textarea" and name:
            fields.append((name, "textarea", "", []))
        elif tag == "select" and name:
            self._select = (name, [])
            fields.append((name, "select", "", self._select[1]))
        elif tag == "option" and self._select is not None:
            self._select[1].append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None


def _payloads(spec: FormSpec) -> list[tuple[dict[str, Any], list[str]]]:
    """Each hostile variant of the form: the data, and the text typed into text fields."""
    variants = []
    for text in HOSTILE_TEXT:
        data: dict[str, Any] = {}
        typed: list[str] = []
        for name, kind, value, options in spec.fields:
            if kind in ("text", "textarea", "search", "tel"):
                data[name] = text
                typed.append(text)
            elif kind in HOSTILE_VALUE:
                data[name] = HOSTILE_VALUE[kind]
            elif kind == "select":
                data[name] = "bestaat-niet" if text is LONG else next(iter(options[1:]), "")
            elif kind == "hidden":
                # The form's own values: kept, but once (the long text) altered.
                data[name] = text if text is LONG else value
            else:
                data.setdefault(name, value)
        variants.append((data, typed))
    return variants


def _user_for(right: str, users: dict[str, Any]) -> Any:
    for role in (Role.CASE_WORKER, Role.TEAM_LEADER, Role.FUNCTIONAL_ADMIN):
        if right == LOGIN or can(users[role], Action(right)):
            return users[role]
    return next((u for u in users.values() if can(u, Action(right))), None)


def test_every_form_survives_hostile_input(world):  # noqa: F811  # the fixture
    """Bad input (every issue's "Bad input"): no page answers hostile form input with a 5xx, and
    a refused form keeps what was typed in its text fields."""
    problems: list[str] = []
    forms_sent = kept_checked = 0
    for route, spec in ROUTES.items():
        if route.startswith("api/") or "^" in route or spec.right == PUBLIC:
            continue
        if spec.method != "GET" or spec.obj == OTHER:
            continue
        user = _user_for(spec.right, world["users"])
        if user is None:
            continue
        client = verified_client(user)
        path = _path(route, world["objects"]["own"], spec.obj)
        page = client.get(path)
        if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
            continue
        parser = _Forms()
        parser.feed(page.content.decode(errors="replace"))
        for form in parser.forms:
            target = form.action or path
            if not target.startswith("/") or target.startswith(("/uitloggen", "/inloggen")):
                continue
            for data, typed in _payloads(form):
                response = client.post(target, data)
                forms_sent += 1
                where = f"POST {target} (page {path})"
                if response.status_code >= 500:
                    problems.append(f"{where}: {response.status_code}")
                elif response.status_code in (400, 409) and "html" in response["Content-Type"]:
                    body = response.content.decode(errors="replace")
                    kept_checked += 1
                    lost = [t[:30] for t in typed if "\x00" not in t and escape(t) not in body]
                    if lost:
                        problems.append(f"{where}: {response.status_code} lost {lost}")
    # about 20 forms of the pages the matrix's own case reaches, four variants each
    assert forms_sent >= 80 and kept_checked >= 20, (forms_sent, kept_checked)
    assert not problems, "\n".join(problems)
