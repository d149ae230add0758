"""A title page's first page of reviews is kept in its shared part: visitors get it as it
was rendered, members get it with their own marks, and a member whose reviews differ
(they block an author, or their own review is hidden) gets their own list. Every review
written, edited, deleted or voted on is seen at once."""

import pytest

from accounts.models import Block
from reviews import services
from sadlist.caching import SHARED_HEADER
from tests.factories import EntryFactory, HelpfulVoteFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

CARD = '<article class="card mb-3" id="review-'


def review_of(title, body="It broke me, slowly and then all at once, in the last act. " * 2):
    author = UserFactory()
    EntryFactory(user=author, title=title, status="completed", cry_rating=5)
    return ReviewFactory(user=author, title=title, body=body)


def page(client, title, **params):
    response = client.get(title.get_absolute_url(), params)
    assert response.status_code == 200
    return response


def test_a_members_marks_are_theirs_on_the_kept_reviews(client, signed_in, owner, shared_on, title):
    voted, other = review_of(title), review_of(title)
    HelpfulVoteFactory(review=voted, user=owner)
    client.logout()
    assert page(client, title)[SHARED_HEADER] == "miss"  # a visitor keeps the part

    client.force_login(owner)
    response = page(client, title)
    html = response.content.decode()

    assert response[SHARED_HEADER] == "hit"
    assert html.count(CARD) == 2
    voted_card = html.split(f'id="review-{voted.pk}"')[1].split("</article>")[0]
    other_card = html.split(f'id="review-{other.pk}"')[1].split("</article>")[0]
    assert 'aria-pressed="true"' in voted_card
    assert 'aria-pressed="false"' in other_card
    # A visitor's copy has no forms at all.
    client.logout()
    assert 'aria-pressed="true"' not in page(client, title).content.decode()


def test_a_member_who_blocked_an_author_never_sees_their_review(client, owner, shared_on, title):
    blocked, kept = review_of(title), review_of(title)
    Block.objects.create(blocker=owner, blocked=blocked.user)
    page(client, title)  # a visitor keeps the part, with both reviews

    client.force_login(owner)
    html = page(client, title).content.decode()

    assert f'id="review-{kept.pk}"' in html
    assert f'id="review-{blocked.pk}"' not in html
    assert "Reviews <span" in html and "(1)" in html


def test_a_member_sees_their_own_hidden_review_which_visitors_dont(
    client, owner, shared_on, title, committed
):
    EntryFactory(user=owner, title=title, status="completed", cry_rating=4)
    mine = ReviewFactory(user=owner, title=title, body="Mine, and it was hidden. " * 4)
    committed(services.review_hide, review=mine, reason="spoilers")
    assert f'id="review-{mine.pk}"' not in page(client, title).content.decode()

    client.force_login(owner)
    html = page(client, title).content.decode()

    assert f'id="review-{mine.pk}"' in html
    assert "Moderators have hidden this review" in html


def test_a_new_review_and_a_vote_are_seen_by_visitors_at_once(
    client, owner, shared_on, title, committed
):
    first = review_of(title)
    assert page(client, title).content.decode().count(CARD) == 1

    EntryFactory(user=owner, title=title, status="completed", cry_rating=5)
    committed(
        services.review_save,
        review=ReviewFactory.build(user=owner, title=title, body="Second, and sadder. " * 4),
    )
    html = page(client, title).content.decode()
    assert html.count(CARD) == 2

    committed(services.review_vote_helpful, review=first, user=owner)
    html = page(client, title).content.decode()
    card = html.split(f'id="review-{first.pk}"')[1].split("</article>")[0]
    assert "1 found this helpful" in card


def test_a_review_saved_or_deleted_outside_the_services_is_seen_at_once(
    client, shared_on, title, committed
):
    # As the admin saves a moderator's edit: a plain save, no service.
    review = review_of(title)
    page(client, title)
    review.body = "Edited by a moderator, tears intact. " * 3
    committed(review.save)
    assert "Edited by a moderator" in page(client, title).content.decode()
    committed(review.delete)
    assert "No reviews yet." in page(client, title).content.decode()


def test_another_sort_or_page_is_read_for_the_member(client, owner, shared_on, title):
    reviews = [review_of(title) for _ in range(12)]
    page(client, title)
    client.force_login(owner)

    newest = page(client, title, sort="new").content.decode()
    second = page(client, title, rpage=2).content.decode()

    assert newest.index(f'id="review-{reviews[-1].pk}"') < newest.index(
        f'id="review-{reviews[-2].pk}"'
    )
    assert second.count(CARD) == 2
