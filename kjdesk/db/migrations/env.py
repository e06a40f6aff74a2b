"""Alembic environment: every upgrade runs in one transaction (SQLite has transactional DDL)."""
from alembic import context
from sqlalchemy import create_engine, event

from kjdesk.db.models import Base

config = context.config


def run_migrations_online() -> None:
    engine = create_engine(config.get_main_option("sqlalchemy.url"))

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # let SQLAlchemy issue BEGIN so DDL is transactional
        dbapi_conn.execute("PRAGMA foreign_keys=OFF")  # batch table rebuilds need it off

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN EXCLUSIVE")

    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata,
                          render_as_batch=True, transaction_per_migration=False)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()
