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


def test_only_the_newest_backups_of_a_label_are_kept_and_no_one_elses(db_path):
    from kjdesk.db.database import BACKUPS_KEPT, backup

    open_database(db_path)
    other = db_path.with_name("kjdesk.demo.sqlite")
    open_database(other)
    others = backup(other, "before-demo")
    first_upgrade = backup(db_path, "before-upgrade-0001")
    made = [backup(db_path, "before-demo") for _ in range(BACKUPS_KEPT + 3)]
    kept = sorted(db_path.parent.glob("kjdesk.before-demo.*.bak"))
    assert kept == sorted(made[-BACKUPS_KEPT:])
    assert others.exists() and first_upgrade.exists()


def test_an_upgrade_that_fails_midway_leaves_the_file_as_it_was(db_path, tmp_path, monkeypatch):
    import shutil

    migrate.upgrade(db_path, "0002")
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9999_broken.py").write_text(
        f'revision = "9999"\ndown_revision = "{SCHEMA_HEAD}"\nbranch_labels = None\ndepends_on = None\n\n'
        "from alembic import op\n\n\ndef upgrade():\n"
        '    op.execute("create table half_done (x integer)")\n'
        '    raise RuntimeError("step failed")\n')
    monkeypatch.setattr(migrate, "MIGRATIONS", scripts)

    with pytest.raises(RuntimeError, match="step failed"):
        migrate.upgrade(db_path)

    conn = sqlite3.connect(db_path)
    tables = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
    assert conn.execute("select version_num from alembic_version").fetchone()[0] == "0002"
    assert "settings" not in tables and "half_done" not in tables


def test_the_models_and_the_migrations_describe_the_same_schema(database):
    """On a file and on a PostgreSQL server alike (tests/conftest.py: the ``database`` fixture)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from kjdesk.db.models import Base

    with database() as s:
        diff = compare_metadata(MigrationContext.configure(s.connection()), Base.metadata)
    assert diff == []


def test_a_new_database_holds_the_reference_data_the_domain_names(session):
    from kjdesk.db.models import District, Product
    from kjdesk.domain.reference import DISTRICTS, PRODUCTS

    assert {(d.code, d.name_zh, d.name_en) for d in session.query(District)} == {
        (d.code, d.name_zh, d.name_en) for d in DISTRICTS}
    assert {(p.code, p.name_zh, p.name_en) for p in session.query(Product)} == {
        (p.code, p.name_zh, p.name_en) for p in PRODUCTS}


PATHS = {"performance_loan": ("required", "optional", "required"),
         "little_giant_credit": ("optional", "optional", "optional"),
         "micro_loan": ("optional", "optional", "optional"),
         "venture_loan": ("optional", "optional", "optional")}


def _paths(path):
    conn = sqlite3.connect(path)
    try:
        return {code: tuple(steps) for code, *steps in conn.execute(
            "select code, preliminary_review, site_visit, review_meeting from products")}
    finally:
        conn.close()


def test_a_new_database_gives_the_four_products_their_paths(db_path):
    open_database(db_path)
    assert _paths(db_path) == PATHS


def test_an_upgraded_database_gives_its_products_their_paths_and_keeps_its_events(db_path):
    migrate.upgrade(db_path, "0004")
    conn = sqlite3.connect(db_path)
    conn.execute("insert into products (code, name_zh, name_en) values ('green_loan', '绿色贷', 'Green loan')")
    conn.commit()
    conn.close()

    open_database(db_path)

    assert _paths(db_path) == {**PATHS, "green_loan": ("optional", "optional", "optional")}
    conn = sqlite3.connect(db_path)
    columns = {r[1] for r in conn.execute("pragma table_info(events)")}
    assert {"premium_fen", "recorded_by"} <= columns
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("update products set site_visit = 'sometimes' where code = 'micro_loan'")
