"""On PostgreSQL, the database itself refuses overlapping membership periods.

SQLite has no exclusion constraints; there the partial unique index (one open period
per council) and the model's clean() hold the rule.
"""

from django.db import migrations

TABLES = {
    "partnership_partnershipmember": "partnership_id",
    "partnership_servicepartner": "service_id",
}


def add_exclusions(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    for table, scope in TABLES.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD CONSTRAINT {table}_periods_do_not_overlap "
            f"EXCLUDE USING gist ({scope} WITH =, council_id WITH =, "
            f"daterange(joined, \"left\", '[)') WITH &&)"
        )


def drop_exclusions(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {table}_periods_do_not_overlap")


class Migration(migrations.Migration):
    dependencies = [("partnership", "0001_initial")]
    operations = [migrations.RunPython(add_exclusions, drop_exclusions)]
