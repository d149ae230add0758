from types import SimpleNamespace

import pytest

from tests.factories import (
    EntryFactory,
    ListEntryFactory,
    MemberListEntryFactory,
    MemberListFactory,
    ReviewFactory,
    TitleFactory,
)
from tests.security.helpers import REVIEW_PADDING

BODY = "Kaori's letter at the end undid me completely." + REVIEW_PADDING


@pytest.fixture
def scene(owner, other_user, curator, title):
    """Alice and Bob, each with an entry and a review of one title; an admin; a curated list.

    Alice also has a title she has started but not reviewed, and one not on her watchlist.
    """
    started = TitleFactory(title_en="Anohana", slug="anohana")
    unlisted = TitleFactory(title_en="Clannad", slug="clannad")
    own_entry = EntryFactory(
        user=owner, title=title, status="completed", cry_rating=5, note="mine only"
    )
    EntryFactory(user=owner, title=started, status="watching")
    EntryFactory(user=other_user, title=title, status="completed", cry_rating=4)
    own_review = ReviewFactory(user=owner, title=title, body=BODY)
    other_review = ReviewFactory(user=other_user, title=title, body=BODY)
    list_entry = ListEntryFactory(
        title=title, curated_list__is_published=True, note="The firefly scene."
    )
    # Alice's own list, of two titles.
    member_list = MemberListFactory(owner=owner, name="Sad but gentle", slug="sad-but-gentle")
    member_list_entry = MemberListEntryFactory(member_list=member_list, title=title, position=1)
    MemberListEntryFactory(member_list=member_list, title=started, position=2)
    return SimpleNamespace(
        member_list=member_list,
        member_list_entry=member_list_entry,
        owner=owner,
        other=other_user,
        admin=curator,
        title=title,
        started=started,
        unlisted=unlisted,
        own_entry=own_entry,
        own_review=own_review,
        other_review=other_review,
        curated_list=list_entry.curated_list,
    )
