"""On PostgreSQL, the database itself refuses changes to adjusted minutes.

The app never changes adjusted minutes (services._changing), but this also
stops the Django admin, a shell, a script or a stray UPDATE. Reopening keeps
working: it changes only the status, never the content. On SQLite the guard
is the application's alone.
"""

from django.db import migrations

MEETING_CONTENT = (
    "group_id, date, start_time, end_time, place, protocol_number, dnr, document_date, "
    "chair, secretary, closing_text"
)

# How each guarded table finds the status of the meeting its row belongs to.
OWNER_STATUS = {
    "meetings_agendaitem": "SELECT status FROM meetings_meeting WHERE id = {row}.meeting_id",
    "meetings_adjuster": "SELECT status FROM meetings_meeting WHERE id = {row}.meeting_id",
    "meetings_attachment": "SELECT status FROM meetings_meeting WHERE id = {row}.meeting_id",
    "meetings_unioninput": (
        "SELECT m.status FROM meetings_meeting m JOIN meetings_agendaitem i ON i.meeting_id = m.id "
        "WHERE i.id = {row}.item_id"
    ),
    "meetings_decision": (
        "SELECT m.status FROM meetings_meeting m JOIN meetings_agendaitem i ON i.meeting_id = m.id "
        "WHERE i.id = {row}.item_id"
    ),
    "meetings_position": (
        "SELECT m.status FROM meetings_meeting m JOIN meetings_agendaitem i ON i.meeting_id = m.id "
        "JOIN meetings_decision d ON d.item_id = i.id WHERE d.id = {row}.decision_id"
    ),
}


# "%%" reaches PL/pgSQL as "%" (psycopg2 escapes), its placeholder for TG_OP.
def _child_function(table, query):
    return f"""
CREATE OR REPLACE FUNCTION {table}_guard_adjusted() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND ({query.format(row="OLD")}) = 'adjusted' THEN
        RAISE EXCEPTION 'Adjusted minutes cannot be changed (%% on {table})', TG_OP;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND ({query.format(row="NEW")}) = 'adjusted' THEN
        RAISE EXCEPTION 'Adjusted minutes cannot be changed (%% on {table})', TG_OP;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS {table}_guard_adjusted ON {table};
CREATE TRIGGER {table}_guard_adjusted BEFORE INSERT OR UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {table}_guard_adjusted();
"""


MEETING_FUNCTION = f"""
CREATE OR REPLACE FUNCTION meetings_meeting_guard_adjusted() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'adjusted' THEN
        IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION 'Adjusted minutes cannot be deleted';
        END IF;
        IF ROW({", ".join("NEW." + c.strip() for c in MEETING_CONTENT.split(","))})
           IS DISTINCT FROM ROW({", ".join("OLD." + c.strip() for c in MEETING_CONTENT.split(","))}) THEN
            RAISE EXCEPTION 'Adjusted minutes cannot be changed';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS meetings_meeting_guard_adjusted ON meetings_meeting;
CREATE TRIGGER meetings_meeting_guard_adjusted BEFORE UPDATE OR DELETE ON meetings_meeting
    FOR EACH ROW EXECUTE FUNCTION meetings_meeting_guard_adjusted();
"""


def create_guards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(MEETING_FUNCTION)
    for table, query in OWNER_STATUS.items():
        schema_editor.execute(_child_function(table, query))


def drop_guards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in ["meetings_meeting", *OWNER_STATUS]:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_guard_adjusted ON {table};")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_guard_adjusted();")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0002_signing_history")]

    operations = [migrations.RunPython(create_guards, drop_guards)]
