"""Field labels for every field, and, on SQLite only, an FTS5 table of the search texts as Swedish Snowball stems (meetings.archive.search).

Filled here from the existing search rows; afterwards the index writer keeps it.
PostgreSQL keeps its stored tsvector and needs nothing.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

FTS_TABLE = "meetings_itemsearch_fts"


def create_fts(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from meetings.archive.search import stemmed_text

    schema_editor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
        "title, document, tokenize = 'unicode61 remove_diacritics 0')"
    )
    ItemSearch = apps.get_model("meetings", "ItemSearch")
    rows = ItemSearch.objects.values_list("item_id", "title", "document").iterator(chunk_size=2000)
    batch = []
    with schema_editor.connection.cursor() as cursor:
        for item_id, title, document in rows:
            batch.append((item_id, stemmed_text(title), stemmed_text(document)))
            if len(batch) == 2000:
                cursor.executemany(f"INSERT INTO {FTS_TABLE} (rowid, title, document) VALUES (%s, %s, %s)", batch)
                batch = []
        if batch:
            cursor.executemany(f"INSERT INTO {FTS_TABLE} (rowid, title, document) VALUES (%s, %s, %s)", batch)


def drop_fts(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0015_signature_mac_and_guards"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(create_fts, drop_fts),
        # Every field has a Swedish label (issue 17): verbose names only, no schema change.
        migrations.AlterField(
            model_name='adjuster',
            name='last_reminded_on',
            field=models.DateField(blank=True, editable=False, null=True, verbose_name='last reminded on'),
        ),
        migrations.AlterField(
            model_name='agendaitem',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name='version'),
        ),
        migrations.AlterField(
            model_name='attachment',
            name='content_type',
            field=models.CharField(blank=True, max_length=100, verbose_name='file type'),
        ),
        migrations.AlterField(
            model_name='attachment',
            name='sha256',
            field=models.CharField(blank=True, max_length=64, verbose_name='SHA-256'),
        ),
        migrations.AlterField(
            model_name='attachment',
            name='size',
            field=models.PositiveBigIntegerField(default=0, verbose_name='size'),
        ),
        migrations.AlterField(
            model_name='attachment',
            name='uploaded_at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='uploaded'),
        ),
        migrations.AlterField(
            model_name='attachment',
            name='uploaded_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by'),
        ),
        migrations.AlterField(
            model_name='decision',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name='version'),
        ),
        migrations.AlterField(
            model_name='followup',
            name='created_at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='created'),
        ),
        migrations.AlterField(
            model_name='historicalagendaitem',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name='version'),
        ),
        migrations.AlterField(
            model_name='historicalattachment',
            name='content_type',
            field=models.CharField(blank=True, max_length=100, verbose_name='file type'),
        ),
        migrations.AlterField(
            model_name='historicalattachment',
            name='sha256',
            field=models.CharField(blank=True, max_length=64, verbose_name='SHA-256'),
        ),
        migrations.AlterField(
            model_name='historicalattachment',
            name='size',
            field=models.PositiveBigIntegerField(default=0, verbose_name='size'),
        ),
        migrations.AlterField(
            model_name='historicalattachment',
            name='uploaded_at',
            field=models.DateTimeField(blank=True, editable=False, verbose_name='uploaded'),
        ),
        migrations.AlterField(
            model_name='historicalattachment',
            name='uploaded_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by'),
        ),
        migrations.AlterField(
            model_name='historicaldecision',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name='version'),
        ),
        migrations.AlterField(
            model_name='historicalfollowup',
            name='created_at',
            field=models.DateTimeField(blank=True, editable=False, verbose_name='created'),
        ),
        migrations.AlterField(
            model_name='historicalmeeting',
            name='created_at',
            field=models.DateTimeField(blank=True, editable=False, verbose_name='created'),
        ),
        migrations.AlterField(
            model_name='historicalmeeting',
            name='source_sha256',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='SHA-256 of the source file'),
        ),
        migrations.AlterField(
            model_name='historicalmeeting',
            name='updated_at',
            field=models.DateTimeField(blank=True, editable=False, verbose_name='updated'),
        ),
        migrations.AlterField(
            model_name='historicalmeeting',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name='version'),
        ),
        migrations.AlterField(
            model_name='historicalreviewcomment',
            name='created_at',
            field=models.DateTimeField(blank=True, editable=False, verbose_name='created'),
        ),
        migrations.AlterField(
            model_name='historicalunioninput',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name='version'),
        ),
        migrations.AlterField(
            model_name='itemsearch',
            name='vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True, verbose_name='search vector'),
        ),
        migrations.AlterField(
            model_name='meeting',
            name='created_at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='created'),
        ),
        migrations.AlterField(
            model_name='meeting',
            name='source_sha256',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='SHA-256 of the source file'),
        ),
        migrations.AlterField(
            model_name='meeting',
            name='updated_at',
            field=models.DateTimeField(auto_now=True, verbose_name='updated'),
        ),
        migrations.AlterField(
            model_name='meeting',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name='version'),
        ),
        migrations.AlterField(
            model_name='reviewcomment',
            name='created_at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='created'),
        ),
        migrations.AlterField(
            model_name='unioninput',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name='version'),
        ),
    ]
