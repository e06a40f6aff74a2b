"""The audit trail: every insert, change and removal, in the change's transaction, by its user; never editable."""
from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path

import pytest
from exchange_helpers import valid_sheets, write_book
from sqlalchemy import delete, insert, select, update

import builders as b
from kjdesk.db.audit import AuditBypass, act_as
from kjdesk.db.models import Application, AuditEntry, Enterprise, Event
from kjdesk.services import audit
from kjdesk.services.cases import record_event, undo_last_event
from kjdesk.services.exchange.importer import ImportRefused, import_workbook


def _case(factory):
    with factory.write() as s:
        ent = b.enterprise(s)
        app = b.application(s, ent, dt.date(2017, 3, 1), ref="KJ2017-0001")
        return ent.id, app.id


def test_a_case_action_is_recorded_field_by_field_with_its_user(session_factory):
    act_as(session_factory, "王芳")
    _, app_id = _case(session_factory)
    with session_factory.write() as s:
        record_event(s, app_id, "preliminary_passed", dt.date(2017, 3, 2))
    with session_factory() as s:
        lines = audit.history(s, "applications", app_id)
    accepted = [line for line in lines if line.table == "events" and line.new == "preliminary_passed"]
    assert len(accepted) == 1 and accepted[0].action == "insert" and accepted[0].field == "type"
    status = [line for line in lines if line.table == "applications" and line.field == "status"]
    assert [(line.old, line.new) for line in status] == [(None, "submitted"), ("submitted", "preliminary_passed")]
    assert {line.user for line in lines} == {"王芳"}


def test_the_lines_of_one_transaction_share_a_change_set_and_the_next_gets_another(session_factory):
    _, app_id = _case(session_factory)
    with session_factory.write() as s:
        record_event(s, app_id, "preliminary_passed", dt.date(2017, 3, 2))
    with session_factory() as s:
        sets = [line.change_set for line in audit.history(s, "applications", app_id)]
    assert len(set(sets)) == 2 and sets == sorted(sets, key=sets.index)


def test_a_removal_keeps_the_old_values(session_factory):
    _, app_id = _case(session_factory)
    with session_factory.write() as s:
        record_event(s, app_id, "preliminary_passed", dt.date(2017, 3, 2))
    with session_factory.write() as s:
        undo_last_event(s, app_id)
    with session_factory() as s:
        removed = [line for line in audit.history(s, "applications", app_id) if line.action == "delete"]
    assert ("type", "preliminary_passed", None) in [(line.field, line.old, line.new) for line in removed]


def test_a_change_that_is_rolled_back_leaves_no_line(session_factory):
    _, app_id = _case(session_factory)
    with session_factory() as s:
        before = s.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1))
    with pytest.raises(RuntimeError), session_factory.write() as s:
        record_event(s, app_id, "preliminary_passed", dt.date(2017, 3, 2))
        raise RuntimeError("the user cancelled")
    with session_factory() as s:
        assert s.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1)) == before


def test_an_enterprise_change_names_the_field_and_both_values(session_factory):
    ent_id, _ = _case(session_factory)
    with session_factory.write() as s:
        s.get(Enterprise, ent_id).park = "张江"
    with session_factory() as s:
        changed = [line for line in audit.history(s, "enterprises", ent_id) if line.action == "update"]
    assert [(line.field, line.old, line.new) for line in changed] == [("park", "", "张江")]


@pytest.mark.parametrize("sql", ["update audit set new = 'forged'", "delete from audit"])
def test_the_trail_cannot_be_edited_even_from_an_sqlite_shell(session_factory, db_path, sql):
    _case(session_factory)
    conn = sqlite3.connect(db_path)
    with pytest.raises(sqlite3.IntegrityError, match="audit trail cannot be changed"):
        conn.execute(sql)
    conn.close()


@pytest.mark.parametrize("statement", [
    update(Application).values(status="rejected"),
    delete(Event),
    insert(Enterprise).values(credit_code="x", name="x", district_code="pudong"),
])
def test_a_bulk_statement_on_an_audited_table_is_refused(session_factory, statement):
    _case(session_factory)
    with pytest.raises(AuditBypass), session_factory.write() as s:
        s.execute(statement)


def test_only_the_importer_and_the_demo_write_in_bulk():
    root = Path(__file__).resolve().parents[1] / "kjdesk"
    users = {p.relative_to(root).as_posix() for p in root.rglob("*.py") if "bulk_write(" in p.read_text("utf-8")}
    assert users == {"db/audit.py", "services/exchange/importer.py", "demo/build.py"}


def test_core_writes_through_the_connection_happen_only_inside_the_importer():
    """Core statements on session.connection() bypass the hook; only the importer's store may issue them."""
    root = Path(__file__).resolve().parents[1] / "kjdesk"
    writes = re.compile(r"conn\w*\.(execute|exec_driver_sql)\((?!.*PRAGMA)(?!\"BEGIN)")
    allowed = {"services/exchange/store.py", "services/exchange/programs.py", "services/exchange/subsidies.py",
               "db/audit.py", "db/database.py", "services/queries.py", "services/aging.py",
               "services/exchange/writer.py",
               "services/backups.py",  # whole files through sqlite3, never the session's connection
               "db/postgres.py"}  # the server's write lock, isolation level and id sequences: no rows
    found = {p.relative_to(root).as_posix() for p in root.rglob("*.py")
             if "migrations" not in p.parts and writes.search(p.read_text("utf-8"))}
    assert found <= allowed


def test_an_import_is_one_change_set_naming_the_file_the_user_and_the_counts(tmp_path, session_factory):
    act_as(session_factory, "李雷")
    path = write_book(tmp_path / "march.xlsx", valid_sheets())
    import_workbook(session_factory, path)
    with session_factory() as s:
        lines = s.scalars(select(AuditEntry).where(AuditEntry.action == "import")).all()
    assert {line.note for line in lines} == {"march.xlsx"} and {line.user for line in lines} == {"李雷"}
    assert len({line.change_set for line in lines}) == 1
    assert {line.table_name: line.new for line in lines}["applications"] == "added 1, updated 0"


def test_a_refused_import_leaves_no_line(tmp_path, session_factory):
    sheets = valid_sheets()
    sheets["enterprises"][2][2] = "Atlantis"
    with pytest.raises(ImportRefused):
        import_workbook(session_factory, write_book(tmp_path / "bad.xlsx", sheets))
    with session_factory() as s:
        assert s.scalar(select(AuditEntry.id).limit(1)) is None


def test_the_trail_is_found_by_ref_user_and_day(session_factory):
    act_as(session_factory, "王芳")
    _, app_id = _case(session_factory)
    act_as(session_factory, "李雷")
    with session_factory.write() as s:
        record_event(s, app_id, "preliminary_passed", dt.date(2017, 3, 2))
    with session_factory() as s:
        assert {line.user for line in audit.trail(s, ref="KJ2017-0001")} == {"王芳", "李雷"}
        assert {line.user for line in audit.trail(s, user="李雷")} == {"李雷"}
        assert audit.trail(s, since=dt.date.today() + dt.timedelta(days=1)) == []


def test_kjdesk_audit_lists_a_cases_lines_as_json_and_csv(tmp_path, capsys):
    import json

    from kjdesk.cli import main

    db = tmp_path / "cli.sqlite"
    path = write_book(tmp_path / "ok.xlsx", valid_sheets())
    assert main(["--db", str(db), "--user", "李雷", "import", path]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "audit", "--by", "李雷", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert rows and {r["note"] for r in rows} == {"ok.xlsx"} and {r["action"] for r in rows} == {"import"}
    assert main(["--db", str(db), "audit", "--since", "2017-01-01", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "at,user,action,table,record_id,field,old,new,change_set,note"
    assert main(["--db", str(db), "audit", "--ref", "NOPE-1"]) == 2
    assert "no case, subsidy case or enterprise “NOPE-1”" in capsys.readouterr().err
