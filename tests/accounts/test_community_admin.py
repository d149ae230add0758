"""The admin's pages for lists, follows, blocks and notifications."""

import pytest
from django.urls import reverse

from accounts import community
from tests.factories import FollowFactory, MemberListEntryFactory, MemberListFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def community_rows(owner, other_user):
    member_list = MemberListFactory(owner=owner, name="Sad but gentle")
    MemberListEntryFactory(member_list=member_list)
    FollowFactory(follower=other_user, followee=owner)
    community.block_create(blocker=owner, blocked=UserFactory(username="troll"))
    community.list_like(member_list=member_list, user=other_user)
    community.list_report(member_list=member_list, reporter=other_user, reason="spam")
    return member_list


@pytest.mark.parametrize(
    "name",
    [
        "accounts_memberlist",
        "accounts_reportedlist",
        "accounts_follow",
        "accounts_block",
        "accounts_notification",
    ],
)
def test_changelists_search_and_filter(curator_client, community_rows, name):
    url = reverse(f"admin:{name}_changelist")
    assert curator_client.get(url).status_code == 200
    assert curator_client.get(url, {"q": "alice"}).status_code == 200


def test_list_change_page_shows_entries_and_reports(curator_client, community_rows):
    page = curator_client.get(
        reverse("admin:accounts_memberlist_change", args=[community_rows.pk])
    ).content.decode()
    assert "Sad but gentle" in page and "Spam or advertising" in page


def test_dismissing_a_lists_reports_empties_the_queue(curator_client, community_rows):
    curator_client.post(
        reverse("admin:accounts_reportedlist_changelist"),
        {"action": "dismiss_reports", "_selected_action": [community_rows.pk]},
    )
    community_rows.refresh_from_db()
    assert community_rows.report_count == 0 and not community_rows.reports.exists()
