"""Entry moves from reviews to its own app, keeping every row, permission and admin history.

The table is renamed from reviews_entry to watchlist_entry (and its index and constraints
with it), and the content type moves with the model, so the staff permissions
(watchlist.add_entry, ...) and admin log entries that point at it survive.
"""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor, old="reviews", new="watchlist"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    if not types.filter(app_label=new, model="entry").exists():
        types.filter(app_label=old, model="entry").update(app_label=new)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, old="watchlist", new="reviews")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("catalog", "0002_title_stats_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reviews", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The model as reviews left it: its table exists already.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Entry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('plan_to_watch', 'Plan to watch'), ('watching', 'Watching'), ('completed', 'Completed'), ('on_hold', 'On hold'), ('dropped', 'Dropped')], default='plan_to_watch', max_length=20)),
                        ('episodes_watched', models.PositiveSmallIntegerField(default=0)),
                        ('started_on', models.DateField(blank=True, null=True, verbose_name='started')),
                        ('finished_on', models.DateField(blank=True, null=True, verbose_name='finished')),
                        ('times_rewatched', models.PositiveSmallIntegerField(default=0, validators=[django.core.validators.MaxValueValidator(999)])),
                        ('cry_rating', models.PositiveSmallIntegerField(blank=True, choices=[(0, 'Not a tear'), (1, 'Misty-eyed'), (2, 'A tear or two'), (3, 'Crying'), (4, 'Sobbing'), (5, 'Destroyed')], null=True, verbose_name='how hard it hit you')),
                        ('score', models.PositiveSmallIntegerField(blank=True, help_text='Optional, 1 to 10.', null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(10)], verbose_name='overall score')),
                        ('note', models.TextField(blank=True, max_length=2000, verbose_name='private note')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('title', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='entries', to='catalog.title')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='entries', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'reviews_entry',
                        'verbose_name_plural': 'entries',
                        'ordering': ['-updated_at'],
                        'indexes': [models.Index(fields=['user', 'status', '-updated_at'], name='reviews_entry_user_idx')],
                        'constraints': [models.UniqueConstraint(fields=('user', 'title'), name='reviews_entry_one_per_title'), models.CheckConstraint(condition=models.Q(('status__in', ['plan_to_watch', 'watching', 'completed', 'on_hold', 'dropped'])), name='reviews_entry_status_valid'), models.CheckConstraint(condition=models.Q(('cry_rating__isnull', True), models.Q(('cry_rating__gte', 0), ('cry_rating__lte', 5)), _connector='OR'), name='reviews_entry_cry_rating_range'), models.CheckConstraint(condition=models.Q(('cry_rating__isnull', True), models.Q(('status', 'plan_to_watch'), _negated=True), _connector='OR'), name='reviews_entry_cry_rating_needs_a_start'), models.CheckConstraint(condition=models.Q(('score__isnull', True), models.Q(('score__gte', 1), ('score__lte', 10)), _connector='OR'), name='reviews_entry_score_range'), models.CheckConstraint(condition=models.Q(('started_on__isnull', True), ('finished_on__isnull', True), ('finished_on__gte', models.F('started_on')), _connector='OR'), name='reviews_entry_finished_after_started')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="entry", table=None),
        migrations.RenameIndex(
            model_name="entry", new_name="watchlist_entry_user_idx", old_name="reviews_entry_user_idx"
        ),
        migrations.RemoveConstraint(model_name="entry", name="reviews_entry_one_per_title"),
        migrations.RemoveConstraint(model_name="entry", name="reviews_entry_status_valid"),
        migrations.RemoveConstraint(model_name="entry", name="reviews_entry_cry_rating_range"),
        migrations.RemoveConstraint(model_name="entry", name="reviews_entry_cry_rating_needs_a_start"),
        migrations.RemoveConstraint(model_name="entry", name="reviews_entry_score_range"),
        migrations.RemoveConstraint(model_name="entry", name="reviews_entry_finished_after_started"),
        migrations.AddConstraint(
            model_name='entry',
            constraint=models.UniqueConstraint(fields=('user', 'title'), name='watchlist_entry_one_per_title'),
        ),
        migrations.AddConstraint(
            model_name='entry',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['plan_to_watch', 'watching', 'completed', 'on_hold', 'dropped'])), name='watchlist_entry_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='entry',
            constraint=models.CheckConstraint(condition=models.Q(('cry_rating__isnull', True), models.Q(('cry_rating__gte', 0), ('cry_rating__lte', 5)), _connector='OR'), name='watchlist_entry_cry_rating_range'),
        ),
        migrations.AddConstraint(
            model_name='entry',
            constraint=models.CheckConstraint(condition=models.Q(('cry_rating__isnull', True), models.Q(('status', 'plan_to_watch'), _negated=True), _connector='OR'), name='watchlist_entry_cry_rating_needs_a_start'),
        ),
        migrations.AddConstraint(
            model_name='entry',
            constraint=models.CheckConstraint(condition=models.Q(('score__isnull', True), models.Q(('score__gte', 1), ('score__lte', 10)), _connector='OR'), name='watchlist_entry_score_range'),
        ),
        migrations.AddConstraint(
            model_name='entry',
            constraint=models.CheckConstraint(condition=models.Q(('started_on__isnull', True), ('finished_on__isnull', True), ('finished_on__gte', models.F('started_on')), _connector='OR'), name='watchlist_entry_finished_after_started'),
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
