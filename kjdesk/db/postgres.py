"""A kjdesk database on the center's PostgreSQL server (``--db postgresql://user@host:port/dbname``).

The same schema and migrations as a file. The server keeps its own pages and backups, so there is no
page check and no backup file here; an upgrade is one transaction, so a failed one changes nothing.

Write discipline, the same as a file's: every write transaction first takes one transaction-scoped
advisory lock (``pg_advisory_xact_lock``), as SQLite's BEGIN IMMEDIATE takes the write lock, and then
reads what it decides on at READ COMMITTED, i.e. after every earlier writer committed. Writers thus
run one after another and never fail with a serialization error among themselves; a retry loop could
not re-run the body of a ``with db.write()`` block anyway. A writer waits for the lock as long as a
file's writer waits (``lock_timeout``), then gets "busy". Reads are REPEATABLE READ: one consistent
snapshot per transaction, never blocking a writer, as in SQLite's WAL mode.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass

from sqlalchemy import Engine, Integer, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url

from kjdesk.db.errors import DatabaseProblem, classify
from kjdesk.i18n import _

SCHEMES = re.compile(r"^postgres(ql)?(\+psycopg)?://", re.IGNORECASE)
WRITE_LOCK = 0x6B6A6465736B   # "kjdesk": the advisory lock every write transaction takes
UPGRADE_LOCK = WRITE_LOCK + 1  # taken by an upgrade, so two kjdesks never upgrade at once
CONNECT_TIMEOUT_S = 10


def is_address(value: str | os.PathLike) -> bool:
    return isinstance(value, str) and SCHEMES.match(value) is not None


@dataclass(frozen=True)
class ServerAddress:
    """Where a server database lives; shown without its password."""
    url: str

    @property
    def sqlalchemy_url(self) -> URL:
        return make_url(SCHEMES.sub("postgresql+psycopg://", self.url))

    @property
    def name(self) -> str:
        return self.sqlalchemy_url.database or ""

    def __str__(self) -> str:
        return self.sqlalchemy_url.set(drivername="postgresql").render_as_string(hide_password=True)


def _begin(conn) -> None:
    if conn.get_execution_options().get("kjdesk_write"):
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
    else:
        conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")


def make_engine(address: ServerAddress, busy_timeout_ms: int) -> Engine:
    engine = create_engine(address.sqlalchemy_url, pool_pre_ping=True, connect_args={
        "connect_timeout": CONNECT_TIMEOUT_S,
        "options": f"-c lock_timeout={busy_timeout_ms} -c timezone=UTC -c client_encoding=UTF8"})
    event.listen(engine, "begin", _begin)
    return engine


def stored_revision(engine: Engine, address: ServerAddress) -> str | None:
    """The schema revision of the server database; None for an empty one (no tables)."""
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            if not tables:
                return None
            if "alembic_version" not in tables or "applications" not in tables:
                raise DatabaseProblem(_("{address} holds the tables of another program, not a kjdesk database")
                                      .format(address=address))
            return conn.execute(text("select version_num from alembic_version")).scalar()
    except DatabaseProblem:
        raise
    except Exception as exc:
        raise classify(exc) or exc from None


def read_only(engine: Engine) -> bool:
    """Does the server accept reading only (a standby, or a read-only account's default)?"""
    with engine.connect() as conn:
        return conn.exec_driver_sql("SHOW transaction_read_only").scalar() == "on"


def catch_up_sequences(session) -> None:
    """After rows were inserted with ids of their own (the demo's), move PostgreSQL's id sequences
    past them, so that the next row added without an id gets a free one. SQLite needs nothing: its
    next id is always one above the largest."""
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        return
    from kjdesk.db.models import Base

    for table in Base.metadata.sorted_tables:
        key = list(table.primary_key.columns)
        if len(key) == 1 and key[0].autoincrement in (True, "auto") and key[0].type._type_affinity is Integer:
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence(:table, :column), "
                              f"coalesce((SELECT max({key[0].name}) FROM {table.name}), 0) + 1, false)"),
                         {"table": table.name, "column": key[0].name})
