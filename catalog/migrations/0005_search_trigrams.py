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


# pg_trgm declares its word-similarity operator as cheap as "=", so the planner reads
# every title and compares each (0.5 s at 40,000 titles) rather than ask the trigram
# index (10 ms). Its true cost sends it to the index. Only the extension's owner may say
# so; without the right the search still works, slower.
OPERATOR_COST = """
DO $$
BEGIN
    ALTER FUNCTION word_similarity_commutator_op(text, text) COST 100;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'sadlist: not allowed to tell PostgreSQL what pg_trgm costs';
END
$$
"""


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON catalog_title "
            "USING gin (search_text gin_trgm_ops)"
        )
        schema_editor.execute(OPERATOR_COST)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_catalog_import_fields")]

    operations = [
        # Creating the extension does nothing on databases other than PostgreSQL.
        TrigramExtensionOnPostgreSQL(),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
