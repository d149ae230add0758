import factory
from django.contrib.auth import get_user_model

from catalog.models import CuratedList, ListEntry, Tag, Title


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


def make_entry(user, title, **fields):
    """A watchlist entry saved through the service, so title statistics follow it."""
    from reviews.models import Entry
    from reviews.services import entry_save

    return entry_save(entry=Entry(user=user, title=title, **fields))
