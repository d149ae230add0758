"""Members' own lists: making, editing, adding, reordering, liking, reporting, limits."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from accounts import community
from accounts.models import ListLike, ListReport, MemberList, MemberListEntry, Notification
from tests.factories import (
    EntryFactory,
    MemberListEntryFactory,
    MemberListFactory,
    TitleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def detail(member_list):
    return member_list.get_absolute_url()


def action(member_list, name, *args):
    return reverse(f"accounts:{name}", args=[member_list.owner.username, member_list.slug, *args])


@pytest.fixture
def own_list(owner):
    return MemberListFactory(owner=owner, name="Top ten that destroyed me", slug="top-ten")


def positions(member_list):
    return list(member_list.entries.order_by("position").values_list("title__slug", flat=True))


def test_member_makes_a_list_and_lands_on_it(signed_in, owner):
    response = signed_in.post(
        reverse("accounts:member_list_create"),
        {"name": "Top 10 that destroyed me", "description": "In order.", "is_ranked": "on",
         "is_public": "on"},
    )  # fmt: skip
    member_list = MemberList.objects.get(owner=owner)
    assert member_list.slug == "top-10-that-destroyed-me"
    assert response["Location"] == "/u/alice/lists/top-10-that-destroyed-me/"
    assert signed_in.get(response["Location"]).status_code == 200


def test_two_lists_of_the_same_name_get_their_own_addresses(owner):
    first = community.list_save(member_list=MemberList(owner=owner, name="Sad"))
    second = community.list_save(member_list=MemberList(owner=owner, name="Sad"))
    assert (first.slug, second.slug) == ("sad", "sad-2")


def test_a_name_without_letters_is_refused_with_a_message(signed_in, owner):
    response = signed_in.post(reverse("accounts:member_list_create"), {"name": "!!!"})
    assert "at least one letter or digit" in response.content.decode()
    assert not MemberList.objects.exists()


def test_new_list_can_start_with_a_title(signed_in, owner, title):
    signed_in.post(
        reverse("accounts:member_list_create") + f"?title={title.slug}", {"name": "Gentle"}
    )
    assert positions(MemberList.objects.get(owner=owner)) == [title.slug]


def test_lists_per_member_are_limited_with_a_clear_message(signed_in, owner, settings):
    settings.SADLIST_MAX_LISTS_PER_MEMBER = 2
    MemberListFactory(owner=owner)
    MemberListFactory(owner=owner)
    response = signed_in.post(reverse("accounts:member_list_create"), {"name": "Third"})
    assert "as many as a member may keep" in response.content.decode()
    assert MemberList.objects.filter(owner=owner).count() == 2


def test_add_from_the_title_page_form(signed_in, own_list, title):
    page = signed_in.get(title.get_absolute_url()).content.decode()
    assert "Add to one of your lists" in page and own_list.name in page
    response = signed_in.post(
        reverse("accounts:list_entry_add", args=[title.slug]),
        {"member_list": own_list.pk, "note": "The fireflies.", "next": title.get_absolute_url()},
    )
    assert response["Location"] == title.get_absolute_url()
    entry = own_list.entries.get()
    assert (entry.title, entry.note, entry.position) == (title, "The fireflies.", 1)


def test_title_page_form_escapes_list_names_and_offers_a_new_list(signed_in, owner, title):
    MemberListFactory(owner=owner, name='<b>Mine & "yours"</b>', slug="hostile")
    page = signed_in.get(title.get_absolute_url()).content.decode()
    assert "<b>Mine" not in page
    assert "&lt;b&gt;Mine &amp; &quot;yours&quot;&lt;/b&gt;</option>" in page
    assert f'name="member_list" id="add-to-list-{title.pk}">' in page
    assert f'<input type="hidden" name="next" value="{title.get_absolute_url()}">' in page
    new_list = reverse("accounts:member_list_create")
    assert f'<a href="{new_list}?title={title.slug}">Start a new list with it</a>' in page


def test_title_page_without_lists_only_offers_a_new_one(signed_in, title):
    page = signed_in.get(title.get_absolute_url()).content.decode()
    assert "Add to one of your lists" in page
    assert 'name="member_list"' not in page
    assert "Start a new list with it" in page


def test_visitors_get_no_list_form(client, title):
    assert "Add to one of your lists" not in client.get(title.get_absolute_url()).content.decode()


def test_catalog_rows_link_to_the_chooser(signed_in, own_list, title):
    page = signed_in.get(reverse("catalog:title_list")).content.decode()
    chooser = reverse("accounts:list_entry_add", args=[title.slug])
    assert chooser in page
    assert own_list.name in signed_in.get(chooser).content.decode()


def test_adding_a_title_twice_says_so_and_keeps_one(signed_in, own_list, title):
    url = reverse("accounts:list_entry_add", args=[title.slug])
    signed_in.post(url, {"member_list": own_list.pk})
    response = signed_in.post(url, {"member_list": own_list.pk})
    assert "is on “Top ten that destroyed me” already" in response.content.decode()
    assert own_list.entries.count() == 1


def test_someone_elses_list_is_not_a_choice(signed_in, title, other_user):
    theirs = MemberListFactory(owner=other_user)
    response = signed_in.post(
        reverse("accounts:list_entry_add", args=[title.slug]), {"member_list": theirs.pk}
    )
    assert response.status_code == 400
    assert "Choose one of your lists." in response.content.decode()
    assert not theirs.entries.exists()


def test_entries_per_list_are_limited(owner, own_list, settings):
    settings.SADLIST_MAX_ENTRIES_PER_LIST = 1
    community.list_entry_add(member_list=own_list, title=TitleFactory())
    with pytest.raises(Exception, match="as many as a list may"):
        community.list_entry_add(member_list=own_list, title=TitleFactory())
    assert own_list.entries.count() == 1


def test_up_and_down_buttons_reorder_without_javascript(signed_in, own_list):
    a, b, c = (MemberListEntryFactory(member_list=own_list, position=n) for n in (1, 2, 3))
    signed_in.post(action(own_list, "list_entry_move", c.pk), {"to": "up"})
    assert positions(own_list) == [a.title.slug, c.title.slug, b.title.slug]
    signed_in.post(action(own_list, "list_entry_move", a.pk), {"to": "up"})  # already first
    assert positions(own_list) == [a.title.slug, c.title.slug, b.title.slug]
    signed_in.post(action(own_list, "list_entry_move", a.pk), {"to": "down"})
    assert positions(own_list) == [c.title.slug, a.title.slug, b.title.slug]


def test_bad_move_changes_nothing(signed_in, own_list):
    a, b = (MemberListEntryFactory(member_list=own_list, position=n) for n in (1, 2))
    response = signed_in.post(action(own_list, "list_entry_move", a.pk), {"to": "sideways"})
    assert response.status_code == 302
    assert positions(own_list) == [a.title.slug, b.title.slug]


def test_the_drag_order_is_saved_when_it_names_every_entry(signed_in, own_list):
    a, b, c = (MemberListEntryFactory(member_list=own_list, position=n) for n in (1, 2, 3))
    signed_in.post(action(own_list, "list_reorder"), {"order": f"{c.pk},{a.pk},{b.pk}"})
    assert positions(own_list) == [c.title.slug, a.title.slug, b.title.slug]
    for bad in [f"{c.pk},{a.pk}", f"{c.pk},{a.pk},{a.pk}", "x,y,z", ""]:
        signed_in.post(action(own_list, "list_reorder"), {"order": bad})
        assert positions(own_list) == [c.title.slug, a.title.slug, b.title.slug]


def test_the_drag_script_is_a_static_file_only_for_the_owner(signed_in, client, own_list):
    MemberListEntryFactory(member_list=own_list)
    assert "js/list-reorder.js" in signed_in.get(detail(own_list)).content.decode()
    client.logout()
    assert "js/list-reorder.js" not in client.get(detail(own_list)).content.decode()


def test_removing_renumbers(signed_in, own_list):
    a, b, c = (MemberListEntryFactory(member_list=own_list, position=n) for n in (1, 2, 3))
    signed_in.post(action(own_list, "list_entry_remove", a.pk))
    assert list(own_list.entries.values_list("position", flat=True)) == [1, 2]
    assert positions(own_list) == [b.title.slug, c.title.slug]


def test_strangers_cannot_touch_a_list(client, other_user, own_list):
    entry = MemberListEntryFactory(member_list=own_list)
    client.force_login(other_user)
    for name, args in [
        ("member_list_edit", []),
        ("member_list_delete", []),
        ("list_entry_remove", [entry.pk]),
        ("list_entry_move", [entry.pk]),
    ]:
        assert client.post(action(own_list, name, *args), {"to": "down"}).status_code == 404
    assert MemberListEntry.objects.filter(pk=entry.pk).exists()


def test_rows_show_the_cry_meter_and_the_authors_own_rating(client, owner, own_list, title):
    EntryFactory(user=owner, title=title, status="completed", cry_rating=5)
    EntryFactory(user=UserFactory(), title=title, status="completed", cry_rating=3)
    MemberListEntryFactory(member_list=own_list, title=title)
    page = client.get(detail(own_list)).content.decode()
    assert "<strong>4.00</strong> / 5 from 2 ratings" in page
    assert "alice: <strong>5</strong> · Destroyed" in page


def test_rows_escape_names_and_notes_and_give_controls_to_the_owner_alone(
    client, owner, own_list, other_user
):
    hostile = TitleFactory(title_en='<img src=x onerror="alert(1)">')
    MemberListEntryFactory(member_list=own_list, title=hostile, note="First line\n<b>bold</b>")
    MemberListEntryFactory(member_list=own_list)
    for visitor in (None, other_user):
        if visitor:
            client.force_login(visitor)
        page = client.get(detail(own_list)).content.decode()
        assert '<img src=x onerror="alert(1)">' not in page
        assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
        assert "First line<br>&lt;b&gt;bold&lt;/b&gt;" in page
        rows = page.split('class="list-unstyled member-list"')[1]
        assert "list-controls" not in rows and "csrfmiddlewaretoken" not in rows
    client.force_login(owner)
    page = client.get(detail(own_list)).content.decode()
    rows = page.split('class="list-unstyled member-list"')[1].split("</ol>")[0]
    assert rows.count('class="d-flex flex-wrap gap-2 align-items-center mt-2 list-controls"') == 2
    # The first row can't move up and the last can't move down; each form carries a token.
    assert rows.count(" disabled>") == 2
    assert rows.count('name="csrfmiddlewaretoken"') == 6
    assert f'action="{action(own_list, "list_entry_note", own_list.entries.first().pk)}"' in rows
    assert "Note on &lt;img src=x" in rows


def test_a_private_list_is_its_owners_alone(client, owner, other_user):
    private = MemberListFactory(owner=owner, is_public=False)
    assert client.get(detail(private)).status_code == 404
    client.force_login(other_user)
    assert client.get(detail(private)).status_code == 404
    assert private.name not in client.get(f"/u/{owner.username}/lists/").content.decode()
    client.force_login(owner)
    assert client.get(detail(private)).status_code == 200


def test_detail_query_count_is_fixed(client, own_list, django_assert_num_queries):
    MemberListEntryFactory(member_list=own_list)
    with django_assert_num_queries(2):
        client.get(detail(own_list))
    for _ in range(10):
        MemberListEntryFactory(member_list=own_list)
    with django_assert_num_queries(2):
        client.get(detail(own_list))


# Likes ----------------------------------------------------------------------------------------


def test_a_like_counts_once_and_tells_the_owner(client, own_list, other_user, owner):
    client.force_login(other_user)
    client.post(action(own_list, "list_like"))
    response = client.post(action(own_list, "list_like"), follow=True)
    assert "You already like this list." in response.content.decode()
    own_list.refresh_from_db()
    assert own_list.like_count == 1
    assert Notification.objects.get(recipient=owner).kind == "liked"
    client.post(action(own_list, "list_like"), {"undo": "1"})
    own_list.refresh_from_db()
    assert own_list.like_count == 0


def test_own_list_cannot_be_liked(signed_in, own_list):
    response = signed_in.post(action(own_list, "list_like"), follow=True)
    assert "like your own list." in response.content.decode()
    assert not ListLike.objects.exists()


def test_a_like_that_loses_a_race_is_told_it_already_likes(own_list, other_user, monkeypatch):
    """Two likes at once: both pass the check, the unique constraint refuses the second."""
    ListLike.objects.create(member_list=own_list, user=other_user)
    real_filter = ListLike.objects.filter

    class NothingYet:
        def exists(self):
            return False

    monkeypatch.setattr(ListLike.objects, "filter", lambda **kwargs: NothingYet())
    with pytest.raises(Exception, match="You already like this list."):
        community.list_like(member_list=own_list, user=other_user)
    monkeypatch.setattr(ListLike.objects, "filter", real_filter)
    own_list.refresh_from_db()
    assert own_list.like_count == 0
    with pytest.raises(IntegrityError):
        ListLike.objects.create(member_list=own_list, user=other_user)


def test_lists_index_shows_staff_lists_then_the_weeks_most_liked(client, article, owner):
    liked = MemberListFactory(owner=owner, name="Liked a lot")
    quiet = MemberListFactory(owner=owner, name="Nobody's favourite")
    private = MemberListFactory(owner=owner, name="Secret sorrow", is_public=False)
    MemberListEntryFactory(member_list=liked)
    for _ in range(2):
        community.list_like(member_list=liked, user=UserFactory())
    ListLike.objects.create(member_list=private, user=UserFactory())
    page = client.get(reverse("catalog:list_index")).content.decode()
    assert page.index("20 Best Heartbreaking Anime") < page.index("Liked a lot")
    assert "2 likes this week" in page
    assert quiet.name not in page and private.name not in page


def test_lists_index_query_count_is_fixed(client, owner, django_assert_num_queries):
    for _ in range(3):
        member_list = MemberListFactory(owner=owner)
        MemberListEntryFactory(member_list=member_list)
        community.list_like(member_list=member_list, user=UserFactory())
    # The curated lists (none), the members' lists liked this week and their entries.
    with django_assert_num_queries(3):
        client.get(reverse("catalog:list_index"))
    for _ in range(5):
        member_list = MemberListFactory(owner=owner)
        MemberListEntryFactory(member_list=member_list)
        community.list_like(member_list=member_list, user=UserFactory())
    with django_assert_num_queries(3):
        client.get(reverse("catalog:list_index"))


# Reports ----------------------------------------------------------------------------------------


def test_a_report_goes_to_the_moderation_queue(client, curator_client, own_list, other_user):
    from django.test import Client

    reader = Client()
    reader.force_login(other_user)
    reader.post(action(own_list, "list_report"), {"reason": "spam", "details": "ads"})
    own_list.refresh_from_db()
    assert own_list.report_count == 1
    queue = curator_client.get(reverse("admin:accounts_reportedlist_changelist"))
    assert own_list.name in queue.content.decode() and "Spam or advertising (ads)" in (
        queue.content.decode()
    )
    curator_client.post(
        reverse("admin:accounts_reportedlist_changelist"),
        {"action": "hide", "_selected_action": [own_list.pk]},
    )
    assert client.get(detail(own_list)).status_code == 404


def test_a_second_report_is_refused(client, own_list, other_user):
    client.force_login(other_user)
    client.post(action(own_list, "list_report"), {"reason": "spam"})
    client.post(action(own_list, "list_report"), {"reason": "other"})
    assert ListReport.objects.count() == 1


def test_a_report_without_a_reason_is_refused(client, own_list, other_user):
    client.force_login(other_user)
    response = client.post(action(own_list, "list_report"), {"reason": "nonsense"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not ListReport.objects.exists()


def test_favourites_are_four_started_titles_shown_on_the_profile(signed_in, owner):
    titles = [TitleFactory(title_en=f"Tearjerker {n}") for n in range(5)]
    for title in titles:
        EntryFactory(user=owner, title=title, status="completed")
    planned = TitleFactory(title_en="Not yet")
    EntryFactory(user=owner, title=planned)
    data = {f"favourite_{n + 1}": titles[n].pk for n in range(4)}
    signed_in.post(reverse("accounts:favourites"), data)
    page = signed_in.get(owner.get_absolute_url()).content.decode()
    assert "Four favourite heartbreaks" in page
    assert page.index("Tearjerker 0") < page.index("Tearjerker 3")
    refused = signed_in.post(reverse("accounts:favourites"), {"favourite_1": planned.pk})
    assert "Choose a title you have started watching." in refused.content.decode()
    twice = signed_in.post(
        reverse("accounts:favourites"), {"favourite_1": titles[0].pk, "favourite_2": titles[0].pk}
    )
    assert "Choose each favourite once." in twice.content.decode()
    assert owner.favourites.count() == 4


def test_deleting_a_member_takes_their_likes_off_others_lists(own_list, other_user):
    from accounts import services

    community.list_like(member_list=own_list, user=other_user)
    services.user_delete(user=other_user)
    own_list.refresh_from_db()
    assert own_list.like_count == 0 and not ListLike.objects.exists()


def test_readers_share_a_lists_rows_and_see_every_change_at_once(
    client, owner, own_list, shared_on, committed, django_assert_num_queries
):
    from sadlist.caching import SHARED_HEADER

    hotaru, clannad = TitleFactory(title_en="Hotaru"), TitleFactory(title_en="Clannad")
    community.list_entry_add(member_list=own_list, title=hotaru, note="The firefly scene.")
    url = detail(own_list)
    assert client.get(url)[SHARED_HEADER] == "miss"
    # The list itself; its rows, count and the owner's ratings are kept for every reader.
    with django_assert_num_queries(1):
        response = client.get(url)
    assert response[SHARED_HEADER] == "hit"
    page = response.content.decode()
    assert "Hotaru" in page and "The firefly scene." in page and "1 title" in page
    # The owner adds a title, edits a note, rates one, renames themselves: all seen at once.
    community.list_entry_add(member_list=own_list, title=clannad)
    page = client.get(url).content.decode()
    assert "Clannad" in page and "2 titles" in page
    entry = own_list.entries.get(title=hotaru)
    community.list_entry_update(entry=entry, note="Still crying.")
    assert "Still crying." in client.get(url).content.decode()
    committed(EntryFactory, user=owner, title=clannad, status="completed", cry_rating=5)
    assert "<strong>5</strong>" in client.get(url).content.decode()
    owner.display_name = "Alice in Tears"
    owner.save()
    assert "Alice in Tears: not rated" in client.get(url).content.decode()
    # A curator renames a title.
    hotaru.title_en = "Grave of the Fireflies"
    committed(hotaru.save)
    assert "Grave of the Fireflies" in client.get(url).content.decode()
    # Another member gets the kept rows, without the owner's forms; the owner gets theirs.
    client.force_login(UserFactory(username="bob"))
    other = client.get(url)
    assert other[SHARED_HEADER] == "hit"
    assert "list-controls" not in other.content.decode()
    client.force_login(owner)
    mine = client.get(url)
    assert not mine.has_header(SHARED_HEADER)
    assert mine.content.decode().count(" list-controls") == 2


def test_a_list_hidden_or_made_private_is_not_served_from_the_kept_rows(
    client, owner, own_list, shared_on, committed
):
    community.list_entry_add(member_list=own_list, title=TitleFactory(title_en="Hotaru"))
    url = detail(own_list)
    assert "Hotaru" in client.get(url).content.decode()
    committed(community.list_hide, member_list=own_list)
    assert client.get(url).status_code == 404
    committed(community.list_restore, member_list=own_list)
    assert "Hotaru" in client.get(url).content.decode()
    own_list.is_public = False
    committed(community.list_save, member_list=own_list)
    assert client.get(url).status_code == 404
