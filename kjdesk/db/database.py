"""Opening the user's database file: where it lives, its pragmas, its schema version.

The file is the user's only copy, so an older schema is upgraded step by step inside one
transaction after a backup, a newer one is refused, and a file that is not kjdesk's is left alone.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from kjdesk.i18n import _

# The newest schema revision this kjdesk knows (a test checks it is Alembic's head).
SCHEMA_HEAD = "0005"
BACKUPS_KEPT = 5
_SQLITE_MAGIC = b"SQLite format 3\x00"


class DatabaseProblem(Exception):
    """A database the user has to act on (not ours, too new, unreadable); the message says so."""


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("kjdesk", appauthor=False) / "kjdesk.sqlite"


def resolve_path(explicit: str | os.PathLike | None = None) -> Path:
    """``--db`` wins, then ``KJDESK_DB``, then the platform's user data folder."""
    if explicit:
        return Path(explicit).expanduser()
    if os.environ.get("KJDESK_DB"):
        return Path(os.environ["KJDESK_DB"]).expanduser()
    return default_path()


def _on_connect(dbapi_conn, _record):
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")  # the user's only copy: a commit survives a power cut
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _on_connect)
    return engine


def stored_revision(path: Path) -> str | None:
    """The schema revision recorded in an existing file; DatabaseProblem if it is not kjdesk's."""
    with path.open("rb") as fh:
        header = fh.read(16)
    if header != _SQLITE_MAGIC:
        raise DatabaseProblem(_("{path} is not a kjdesk database (it is not an SQLite file)").format(path=path))
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
        if not tables:
            return None
        if "alembic_version" not in tables or "applications" not in tables:
            raise DatabaseProblem(_("{path} is an SQLite file of another program, not a kjdesk database").format(path=path))
        row = conn.execute("select version_num from alembic_version").fetchone()
        return row[0] if row else None
    except sqlite3.DatabaseError as exc:
        raise DatabaseProblem(_("{path} cannot be read as a database: {error}").format(path=path, error=exc)) from None
    finally:
        conn.close()


def open_database(path: Path) -> sessionmaker[Session]:
    """Open (creating or upgrading as needed) the database at ``path``; return a session factory."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    revision = stored_revision(path) if path.exists() and path.stat().st_size else None
    if revision != SCHEMA_HEAD:
        from kjdesk.db import migrate

        if revision is not None:
            if not migrate.is_known(revision):
                raise DatabaseProblem(_(
                    "{path} was written by a newer kjdesk (schema {revision}); install the newer kjdesk to open it"
                ).format(path=path, revision=revision))
            backup(path, f"before-upgrade-{revision}")
        migrate.upgrade(path)
    engine = make_engine(path)
    with engine.connect():  # sets WAL now, and surfaces a locked or unreadable file here
        pass
    return sessionmaker(engine, expire_on_commit=False)


def backup(path: Path, label: str) -> Path:
    """Copy the database (consistently, through SQLite's backup API) beside it.

    The newest few backups of each label are kept; other labels and other databases' backups in
    the same folder are never touched.
    """
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = path.with_name(f"{path.stem}.{label}.{stamp}.bak")
    src = sqlite3.connect(path)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    ours = re.compile(rf"{re.escape(path.stem)}\.{re.escape(label)}\.\d{{8}}-\d{{6}}-\d{{6}}\.bak")
    same_label = sorted((p for p in path.parent.iterdir() if ours.fullmatch(p.name)), reverse=True)
    for stale in same_label[BACKUPS_KEPT:]:
        stale.unlink(missing_ok=True)
    return target
