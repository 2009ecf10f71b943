from django.db import migrations

# This migration once remade the page cache's revision triggers; the page
# cache is gone and 0010 drops whatever triggers a database still has.


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0008_content_revision"),
    ]

    operations = []
