"""Opening the user's database file: where it lives, its pragmas, its schema version, its health.

The file is the user's only copy, so an older schema is upgraded step by step inside one
transaction after a backup, a newer one is refused, and a file that is not kjdesk's is left alone.
A file whose pages are damaged, or that sits on read-only media, is opened for reading only, and
every write transaction takes SQLite's write lock before it reads what it decides on.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from kjdesk.atomic import fsync_dir, publish
from kjdesk.db.errors import DatabaseProblem, EnvironmentProblem, Kind, classify
from kjdesk.i18n import _

__all__ = ["Database", "DatabaseProblem", "SCHEMA_HEAD", "backup", "open_database", "resolve_path"]

# The newest schema revision this kjdesk knows (a test checks it is Alembic's head).
SCHEMA_HEAD = "0007"
BACKUPS_KEPT = 5
_SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000  # how long a writer waits for another's transaction before saying "busy"


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("kjdesk", appauthor=False) / "kjdesk.sqlite"


def resolve_path(explicit: str | os.PathLike | None = None) -> Path:
    """``--db`` wins, then ``KJDESK_DB``, then the platform's user data folder."""
    value = explicit or os.environ.get("KJDESK_DB")
    if not value:
        return default_path()
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", os.fspath(value)):
        # A URL would otherwise become a folder named "postgresql:" with a file in it.
        raise DatabaseProblem(_("{url} is a database address; this kjdesk opens database files only (give the "
                                "path of a .sqlite file)").format(url=value))
    return Path(value).expanduser()


def _uri(path: Path, **params: str) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"file:{quote(str(path.resolve()))}" + (f"?{query}" if query else "")


def _pragmas(dbapi_conn, read_only: bool) -> None:
    # SQLAlchemy issues BEGIN itself (see _begin), so that reads share the write's transaction.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    if not read_only:
        cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")  # the user's only copy: a commit survives a power cut
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.close()


def _begin(conn) -> None:
    """A write transaction takes the write lock at once (BEGIN IMMEDIATE): what it reads to decide
    (a case's state, the next sequence number or reference) cannot change before it commits. A
    read transaction is a deferred BEGIN: one consistent snapshot, never blocking a writer (WAL)."""
    immediate = conn.get_execution_options().get("kjdesk_write")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(path: Path, *, read_only: bool = False, immutable: bool = False) -> Engine:
    if read_only:
        params = {"mode": "ro", **({"immutable": "1"} if immutable else {})}
        uri = _uri(path, **params)
        engine = create_engine("sqlite://", poolclass=QueuePool,
                               creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))
    else:
        engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", lambda conn, _record: _pragmas(conn, read_only))
    event.listen(engine, "begin", _begin)
    return engine


class Database(sessionmaker):
    """The session factory of one database file, which also knows whether it may be written.

    ``factory()`` gives a session for reading; ``write()`` one write transaction. A database
    opened read-only (read-only media) or found damaged refuses ``write()`` with the reason.
    """

    def __init__(self, engine: Engine, path: Path, *, read_only: bool = False):
        super().__init__(engine, expire_on_commit=False)
        self.path = path
        self.read_only = read_only
        self.damage: str | None = None     # what quick_check found, once checked
        self.checked = False
        self._check_lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        return self.kw["bind"]

    @property
    def writable(self) -> bool:
        return not self.read_only and self.damage is None

    def check(self, *, full: bool = False) -> str | None:
        """Check the file's pages (``PRAGMA quick_check``; ``integrity_check`` if ``full``); return what
        is damaged, or None. A quick check runs once; later calls return its answer at once."""
        with self._check_lock:
            if self.checked and not full:
                return self.damage
            pragma = "integrity_check" if full else "quick_check"
            try:
                with self.engine.connect() as conn:
                    rows = [r[0] for r in conn.exec_driver_sql(f"PRAGMA {pragma}")]
            except Exception as exc:
                problem = classify(exc)
                if problem is None or problem.kind not in (Kind.DAMAGED, Kind.NOT_A_DATABASE, Kind.IO):
                    raise
                rows = [str(getattr(exc, "orig", exc))]
            self.damage = None if rows == ["ok"] else "; ".join(rows[:5])
            self.checked = True
            return self.damage

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction holding the write lock from its start; committed on success."""
        if self.read_only:
            raise EnvironmentProblem(Kind.READ_ONLY, str(self.path))
        if self.check() is not None:
            raise EnvironmentProblem(Kind.DAMAGED, self.damage)
        with self() as session, session.begin():
            session.connection(execution_options={"kjdesk_write": True})
            yield session


def _writable(path: Path) -> bool:
    """May this process write the file and its folder (WAL needs both)? False on read-only media."""
    target = path if path.exists() else path.parent
    return os.access(target, os.W_OK) and os.access(path.parent, os.W_OK)


def stored_revision(path: Path) -> str | None:
    """The schema revision recorded in an existing file; None for an empty one (no tables).

    DatabaseProblem if it is not kjdesk's; EnvironmentProblem if it cannot be read."""
    with path.open("rb") as fh:
        header = fh.read(16)
    if header != _SQLITE_MAGIC:
        raise DatabaseProblem(_("{path} is not a kjdesk database (it is not an SQLite file)").format(path=path))
    params = {"mode": "ro"} if os.access(path.parent, os.W_OK) else {"mode": "ro", "immutable": "1"}
    try:
        conn = sqlite3.connect(_uri(path, **params), uri=True)
    except sqlite3.Error as exc:
        raise classify(exc) or exc from None
    try:
        tables = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
        if not tables:
            return None
        if "alembic_version" not in tables or "applications" not in tables:
            raise DatabaseProblem(_("{path} is an SQLite file of another program, not a kjdesk database").format(path=path))
        row = conn.execute("select version_num from alembic_version").fetchone()
    except sqlite3.Error as exc:
        raise classify(exc) or exc from None
    finally:
        conn.close()
    if row is None:
        raise EnvironmentProblem(Kind.DAMAGED, _("{path} has kjdesk's tables but no schema version").format(path=path))
    return row[0]


def open_database(path: Path, *, create: bool = True, check: bool = True) -> Database:
    """Open the database at ``path``, creating (if ``create``) or upgrading it as needed.

    With ``check`` the file's pages are checked now (quick_check); a damaged file then opens
    read-only. The client checks later, off its start path (``Database.check``). Without
    ``create`` a missing, empty or schema-less file is refused rather than given a schema.
    """
    path = Path(path)
    exists = path.exists() and path.stat().st_size > 0
    if not create and not exists:
        raise DatabaseProblem(_("{path} is empty or missing: not a kjdesk database (kjdesk demo or kjdesk import "
                                "creates one)").format(path=path))
    revision = stored_revision(path) if exists else None
    if revision is None and not create:
        raise DatabaseProblem(_("{path} is an empty database, not a kjdesk one (kjdesk demo or kjdesk import "
                                "fills it)").format(path=path))
    if not exists:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise classify(exc) or exc from None
    writable = _writable(path)
    if revision != SCHEMA_HEAD:
        from kjdesk.db import migrate

        if revision is not None and not migrate.is_known(revision):
            raise DatabaseProblem(_(
                "{path} was written by a newer kjdesk (schema {revision}); install the newer kjdesk to open it"
            ).format(path=path, revision=revision))
        if not writable:
            raise DatabaseProblem(_("{path} is on a read-only disk or folder and needs an upgrade (or a schema); "
                                    "copy it to a folder you may write to").format(path=path))
        if revision is not None:
            backup(path, f"before-upgrade-{revision}")
        migrate.upgrade(path)
    db = _connect(path, read_only=not writable)
    if check and db.check() is not None and writable:
        db.engine.dispose()
        damaged = db.damage
        db = _connect(path, read_only=True)
        db.damage, db.checked = damaged, True
    return db


def _connect(path: Path, *, read_only: bool) -> Database:
    engine = make_engine(path, read_only=read_only)
    try:
        with engine.connect():  # sets WAL now, and surfaces a locked or unreadable file here
            pass
    except Exception as exc:
        engine.dispose()
        problem = classify(exc)
        if read_only and problem is not None and problem.kind is Kind.CANNOT_OPEN:
            # Read-only media holding a WAL database without its -shm file: read the file as it is.
            engine = make_engine(path, read_only=True, immutable=True)
        else:
            raise problem or exc from None
    return Database(engine, path, read_only=read_only)


def _backup_names(path: Path, label: str) -> re.Pattern:
    return re.compile(rf"{re.escape(path.stem)}\.{re.escape(label)}\.\d{{8}}-\d{{6}}-\d{{6}}\.bak")


def backup(path: Path, label: str, target: Path | None = None) -> Path:
    """Copy the database consistently (SQLite's backup API, while others may write) beside it, or to
    ``target``. The copy is written to a temporary file, flushed and renamed, so a kill or a full disk
    never leaves a partial backup under a backup's name. Beside the file, the newest few backups of
    each label are kept; other labels and other databases' backups in the same folder are never touched.
    """
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    rotate = target is None
    target = target or path.with_name(f"{path.stem}.{label}.{stamp}.bak")
    part = target.with_name(f".{target.name}.part")
    leftovers = re.compile(rf"\.{re.escape(path.stem)}\..*\.bak\.part(-journal|-wal|-shm)?")
    for stale in (p for p in target.parent.iterdir() if leftovers.fullmatch(p.name)):
        stale.unlink(missing_ok=True)  # what a killed backup left behind
    try:
        src = sqlite3.connect(_uri(path, mode="ro"), uri=True)
        try:
            dst = sqlite3.connect(part)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        publish(part, target)
    except BaseException:
        for leftover in (part, part.with_name(part.name + "-journal")):
            leftover.unlink(missing_ok=True)
        raise
    if rotate:
        ours = _backup_names(path, label)
        same_label = sorted((p for p in path.parent.iterdir() if ours.fullmatch(p.name)), reverse=True)
        for stale in same_label[BACKUPS_KEPT:]:
            stale.unlink(missing_ok=True)
        fsync_dir(path.parent)
    return target
