"""Entry's move from reviews to watchlist keeps every row, permission and admin history.

Runs the real migrations (django-test-migrations) from the last state where Entry lived in
reviews to the one where watchlist owns it, and back, on whichever database the suite uses.
"""

import datetime

import pytest

OLD_STATE = [
    ("accounts", "0001_initial"),
    ("catalog", "0002_title_stats_indexes"),
    ("reviews", "0001_initial"),
    ("watchlist", None),
]
ADMIN = ("admin", "0003_logentry_add_action_flag_choices")
NEW_STATE = [("watchlist", "0001_initial"), ("reviews", "0002_entry_moves_to_watchlist")]
PERMISSIONS = ["add_entry", "change_entry", "delete_entry", "view_entry"]


def _build_old_site(apps):
    """Two members' entries and a review, a curator allowed to change entries, and the
    admin's record of a change to one entry: what a live site had before the move."""
    User = apps.get_model("accounts", "User")
    Title = apps.get_model("catalog", "Title")
    Entry = apps.get_model("reviews", "Entry")
    Review = apps.get_model("reviews", "Review")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    LogEntry = apps.get_model("admin", "LogEntry")

    alice = User.objects.create(username="alice", email="alice@example.com")
    bob = User.objects.create(username="bob", email="bob@example.com")
    curator = User.objects.create(username="charlie", is_staff=True)
    orange = Title.objects.create(slug="orange", title_en="Orange", episodes=13)
    clannad = Title.objects.create(slug="clannad", title_en="Clannad", episodes=24)
    entries = [
        Entry.objects.create(
            user=alice,
            title=orange,
            status="completed",
            episodes_watched=13,
            cry_rating=5,
            score=9,
            started_on=datetime.date(2024, 1, 2),
            finished_on=datetime.date(2024, 2, 3),
            note="Kakeru's letter.",
        ),
        Entry.objects.create(user=alice, title=clannad, status="plan_to_watch"),
        Entry.objects.create(user=bob, title=orange, status="watching", cry_rating=2),
    ]
    Review.objects.create(user=alice, title=orange, body="It broke me, gently. " * 4)

    # What post_migrate created for reviews.Entry before the move.
    entry_type = ContentType.objects.create(app_label="reviews", model="entry")
    for codename in PERMISSIONS:
        Permission.objects.create(
            codename=codename, name=f"Can {codename.split('_')[0]} entry", content_type=entry_type
        )
    curator.user_permissions.add(
        *Permission.objects.filter(content_type=entry_type, codename__in=["change_entry"])
    )
    LogEntry.objects.create(
        user=curator,
        content_type=entry_type,
        object_id=str(entries[0].pk),
        object_repr="alice · Orange",
        action_flag=2,
        change_message="Changed note.",
        action_time=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    )
    return entries


ENTRY_FIELDS = [
    "pk",
    "user_id",
    "title_id",
    "status",
    "episodes_watched",
    "started_on",
    "finished_on",
    "times_rewatched",
    "cry_rating",
    "score",
    "note",
    "created_at",
    "updated_at",
]


def _rows(model):
    return list(model.objects.order_by("pk").values_list(*ENTRY_FIELDS))


@pytest.fixture
def old_site(migrator):
    migrator.apply_initial_migration(OLD_STATE)
    # The admin's log too, which the old site had: the initial plan is cut after the last
    # target, and where the admin's migrations fall in it depends on later apps' graphs.
    apps = migrator.apply_tested_migration([ADMIN, *OLD_STATE]).apps
    _build_old_site(apps)
    return apps


def test_entry_rows_move_to_the_watchlist_table_unchanged(migrator, old_site):
    before = _rows(old_site.get_model("reviews", "Entry"))
    reviews_before = old_site.get_model("reviews", "Review").objects.count()

    apps = migrator.apply_tested_migration(NEW_STATE).apps

    Entry = apps.get_model("watchlist", "Entry")
    assert Entry._meta.db_table == "watchlist_entry"
    assert _rows(Entry) == before
    assert apps.get_model("reviews", "Review").objects.count() == reviews_before == 1
    # New rows get fresh ids after the old ones: the id sequence moved with the table.
    title = apps.get_model("catalog", "Title").objects.get(slug="clannad")
    bob = apps.get_model("accounts", "User").objects.get(username="bob")
    new = Entry.objects.create(user=bob, title=title, status="watching")
    assert new.pk > max(row[0] for row in before)


def test_the_constraints_still_hold_after_the_move(migrator, old_site):
    from django.db import IntegrityError, transaction

    apps = migrator.apply_tested_migration(NEW_STATE).apps
    Entry = apps.get_model("watchlist", "Entry")
    alice = apps.get_model("accounts", "User").objects.get(username="alice")
    orange = apps.get_model("catalog", "Title").objects.get(slug="orange")
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.create(user=alice, title=orange, status="watching")  # one per title
    clannad = apps.get_model("catalog", "Title").objects.get(slug="clannad")
    bob = apps.get_model("accounts", "User").objects.get(username="bob")
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.create(user=bob, title=clannad, status="plan_to_watch", cry_rating=3)


def test_permissions_and_admin_history_follow_the_model(migrator, old_site):
    apps = migrator.apply_tested_migration(NEW_STATE).apps

    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    LogEntry = apps.get_model("admin", "LogEntry")
    User = apps.get_model("accounts", "User")
    assert not ContentType.objects.filter(app_label="reviews", model="entry").exists()
    entry_type = ContentType.objects.get(app_label="watchlist", model="entry")
    assert (
        sorted(
            Permission.objects.filter(content_type=entry_type).values_list("codename", flat=True)
        )
        == PERMISSIONS
    )
    curator = User.objects.get(username="charlie")
    assert list(curator.user_permissions.values_list("content_type__app_label", "codename")) == [
        ("watchlist", "change_entry")
    ]
    log = LogEntry.objects.get()
    assert log.content_type_id == entry_type.pk
    assert apps.get_model("watchlist", "Entry").objects.filter(pk=log.object_id).exists()


def test_the_move_can_be_undone_keeping_every_row(migrator, old_site):
    before = _rows(old_site.get_model("reviews", "Entry"))
    migrator.apply_tested_migration(NEW_STATE)

    apps = migrator.apply_tested_migration(OLD_STATE).apps

    assert _rows(apps.get_model("reviews", "Entry")) == before
    ContentType = apps.get_model("contenttypes", "ContentType")
    assert ContentType.objects.filter(app_label="reviews", model="entry").exists()
    assert not ContentType.objects.filter(app_label="watchlist", model="entry").exists()
