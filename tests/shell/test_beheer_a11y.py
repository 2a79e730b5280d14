"""Beheer (Django admin) as accessible as Zicht (issue 20.8): breadcrumbs underlined, a visible
focus on the date and time pickers' buttons, a Dutch label on the search box."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_beheer_pages_load_zicht_admin_styles(admin_client):
    page = admin_client.get("/beheer/organisation/municipality/").content.decode()
    assert "zicht/admin.css" in page
    css = Path(finders.find("zicht/admin.css")).read_text(encoding="utf-8")
    assert "div.breadcrumbs a { text-decoration: underline; }" in css
    assert ".datetimeshortcuts a:focus-visible" in css


def test_search_box_has_a_dutch_label(admin_client):
    page = admin_client.get("/beheer/organisation/municipality/").content.decode()
    assert 'alt="Search"' not in page
    assert '<label for="searchbar">' in page
    assert '<span class="visually-hidden">Zoeken in gemeenten</span>' in page
