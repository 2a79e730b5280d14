"""The API documentation for partners (issue 19.2): served by Zicht itself, no request leaves the
host, and the page passes the accessibility scan."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import check_page

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_documentation_loads_from_zicht_alone(page, live_server, screenshot):
    """/core/doc-openapi: the document rendered from our own static files. Redoc's sidebar asks
    for its maker's logo on cdn.redoc.ly; the page's policy (img-src 'self') stops that in the
    browser, so nothing reaches another host — every answer comes from Zicht."""
    here = urlsplit(live_server.url).netloc
    answered: set[str] = set()
    stopped: dict[str, str] = {}
    page.on("response", lambda response: answered.add(urlsplit(response.url).netloc))
    page.on(
        "requestfailed",
        lambda request: stopped.setdefault(urlsplit(request.url).netloc, request.failure or ""),
    )
    page.goto(f"{live_server.url}/api-documentatie")
    # Redoc parses the whole document in the browser: give a busy machine time.
    rendered = page.get_by_role("heading", name="Zicht API", exact=False).first
    expect(rendered).to_be_visible(timeout=60_000)
    expect(page.get_by_text("monitoring-plans").first).to_be_attached()
    check_page(page, screenshot, "api-documentatie")
    assert answered - {""} == {here}, answered  # "": data: and blob: URLs, never a host
    assert all(reason == "csp" for host, reason in stopped.items() if host != here), stopped
