"""Private lists and private profiles never leak: lists pages, feeds, the sitemap, Atom."""

import pytest
from django.urls import reverse

from accounts import community
from tests.factories import FollowFactory, MemberListFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lists(owner):
    """Alice's public list, her private one, and Pat's (private profile) public one."""
    pat = UserFactory(username="pat", watchlist_visibility="private")
    lists = {
        "public": MemberListFactory(owner=owner, name="Open sorrow", slug="open-sorrow"),
        "private": MemberListFactory(owner=owner, name="Secret sorrow", slug="secret-sorrow",
                                     is_public=False),
        "pats": MemberListFactory(owner=pat, name="Pat's sorrow", slug="pats-sorrow"),
    }  # fmt: skip
    for member_list in lists.values():
        community.list_like(member_list=member_list, user=UserFactory())
    return lists


def test_sitemap_lists_public_member_lists_only(client, lists):
    body = client.get("/sitemap.xml").content.decode()
    assert "/u/alice/lists/open-sorrow/" in body
    assert "secret-sorrow" not in body and "pats-sorrow" not in body


def test_lists_index_and_member_pages_keep_private_lists_out(client, lists):
    index = client.get(reverse("catalog:list_index")).content.decode()
    assert "Open sorrow" in index
    assert "Secret sorrow" not in index and "Pat&#x27;s sorrow" not in index
    assert "Secret sorrow" not in client.get("/u/alice/lists/").content.decode()
    assert "Secret sorrow" not in client.get("/u/alice/").content.decode()
    assert client.get("/u/pat/lists/pats-sorrow/").status_code == 404
    assert client.get("/u/pat/lists/").status_code == 404
    assert "sorrow" not in client.get("/u/pat/").content.decode()


def test_atom_feed_keeps_private_lists_out(client, lists):
    body = client.get(reverse("accounts:member_feed", args=["alice"])).content.decode()
    assert "Open sorrow" in body and "Secret sorrow" not in body
    assert client.get(reverse("accounts:member_feed", args=["pat"])).status_code == 404


def test_a_list_made_private_leaves_every_kept_page_at_once(
    client, lists, settings, django_capture_on_commit_callbacks
):
    settings.SADLIST_ANONYMOUS_PAGE_SECONDS = 60
    url = lists["public"].get_absolute_url()
    assert client.get(url).status_code == 200
    member_list = lists["public"]
    member_list.is_public = False
    with django_capture_on_commit_callbacks(execute=True):
        community.list_save(member_list=member_list)
    assert client.get(url).status_code == 404


def test_feed_leaves_out_a_private_profiles_lists(client, owner, lists):
    reader = UserFactory()
    FollowFactory(follower=reader, followee=lists["pats"].owner)
    FollowFactory(follower=reader, followee=owner)
    client.force_login(reader)
    page = client.get(reverse("accounts:feed")).content.decode()
    assert "Open sorrow" in page
    assert "Secret sorrow" not in page and "Pat&#x27;s sorrow" not in page
