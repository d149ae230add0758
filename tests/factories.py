"""One factory per model. Watchlist entries, helpful votes and reports are saved through
their apps' services, as the site saves them, so the counts kept beside them stay right."""

import factory
from django.contrib.auth import get_user_model

from accounts.models import Follow, MemberList, MemberListEntry
from catalog.models import CuratedList, ListEntry, Tag, Title
from reviews import services as review_services
from reviews.models import HelpfulVote, Report, Review
from watchlist import services as watchlist_services
from watchlist.models import Entry


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password("correct horse battery staple")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"Tag {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")
    kind = Tag.Kind.GENRE


class TitleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Title

    title_en = factory.Sequence(lambda n: f"Sad Story {n}")
    slug = factory.Sequence(lambda n: f"sad-story-{n}")
    format = Title.Format.TV
    year = 2015
    episodes = 12


class CuratedListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CuratedList

    name = factory.Sequence(lambda n: f"List {n}")
    slug = factory.Sequence(lambda n: f"list-{n}")


class ListEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ListEntry

    curated_list = factory.SubFactory(CuratedListFactory)
    title = factory.SubFactory(TitleFactory)
    position = factory.Sequence(lambda n: n + 1)


class EntryFactory(factory.django.DjangoModelFactory):
    """A watchlist entry saved through watchlist.services.entry_save, so the title's
    statistics follow it. Plan to watch and unrated unless told; ``rated=True`` makes it
    Completed with a cry rating of 4."""

    class Meta:
        model = Entry

    user = factory.SubFactory(UserFactory)
    title = factory.SubFactory(TitleFactory)

    class Params:
        rated = factory.Trait(status=Entry.Status.COMPLETED, cry_rating=4)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return watchlist_services.entry_save(entry=model_class(*args, **kwargs))


class ReviewFactory(factory.django.DjangoModelFactory):
    """A review saved as it stands, without the started-watching check that
    reviews.services.review_save makes (tests of that check call the service)."""

    class Meta:
        model = Review

    user = factory.SubFactory(UserFactory)
    title = factory.SubFactory(TitleFactory)
    body = factory.Sequence(lambda n: f"Review {n}: it hurt more than I expected it to. " * 2)


class HelpfulVoteFactory(factory.django.DjangoModelFactory):
    """A helpful mark given through the service, which counts it on the review."""

    class Meta:
        model = HelpfulVote

    review = factory.SubFactory(ReviewFactory)
    user = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, *args, review, user, **kwargs):
        review_services.review_vote_helpful(review=review, user=user)
        return model_class.objects.get(review=review, user=user)


class ReportFactory(factory.django.DjangoModelFactory):
    """A report made through the service, which counts it on the review."""

    class Meta:
        model = Report

    review = factory.SubFactory(ReviewFactory)
    reporter = factory.SubFactory(UserFactory)
    reason = Report.Reason.SPOILERS

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return review_services.review_report(**kwargs)


class MemberListFactory(factory.django.DjangoModelFactory):
    """A member's public, ranked list."""

    class Meta:
        model = MemberList

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Lists that hurt {n}")
    slug = factory.Sequence(lambda n: f"lists-that-hurt-{n}")


class MemberListEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberListEntry

    member_list = factory.SubFactory(MemberListFactory)
    title = factory.SubFactory(TitleFactory)
    position = factory.Sequence(lambda n: n + 1)


class FollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Follow

    follower = factory.SubFactory(UserFactory)
    followee = factory.SubFactory(UserFactory)
