"""The hazard timeline is append-only in the database itself, not only by convention: an UPDATE of an
event row fails on PostgreSQL and SQLite alike. (Deleting a hazard still removes its events.)"""
from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION risks_hazardevent_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'risks_hazardevent is append-only: events are never changed';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER risks_hazardevent_no_update BEFORE UPDATE ON risks_hazardevent
  FOR EACH ROW EXECUTE FUNCTION risks_hazardevent_append_only();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS risks_hazardevent_no_update ON risks_hazardevent;
DROP FUNCTION IF EXISTS risks_hazardevent_append_only();
"""
SQLITE_UP = """
CREATE TRIGGER risks_hazardevent_no_update BEFORE UPDATE ON risks_hazardevent
BEGIN SELECT RAISE(ABORT, 'risks_hazardevent is append-only: events are never changed'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS risks_hazardevent_no_update;"


def _run(sql_by_vendor):
    def run(apps, schema_editor):
        sql = sql_by_vendor.get(schema_editor.connection.vendor)
        if sql:
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("risks", "0003_hazard_supervision")]
    operations = [
        migrations.RunPython(_run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
                             _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN})),
    ]
