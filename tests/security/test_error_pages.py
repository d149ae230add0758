"""The 400, 403, 404, 500 and CSRF pages are the site's own, in its frame and style."""

import pytest
from django.test import Client

from tests.security.helpers import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.security.error_urls")]


def assert_site_page(response, status, heading):
    """The page has the site's frame (navigation, stylesheet, footer), its heading, no trace."""
    content = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert '<nav class="navbar' in content
    assert "/static/css/sadlist.css" in content
    assert "<footer" in content
    assert f"<h1>{heading}</h1>" in content
    assert "Traceback" not in content and "on purpose" not in content
    return content


@pytest.mark.parametrize(
    ("status", "heading"),
    [(400, "Bad request"), (403, "Not allowed"), (404, "Page not found")],
)
def test_error_pages_are_in_the_site_style(client, status, heading):
    response = client.get(f"/test-errors/{status}/")
    assert_site_page(response, status, heading)
    assert f"{status}.html" in [t.name for t in response.templates]


def test_an_unknown_address_gets_the_404_page(client):
    assert_site_page(client.get("/no/such/page/"), 404, "Page not found")


def test_a_crash_gets_the_500_page_without_details():
    client = Client(raise_request_exception=False)
    response = client.get("/test-errors/500/")
    content = assert_site_page(response, 500, "Something broke")
    assert "RuntimeError" not in content
    assert "It has been logged" in content


def test_the_500_page_sends_the_security_headers_too():
    response = Client(raise_request_exception=False).get("/test-errors/500/")
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_a_forged_form_gets_the_csrf_page_and_keeps_the_visitor_signed_in(owner):
    client = client_for(owner, csrf_checks=True)
    response = client.post("/accounts/settings/", {"display_name": "Forged"})
    content = assert_site_page(response, 403, "This form expired")
    assert "came from another site" in content
    assert "reload the page and try again" in content
    # The navigation still knows who is signed in (the page is rendered with the request).
    assert "Signed in as </span><strong>alice</strong>" in content
