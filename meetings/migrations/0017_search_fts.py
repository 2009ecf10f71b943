"""SQLite only: an FTS5 table of the search texts as Swedish Snowball stems (meetings.archive.search).

Filled here from the existing search rows; afterwards the index writer keeps it.
PostgreSQL keeps its stored tsvector and needs nothing.
"""

from django.db import migrations

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
        ("meetings", "0012_importer_document_type"),
    ]

    operations = [
        migrations.RunPython(create_fts, drop_fts),
    ]
