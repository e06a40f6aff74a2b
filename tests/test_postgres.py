"""kjdesk on a PostgreSQL server: the same schema, the same write discipline, the same figures."""
from __future__ import annotations

import datetime as dt
import socket
import threading
import time

import pytest
from sqlalchemy import func, inspect, select

from kjdesk.db import migrate
from kjdesk.db.database import SCHEMA_HEAD, ServerAddress, open_database, resolve_path
from kjdesk.db.errors import EnvironmentProblem, Kind, classify
from kjdesk.db.models import Event, Setting
from kjdesk.services.cases import record_event


def test_an_empty_database_is_upgraded_to_head_on_either_database(database):
    with database() as s:
        tables = set(inspect(s.connection()).get_table_names())
        version = s.connection().exec_driver_sql("select version_num from alembic_version").scalar()
    assert version == SCHEMA_HEAD == migrate.head()
    assert {"applications", "events", "enterprises", "subsidy_cases", "alembic_version"} <= tables


def test_a_postgresql_address_names_a_server_database_and_hides_its_password():
    address = resolve_path("postgresql://kj:secret@db.center.example:5433/kjdesk")
    assert isinstance(address, ServerAddress)
    assert address.name == "kjdesk"
    assert "secret" not in str(address) and "db.center.example:5433" in str(address)


def test_another_kind_of_address_is_refused_naming_it():
    from kjdesk.db.database import DatabaseProblem

    with pytest.raises(DatabaseProblem, match="mysql://x@y/z"):
        resolve_path("mysql://x@y/z")


def _case(database):
    from builders import application, bank, enterprise

    with database.write() as s:
        bank(s, "B01")
        return application(s, enterprise(s), dt.date(2017, 1, 5)).id


def test_an_event_is_recorded_through_a_write_transaction_on_either_database(database):
    app_id = _case(database)
    with database.write() as s:
        record_event(s, app_id, "preliminary_passed", dt.date(2017, 1, 8))
    with database() as s:
        assert [(e.seq, e.type) for e in s.scalars(select(Event).where(Event.application_id == app_id)
                                                    .order_by(Event.seq))] == [
            (1, "submitted"), (2, "preliminary_passed")]


def test_a_loan_above_2_to_the_31_fen_is_kept_exactly_on_either_database(database):
    app_id = _case(database)
    big = 30_000_000_000  # 3亿元: more fen than a 32-bit integer holds
    with database.write() as s:
        for day, step in ((8, "preliminary_passed"), (15, "investigated")):
            record_event(s, app_id, step, dt.date(2017, 1, day))
        record_event(s, app_id, "review_passed", dt.date(2017, 2, 10), amount_fen=big)
    with database() as s:
        assert s.scalar(select(Event.amount_fen).where(Event.type == "review_passed")) == big
        assert s.scalar(select(func.sum(Event.amount_fen))) == big


def test_a_second_writer_waits_for_the_first_and_then_reads_what_it_wrote(database):
    """Two writers decide the next sequence number of the same case: the second takes the write lock
    only after the first committed, so it numbers its event after the first's (no duplicate seq)."""
    app_id = _case(database)
    first_inside, seqs, errors = threading.Event(), [], []

    def second():
        first_inside.wait(10)
        try:
            with database.write() as s:
                seqs.append(("second", record_event(s, app_id, "investigated", dt.date(2017, 1, 9)).event.seq))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    thread = threading.Thread(target=second)
    thread.start()
    with database.write() as s:
        seqs.append(("first", record_event(s, app_id, "preliminary_passed", dt.date(2017, 1, 8)).event.seq))
        first_inside.set()
        time.sleep(0.5)  # the second writer is now waiting for the lock
    thread.join(20)
    assert errors == []
    assert seqs == [("first", 2), ("second", 3)]


# The error classifier on the server's real errors: each says what happened and what to do.

def _kind(call):
    with pytest.raises(Exception) as caught:
        call()
    problem = classify(caught.value)
    assert problem is not None, caught.value
    return problem.kind


def test_a_server_that_does_not_answer_is_reported_as_unreachable():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nobody listens here once the socket is closed
    problem = _kind(lambda: open_database(resolve_path(f"postgresql://kj@127.0.0.1:{port}/kjdesk")))
    assert problem is Kind.NO_SERVER


@pytest.mark.postgres
def test_a_wrong_password_a_missing_database_and_no_free_connection_are_told_apart(pg_server):
    from pg import LOCKED_ROLE

    pg_server.sql(f"CREATE ROLE {LOCKED_ROLE} LOGIN PASSWORD 'right'")
    pg_server.sql("CREATE ROLE kjdesk_limited LOGIN CONNECTION LIMIT 0")
    try:
        base = f"127.0.0.1:{pg_server.port}"
        assert _kind(lambda: open_database(resolve_path(f"postgresql://{LOCKED_ROLE}:wrong@{base}/postgres"))) \
            is Kind.LOGIN
        assert _kind(lambda: open_database(resolve_path(f"postgresql://{pg_server.user}@{base}/nowhere"))) \
            is Kind.NO_SUCH_DATABASE
        assert _kind(lambda: open_database(resolve_path(f"postgresql://kjdesk_limited@{base}/postgres"))) \
            is Kind.TOO_MANY
    finally:
        pg_server.sql(f"DROP ROLE {LOCKED_ROLE}")
        pg_server.sql("DROP ROLE kjdesk_limited")


@pytest.mark.postgres
def test_a_read_only_server_refuses_writes_saying_so_and_changes_nothing(pg_server):
    url = pg_server.new_database(pg_server.schema_template())
    pg_server.sql(f"ALTER DATABASE {url.rsplit('/', 1)[1]} SET default_transaction_read_only = on")
    db = open_database(resolve_path(url))
    try:
        assert db.read_only
        with pytest.raises(EnvironmentProblem) as refused:
            with db.write():
                pass
        assert refused.value.kind is Kind.SERVER_READ_ONLY
        with db() as s:  # a write that slips past write(): the server's own refusal, 25006
            assert _kind(lambda: s.add(Setting(key="k", value="v")) or s.flush()) is Kind.SERVER_READ_ONLY
    finally:
        db.engine.dispose()
        pg_server.drop(url)


@pytest.mark.postgres
def test_two_transactions_that_cross_are_told_to_try_again(pg_server):
    """A serialization failure (40001) and a deadlock (40P01), as another program's transactions
    could cause them, read as "someone changed the same records: try again"."""
    import psycopg

    url = pg_server.new_database(pg_server.schema_template())
    kw = dict(host="127.0.0.1", port=pg_server.port, user=pg_server.user, dbname=url.rsplit("/", 1)[1])
    try:
        with psycopg.connect(**kw, autocommit=True) as setup:
            setup.execute("insert into settings (key, value) values ('a', '1'), ('b', '1')")
        with psycopg.connect(**kw) as one, psycopg.connect(**kw) as two:
            one.execute("begin isolation level repeatable read")
            one.execute("select value from settings where key = 'a'").fetchall()
            two.execute("update settings set value = '2' where key = 'a'")
            two.commit()
            assert _kind(lambda: one.execute("update settings set value = '3' where key = 'a'")) is Kind.CONFLICT
            one.rollback()

            one.execute("update settings set value = '4' where key = 'a'")
            two.execute("update settings set value = '4' where key = 'b'")
            outcome = []
            crossing = threading.Thread(target=lambda: outcome.append(
                _kind(lambda: two.execute("update settings set value = '5' where key = 'a'"))))
            crossing.start()
            time.sleep(0.3)  # two now waits for one's row
            try:
                one.execute("update settings set value = '5' where key = 'b'")
                outcome.append(None)
            except psycopg.Error as exc:
                outcome.append(classify(exc).kind)
            crossing.join(10)
            assert Kind.CONFLICT in outcome
    finally:
        pg_server.drop(url)


def test_a_full_server_disk_is_reported_as_the_servers():
    """The one SQLSTATE a test cannot provoke: a full disk (53100), as psycopg raises it."""
    import psycopg.errors

    problem = classify(psycopg.errors.lookup("53100")("could not extend file: No space left on device"))
    assert problem.kind is Kind.SERVER_FULL
    assert "disk is full" in problem.message


def test_a_command_on_an_unreachable_server_exits_2_saying_what_to_check(capsys):
    from kjdesk.cli import main

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert main(["--lang", "en", "--db", f"postgresql://kj:secret@127.0.0.1:{port}/kjdesk", "report", "districts",
                 "--year", "2017"]) == 2
    err = capsys.readouterr().err
    assert "The database server cannot be reached" in err and "secret" not in err


def test_kjdesk_db_may_hold_a_server_address(monkeypatch):
    monkeypatch.setenv("KJDESK_DB", "postgresql://kj@db.center.example/kjdesk")
    assert resolve_path(None) == ServerAddress("postgresql://kj@db.center.example/kjdesk")


@pytest.mark.postgres
def test_an_older_schema_on_the_server_is_upgraded_to_head_keeping_its_data(pg_server):
    url = pg_server.new_database()
    address = resolve_path(url)
    try:
        migrate.upgrade(address, "0004")
        db = open_database(address)
        with db() as s:
            assert s.connection().exec_driver_sql("select version_num from alembic_version").scalar() == SCHEMA_HEAD
            assert s.connection().exec_driver_sql("select count(*) from districts").scalar() == 16
            money = {c["name"]: c["type"].__class__.__name__ for c in inspect(s.connection()).get_columns("events")}
        assert money["amount_fen"] == "BIGINT"
        db.engine.dispose()
    finally:
        pg_server.drop(url)


@pytest.mark.postgres
def test_two_kjdesks_opening_an_empty_server_database_at_once_give_it_one_schema(pg_server):
    """The upgrade takes kjdesk's upgrade lock: the second waits, then finds nothing left to do.
    (Two processes, as two kjdesks are: Alembic's context is one per process.)"""
    import subprocess
    import sys

    url = pg_server.new_database()
    code = ("import sys; from kjdesk.db.database import open_database, resolve_path; "
            "open_database(resolve_path(sys.argv[1])).engine.dispose()")
    try:
        runs = [subprocess.Popen([sys.executable, "-c", code, url], stderr=subprocess.PIPE, text=True)
                for _ in range(2)]
        outcomes = [(run.wait(60), run.stderr.read()) for run in runs]
        assert outcomes == [(0, ""), (0, "")]
        db = open_database(resolve_path(url))
        with db() as s:
            assert s.connection().exec_driver_sql("select count(*) from districts").scalar() == 16
            assert s.connection().exec_driver_sql("select version_num from alembic_version").scalar() == SCHEMA_HEAD
        db.engine.dispose()
    finally:
        pg_server.drop(url)
