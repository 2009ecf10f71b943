"""One guard for adjusted minutes on PostgreSQL, combining what 0013, 0015 and 0018 each asked of it.

Each of those migrations redefined meetings_meeting_guard_adjusted() for its
own rule; this is the function with all of them:

- adjusted minutes are never deleted and never leave the adjusted state (a
  correction is a new row, meetings.corrections) (0015);
- their content never changes (0003/0007);
- their record (times, import marks, version links, correction reason) never
  changes (0007, 0015);
- the archival copy and the public version (final_pdf, public_pdf, each with
  its SHA-256) are stored once, each file together with its hash, by the
  background task while they are empty, and then never change (0013, 0018).
"""

import importlib

from django.db import migrations

_0015 = importlib.import_module("meetings.migrations.0015_signature_mac_and_guards")
_0018 = importlib.import_module("meetings.migrations.0018_mbl")

MEETING_CONTENT = _0015.MEETING_CONTENT
STORED_ONCE = [("final_pdf", "final_pdf_sha256"), ("public_pdf", "public_pdf_sha256")]
RECORD = [c for c in _0018.ADJUSTMENT_RECORD if c not in {column for pair in STORED_ONCE for column in pair}]


def _row(prefix, columns):
    return "ROW(" + ", ".join(f"{prefix}.{c}" for c in columns) + ")"


def _stored_once(pair):
    """A file and its SHA-256: unchanged, or both set together while both were empty."""
    file, sha256 = pair
    return (f"(ROW(NEW.{file}, NEW.{sha256}) IS NOT DISTINCT FROM ROW(OLD.{file}, OLD.{sha256}) "
            f"OR (OLD.{file} = '' AND OLD.{sha256} = '' AND NEW.{file} <> '' AND NEW.{sha256} <> ''))")


MEETING_FUNCTION = f"""
CREATE OR REPLACE FUNCTION meetings_meeting_guard_adjusted() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status = 'adjusted' THEN
            RAISE EXCEPTION 'Adjusted minutes cannot be deleted';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status = 'adjusted' THEN
        IF NEW.status IS DISTINCT FROM 'adjusted' THEN
            RAISE EXCEPTION 'Adjusted minutes stay adjusted: correct them by a new version';
        END IF;
        IF {_row("NEW", MEETING_CONTENT)} IS DISTINCT FROM {_row("OLD", MEETING_CONTENT)} THEN
            RAISE EXCEPTION 'Adjusted minutes cannot be changed';
        END IF;
        IF {_row("NEW", RECORD)} IS DISTINCT FROM {_row("OLD", RECORD)} THEN
            RAISE EXCEPTION 'The record of adjusted minutes cannot be changed';
        END IF;
        IF NOT ({" AND ".join(_stored_once(pair) for pair in STORED_ONCE)}) THEN
            RAISE EXCEPTION 'The archival copy of adjusted minutes is stored once and never changed';
        END IF;
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
"""


def create_guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(MEETING_FUNCTION)


def restore_guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_0018.MEETING_FUNCTION)


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0018_mbl"),
    ]

    operations = [
        migrations.RunPython(create_guard, restore_guard),
    ]
