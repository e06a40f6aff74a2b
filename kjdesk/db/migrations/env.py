"""Alembic environment: the whole upgrade, every step of it, is one transaction.

On a file, an exclusive one: SQLite's DDL is transactional, but Alembic's SQLite backend says
otherwise unless told, and would commit each step on its own; a failing step would then leave the
file half upgraded. On a PostgreSQL server, DDL is transactional too; the upgrade first takes
kjdesk's upgrade lock, so two kjdesks starting at once upgrade one after the other (the second then
finds nothing to do).
"""
from alembic import context
from sqlalchemy import create_engine, event

from kjdesk.db.models import Base

config = context.config


class ForeignKeyViolation(RuntimeError):
    """An upgrade left rows pointing at nothing; the transaction is rolled back."""


def _sqlite_engine(url):
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # let SQLAlchemy issue BEGIN so DDL is transactional
        dbapi_conn.execute("PRAGMA foreign_keys=OFF")  # batch table rebuilds need it off

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN EXCLUSIVE")

    return engine


def _postgres_engine(url):
    from kjdesk.db.postgres import UPGRADE_LOCK

    engine = create_engine(url)

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({UPGRADE_LOCK})")

    return engine


def run_migrations_online() -> None:
    url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
    sqlite = str(url).startswith("sqlite")
    engine = _sqlite_engine(url) if sqlite else _postgres_engine(url)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=sqlite,
                          transactional_ddl=True, transaction_per_migration=False)
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                # Foreign keys are off while tables are rebuilt, so check them before committing.
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise ForeignKeyViolation(f"the upgrade would leave broken references: {broken[:5]}")
    engine.dispose()


run_migrations_online()
