"""Seal the existing signatures with their HMAC, and widen the PostgreSQL guards (issue 15).

- Every signature that exists gets its MAC (settings.SIGNATURE_HMAC_KEY): they
  were written by the app before records were sealed. From here on a row
  written past the app has no valid MAC and is shown as "ej giltig".
- meetings_meeting: adjusted minutes never leave the adjusted state (no way
  back to draft: a correction is a new row, meetings.corrections), and their
  version links and correction reason are part of the record.
- meetings_cooperationgroup / meetings_party: the names printed in minutes
  that have left the draft state cannot change, whatever path the UPDATE takes.
- meetings_signature: also the method, evidence and MAC cannot change.
- meetings_signedversion: never changed nor deleted.
"""

import datetime
import hashlib
import hmac
import importlib

from django.conf import settings
from django.db import migrations

MEETING_CONTENT = [
    "group_id", "date", "start_time", "end_time", "place", "protocol_number", "dnr",
    "document_date", "chair", "secretary", "closing_text",
]
ADJUSTMENT_RECORD = [
    "final_pdf", "final_pdf_sha256", "adjusted_at", "sent_at", "is_imported",
    "supersedes_id", "version_number", "correction_reason",
]
SIGNED = [
    "meeting_id", "adjuster_name", "party_name", "user_id", "signed_at", "content_hash",
    "method", "evidence", "mac",
]


def _row(prefix, columns):
    return "ROW(" + ", ".join(f"{prefix}.{c}" for c in columns) + ")"


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
        IF {_row("NEW", ADJUSTMENT_RECORD)} IS DISTINCT FROM {_row("OLD", ADJUSTMENT_RECORD)} THEN
            RAISE EXCEPTION 'The record of adjusted minutes cannot be changed';
        END IF;
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
"""

GROUP_FUNCTION = """
CREATE OR REPLACE FUNCTION meetings_cooperationgroup_guard_printed() RETURNS trigger AS $$
BEGIN
    IF ROW(NEW.name, NEW.administration) IS DISTINCT FROM ROW(OLD.name, OLD.administration)
       AND EXISTS (SELECT 1 FROM meetings_meeting WHERE group_id = OLD.id AND status <> 'draft') THEN
        RAISE EXCEPTION 'The name of a group printed in sent minutes cannot be changed';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS meetings_cooperationgroup_guard_printed ON meetings_cooperationgroup;
CREATE TRIGGER meetings_cooperationgroup_guard_printed BEFORE UPDATE ON meetings_cooperationgroup
    FOR EACH ROW EXECUTE FUNCTION meetings_cooperationgroup_guard_printed();
"""

PARTY_FUNCTION = """
CREATE OR REPLACE FUNCTION meetings_party_guard_printed() RETURNS trigger AS $$
BEGIN
    IF ROW(NEW.name, NEW.short_name) IS DISTINCT FROM ROW(OLD.name, OLD.short_name) AND (
        EXISTS (SELECT 1 FROM meetings_adjuster a JOIN meetings_meeting m ON m.id = a.meeting_id
                WHERE a.party_id = OLD.id AND m.status <> 'draft')
        OR EXISTS (SELECT 1 FROM meetings_unioninput u JOIN meetings_agendaitem i ON i.id = u.item_id
                   JOIN meetings_meeting m ON m.id = i.meeting_id
                   WHERE u.party_id = OLD.id AND m.status <> 'draft')
        OR EXISTS (SELECT 1 FROM meetings_position p JOIN meetings_decision d ON d.id = p.decision_id
                   JOIN meetings_agendaitem i ON i.id = d.item_id JOIN meetings_meeting m ON m.id = i.meeting_id
                   WHERE p.party_id = OLD.id AND m.status <> 'draft')
    ) THEN
        RAISE EXCEPTION 'The name of a party printed in sent minutes cannot be changed';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS meetings_party_guard_printed ON meetings_party;
CREATE TRIGGER meetings_party_guard_printed BEFORE UPDATE ON meetings_party
    FOR EACH ROW EXECUTE FUNCTION meetings_party_guard_printed();
"""

SIGNATURE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION meetings_signature_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'Signatures are never deleted';
    END IF;
    IF (SELECT status FROM meetings_meeting WHERE id = NEW.meeting_id) = 'adjusted' THEN
        IF TG_OP = 'INSERT' OR NEW.voided_at IS DISTINCT FROM OLD.voided_at
           OR NEW.void_reason IS DISTINCT FROM OLD.void_reason THEN
            RAISE EXCEPTION 'Signatures of adjusted minutes cannot be changed';
        END IF;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        IF {_row("NEW", SIGNED)} IS DISTINCT FROM {_row("OLD", SIGNED)}
           OR (NEW.adjuster_id IS NOT NULL AND NEW.adjuster_id IS DISTINCT FROM OLD.adjuster_id) THEN
            RAISE EXCEPTION 'A signature cannot be changed, only voided';
        END IF;
        IF OLD.voided_at IS NOT NULL AND NEW.voided_at IS DISTINCT FROM OLD.voided_at THEN
            RAISE EXCEPTION 'A void signature stays void';
        END IF;
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
"""

VERSION_FUNCTION = """
CREATE OR REPLACE FUNCTION meetings_signedversion_guard() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'A signed version is never changed nor deleted';
END $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS meetings_signedversion_guard ON meetings_signedversion;
CREATE TRIGGER meetings_signedversion_guard BEFORE UPDATE OR DELETE ON meetings_signedversion
    FOR EACH ROW EXECUTE FUNCTION meetings_signedversion_guard();
"""


def seal_existing_signatures(apps, schema_editor):
    """The MAC of meetings.models.signatures.signature_mac, for the rows written before it existed."""
    Signature = apps.get_model("meetings", "Signature")
    key = settings.SIGNATURE_HMAC_KEY.encode()
    for signature in Signature.objects.filter(mac=""):
        moment = signature.signed_at.astimezone(datetime.timezone.utc).isoformat(timespec="microseconds")
        message = f"{signature.content_hash}|{signature.user_id}|{signature.adjuster_id or ''}|{moment}"
        mac = hmac.new(key, message.encode(), hashlib.sha256).hexdigest()
        Signature.objects.filter(pk=signature.pk).update(mac=mac)


def create_guards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in (MEETING_FUNCTION, GROUP_FUNCTION, PARTY_FUNCTION, SIGNATURE_FUNCTION, VERSION_FUNCTION):
            schema_editor.execute(sql)


def drop_guards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table, name in (("meetings_cooperationgroup", "guard_printed"), ("meetings_party", "guard_printed"),
                            ("meetings_signedversion", "guard")):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{name} ON {table};")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_{name}();")
        previous = importlib.import_module("meetings.migrations.0007_integrity")
        schema_editor.execute(previous.MEETING_FUNCTION)
        schema_editor.execute(previous.SIGNATURE_FUNCTION)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0014_signing_identity_versions")]

    operations = [
        migrations.RunPython(seal_existing_signatures, migrations.RunPython.noop),
        migrations.RunPython(create_guards, drop_guards),
    ]
