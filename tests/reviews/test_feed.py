import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from reviews.services import review_hide
from tests.factories import EntryFactory, ReviewFactory, TitleFactory, UserFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def review(title_name, body, **fields):
    user = UserFactory()
    title = TitleFactory(title_en=title_name)
    EntryFactory(user=user, title=title, status="completed")
    return ReviewFactory(user=user, title=title, body=body, **fields)


def test_feed_is_atom_with_the_latest_visible_reviews(client):
    plain = review("Nana", "Two Nanas, one heartbreak, and a song I can't forget. <b>bold</b>")
    spoiler = review(
        "Clannad",
        "Nagisa dies giving birth and I could not stop crying. " * 2,
        contains_spoilers=True,
    )
    hidden = review("Orange", "This one was hidden by the moderators, sadly for me. " * 2)
    review_hide(review=hidden)

    response = client.get(reverse("reviews:review_feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert titles == [
        f"{spoiler.user.name} on Clannad [spoilers]",
        f"{plain.user.name} on Nana",
    ]
    spoiler_summary = entries[0].find(f"{ATOM}summary").text
    assert "Nagisa" not in spoiler_summary
    assert "contains spoilers" in spoiler_summary
    assert entries[0].find(f"{ATOM}category").get("term") == "spoilers"
    plain_summary = entries[1].find(f"{ATOM}summary").text
    assert "one heartbreak" in plain_summary
    assert "&lt;b&gt;bold&lt;/b&gt;" in plain_summary
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert links[1].endswith(plain.get_absolute_url())
    assert "Orange" not in response.content.decode()
