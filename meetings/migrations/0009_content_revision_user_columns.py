from django.db import migrations


def install(apps, schema_editor):
    # Every column of a user but the last login now renews the content token
    # (the page cache keeps the logged-in person): remake the triggers.
    from meetings.models import revision

    revision.install(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0008_content_revision"),
    ]

    operations = [
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
