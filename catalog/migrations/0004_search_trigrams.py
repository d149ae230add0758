"""pg_trgm for the catalog's search on PostgreSQL: typos and partial words still find a title.

SQLite has no trigram index; there the migration does nothing and search matches word
starts (catalog.models.TitleQuerySet.search).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "catalog_title_search_trgm"


class TrigramExtensionOnPostgreSQL(TrigramExtension):
    """Django's operation, whose undoing also leaves other databases alone (Django's own
    database_backwards asks SQLite for pg_extension and fails)."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON catalog_title "
            "USING gin (search_text gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_catalog_import_fields")]

    operations = [
        # Creating the extension does nothing on databases other than PostgreSQL.
        TrigramExtensionOnPostgreSQL(),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
