"""Alembic environment: the whole upgrade, every step of it, is one exclusive transaction.

SQLite's DDL is transactional, but Alembic's SQLite backend says otherwise unless told, and would
commit each step on its own; a failing step would then leave the file half upgraded.
"""
from alembic import context
from sqlalchemy import create_engine, event

from kjdesk.db.models import Base

config = context.config


class ForeignKeyViolation(RuntimeError):
    """An upgrade left rows pointing at nothing; the transaction is rolled back."""


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
        context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True,
                          transactional_ddl=True, transaction_per_migration=False)
        with context.begin_transaction():
            context.run_migrations()
            # Foreign keys are off while tables are rebuilt, so check them before committing.
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise ForeignKeyViolation(f"the upgrade would leave broken references: {broken[:5]}")
    engine.dispose()


run_migrations_online()
