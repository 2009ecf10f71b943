"""The page cache is gone: drop its revision triggers, their function and the token table."""

from django.db import migrations


def drop_revision_triggers(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT tgname, tgrelid::regclass::text FROM pg_trigger "
                "WHERE NOT tgisinternal AND tgname LIKE 'meetings\\_%\\_revision%'"
            )
            for name, table in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}" ON {table}')
            cursor.execute("DROP FUNCTION IF EXISTS meetings_contentrevision_renew()")
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE 'meetings\\_%\\_revision\\_%' ESCAPE '\\'"
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0009_content_revision_user_columns"),
    ]

    operations = [
        migrations.RunPython(drop_revision_triggers, migrations.RunPython.noop),
        migrations.DeleteModel(name="ContentRevision"),
    ]
