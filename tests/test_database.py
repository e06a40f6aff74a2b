"""The database file: created on first use, upgraded with a backup, refused when not ours or newer."""
import sqlite3

import pytest

from kjdesk.db import migrate
from kjdesk.db.database import SCHEMA_HEAD, DatabaseProblem, open_database, resolve_path


def test_schema_head_constant_is_alembics_head():
    assert migrate.head() == SCHEMA_HEAD


def test_a_new_database_has_reference_data_wal_and_foreign_keys(db_path):
    factory = open_database(db_path)
    with factory() as s:
        conn = s.connection().connection.dbapi_connection
        assert conn.execute("pragma journal_mode").fetchone()[0] == "wal"
        assert conn.execute("pragma foreign_keys").fetchone()[0] == 1
        assert conn.execute("select count(*) from districts").fetchone()[0] == 16
        assert conn.execute("select count(*) from products").fetchone()[0] == 4


def test_a_file_that_is_not_sqlite_is_refused_clearly(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("hello")
    with pytest.raises(DatabaseProblem, match="not a kjdesk database"):
        open_database(path)
    assert path.read_text() == "hello"


def test_another_programs_sqlite_file_is_left_alone(tmp_path):
    path = tmp_path / "other.sqlite"
    sqlite3.connect(path).execute("create table t(x)").connection.commit()
    with pytest.raises(DatabaseProblem, match="another program"):
        open_database(path)


def test_a_database_from_a_newer_kjdesk_is_refused(db_path):
    open_database(db_path)
    conn = sqlite3.connect(db_path)
    conn.execute("update alembic_version set version_num = '9999'")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseProblem, match="newer kjdesk"):
        open_database(db_path)


def test_resolve_path_prefers_the_option_then_the_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("KJDESK_DB", str(tmp_path / "env.sqlite"))
    assert resolve_path(tmp_path / "opt.sqlite") == tmp_path / "opt.sqlite"
    assert resolve_path(None) == tmp_path / "env.sqlite"
    monkeypatch.delenv("KJDESK_DB")
    assert resolve_path(None).name == "kjdesk.sqlite"


def test_an_older_database_is_backed_up_then_upgraded_keeping_its_data(db_path):
    migrate.upgrade(db_path, "0001")
    conn = sqlite3.connect(db_path)
    conn.execute("insert into stations (code, name_zh, name_en, host_org, status) values ('S1', '浦东站', '', '', 'active')")
    conn.commit()
    conn.close()

    factory = open_database(db_path)

    with factory() as s:
        conn = s.connection().connection.dbapi_connection
        assert conn.execute("select version_num from alembic_version").fetchone()[0] == SCHEMA_HEAD
        assert conn.execute("select code from stations").fetchall() == [("S1",)]
        assert conn.execute("select code from districts order by report_order limit 2").fetchall() == [
            ("pudong",), ("minhang",)]
    backups = list(db_path.parent.glob("kjdesk.before-upgrade-0001.*.bak"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("select version_num from alembic_version").fetchone()[0] == "0001"
    assert old.execute("select code from stations").fetchall() == [("S1",)]


def test_only_the_newest_backups_are_kept(db_path):
    from kjdesk.db.database import BACKUPS_KEPT, backup

    open_database(db_path)
    for i in range(BACKUPS_KEPT + 3):
        backup(db_path, f"manual{i:02d}")
    assert len(list(db_path.parent.glob("kjdesk.*.bak"))) == BACKUPS_KEPT
