"""Opening the user's database file: where it lives, its pragmas, its schema version, its health.

The file is the user's only copy, so an older schema is upgraded step by step inside one
transaction after a backup, a newer one is refused, and a file that is not kjdesk's is left alone.
A file whose pages are damaged, or that sits on read-only media, is opened for reading only, and
every write transaction takes SQLite's write lock before it reads what it decides on.
A postgresql:// address opens a database on a PostgreSQL server instead (``open_server``; the
server's side is kjdesk.db.postgres).
"""
from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from kjdesk.atomic import fsync_dir, publish
from kjdesk.db import postgres
from kjdesk.db.errors import DatabaseProblem, EnvironmentProblem, Kind, classify
from kjdesk.db.postgres import ServerAddress
from kjdesk.i18n import _

__all__ = ["Database", "DatabaseProblem", "SCHEMA_HEAD", "ServerAddress", "ServerDatabase", "backup", "open_database",
           "resolve_path"]

# The newest schema revision this kjdesk knows (a test checks it is Alembic's head).
SCHEMA_HEAD = "0009"
BACKUPS_KEPT = 5
STALE_PART_SECONDS = 600  # a backup's temporary file untouched this long was left by a killed backup
_SQLITE_MAGIC = b"SQLite format 3\x00"
_READONLY_ROLLBACK = 776  # SQLite: a read-only connection met a crash's hot journal
BUSY_TIMEOUT_MS = 5000  # how long a writer waits for another's transaction before saying "busy"


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("kjdesk", appauthor=False) / "kjdesk.sqlite"


def resolve_path(explicit: str | os.PathLike | None = None) -> Path | ServerAddress:
    """``--db`` wins, then ``KJDESK_DB``, then the platform's user data folder. A postgresql:// URL
    names a database on a PostgreSQL server."""
    value = explicit or os.environ.get("KJDESK_DB")
    if not value:
        return default_path()
    if postgres.is_address(value):
        return ServerAddress(value)
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", os.fspath(value)):
        # A URL would otherwise become a folder named "postgresql:" with a file in it.
        raise DatabaseProblem(_("{url} is an address kjdesk does not know; give the path of a .sqlite file or a "
                                "postgresql://user@host:port/dbname address").format(url=value))
    return Path(value).expanduser()


def _uri(path: Path, **params: str) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"file:{quote(str(path.resolve()))}" + (f"?{query}" if query else "")


def _pragmas(dbapi_conn) -> None:
    # SQLAlchemy issues BEGIN itself (see _begin), so that reads share the write's transaction.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=FULL")  # the user's only copy: a commit survives a power cut
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.close()


def _begin(conn) -> None:
    """A write transaction takes the write lock at once (BEGIN IMMEDIATE): what it reads to decide
    (a case's state, the next sequence number or reference) cannot change before it commits. A
    read transaction is a deferred BEGIN: one consistent snapshot, never blocking a writer (WAL)."""
    immediate = conn.get_execution_options().get("kjdesk_write")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(path: Path, *, read_only: dict | None = None) -> Engine:
    """An engine on ``path``; with ``read_only`` (URI parameters from ``_read_only_params``) one that
    can only read."""
    if read_only is not None:
        uri = _uri(path, **read_only)
        engine = create_engine("sqlite://", poolclass=QueuePool,
                               creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))
    else:
        engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", lambda conn, _record: _pragmas(conn))
    event.listen(engine, "begin", _begin)
    return engine


def _read_only_params(path: Path) -> dict:
    """How to open ``path`` for reading only. In a folder kjdesk may write, ``mode=ro`` reads the
    write-ahead log too and never checkpoints it into the file. On read-only media no -shm file can
    be made, so the file is read as it is (``immutable``), which would silently leave out what a
    non-empty -wal file beside it holds: that case is refused rather than shown stale."""
    if os.access(path.parent, os.W_OK):
        return {"mode": "ro"}
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise DatabaseProblem(_("{path} is on a read-only disk and its last changes are still in {wal}; copy both "
                                "files together to a folder you may write to and open the copy").format(
            path=path, wal=wal.name))
    return {"mode": "ro", "immutable": "1"}


def _ro_connect(path: Path) -> sqlite3.Connection:
    """A plain read-only connection; a crash's hot rollback journal is rolled back first where the
    folder allows (SQLite does it on a writable open; a read-only one only says READONLY_ROLLBACK)."""
    params = _read_only_params(path)
    for attempt in range(2):
        try:
            conn = sqlite3.connect(_uri(path, **params), uri=True)
            conn.execute("select count(*) from sqlite_master").fetchone()
            return conn
        except sqlite3.Error as exc:
            if getattr(exc, "sqlite_errorcode", None) == _READONLY_ROLLBACK and attempt == 0 and \
                    os.access(path.parent, os.W_OK) and os.access(path, os.W_OK):
                sqlite3.connect(path).execute("select count(*) from sqlite_master").connection.close()
                continue
            raise classify(exc) or exc from None
    raise AssertionError("unreachable")


class Database(sessionmaker):
    """The session factory of one database file, which also knows whether it may be written.

    ``factory()`` gives a session for reading; ``write()`` one write transaction. A database
    opened read-only (read-only media) or found damaged refuses ``write()`` with the reason.
    """

    def __init__(self, engine: Engine, path: Path, *, read_only: bool = False, writable_after_check: bool = False):
        super().__init__(engine, expire_on_commit=False)
        self.path = path
        self.read_only = read_only
        self.damage: str | None = None     # what quick_check found, once checked
        self.checked = False
        # Until its pages are checked, a file is read through a read-only engine: closing a writable
        # one would checkpoint a -wal into a file that may turn out damaged.
        self._writable_after_check = writable_after_check
        self._wal = False
        self._check_lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        return self.kw["bind"]

    @property
    def writable(self) -> bool:
        return not self.read_only and self.damage is None

    def _run_check(self, full: bool) -> str | None:
        with self.engine.connect() as conn:
            return _damage_report(conn.connection.dbapi_connection, full)

    def check(self, *, full: bool = False) -> str | None:
        """Check the file's pages (``PRAGMA quick_check``; ``integrity_check`` if ``full``); return what
        is damaged, or None. A quick check runs once; later calls return its answer at once, and a full
        check (minutes on a large file) never holds up a write."""
        if self.checked and not full:
            return self.damage
        if full:
            damage = self._run_check(full=True)
            with self._check_lock:
                self.damage, self.checked = damage, True
            return damage
        with self._check_lock:
            if not self.checked:
                self.damage, self.checked = self._run_check(full=False), True
            return self.damage

    def _become_writable(self) -> None:
        """After a clean check: a writable engine in place of the read-only one, and WAL in the file
        (readers never block the writer), set only now so a file is not changed, not even its header,
        before it is known intact."""
        with self._check_lock:
            if self._writable_after_check:
                old = self.engine
                self.configure(bind=make_engine(self.path))
                self._writable_after_check = False
                old.dispose()
            if not self._wal:
                with self.engine.connect() as conn:
                    conn.connection.dbapi_connection.execute("PRAGMA journal_mode=WAL")
                self._wal = True

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction holding the write lock from its start; committed on success."""
        if self.check() is not None:
            raise EnvironmentProblem(Kind.DAMAGED, self.damage)
        if self.read_only:
            raise EnvironmentProblem(Kind.READ_ONLY, str(self.path))
        self._become_writable()
        with self() as session, session.begin():
            session.connection(execution_options={"kjdesk_write": True})
            yield session


def _damage_report(dbapi_conn, full: bool = False) -> str | None:
    """What ``PRAGMA quick_check`` (``integrity_check`` if ``full``) finds wrong; None if nothing.
    Measured on the 200,000-application database (236 MB): quick_check 1.5 s, integrity_check 20 s."""
    try:
        rows = [r[0] for r in dbapi_conn.execute(f"PRAGMA {'integrity_check' if full else 'quick_check'}")]
    except sqlite3.Error as exc:
        problem = classify(exc)
        if problem is None or problem.kind not in (Kind.DAMAGED, Kind.NOT_A_DATABASE, Kind.IO):
            raise
        return str(exc)
    return None if rows == ["ok"] else "; ".join(rows[:5])


class ServerDatabase(Database):
    """A database on a PostgreSQL server: the server keeps its pages sound, so there is nothing to
    check; writes take kjdesk's advisory lock (kjdesk.db.postgres)."""

    def check(self, *, full: bool = False) -> str | None:
        self.checked = True
        return None

    def _become_writable(self) -> None:
        """Nothing to do: the server's engine writes from the start, and WAL is SQLite's."""

    @contextmanager
    def write(self) -> Iterator[Session]:
        if self.read_only:
            raise EnvironmentProblem(Kind.SERVER_READ_ONLY, str(self.path))
        with super().write() as session:
            yield session


def open_server(address: ServerAddress, *, create: bool = True) -> ServerDatabase:
    """Open a database on a PostgreSQL server, giving an empty one kjdesk's schema (if ``create``)
    or upgrading an older one in one transaction; a newer one is refused."""
    engine = postgres.make_engine(address, BUSY_TIMEOUT_MS)
    try:
        revision = postgres.stored_revision(engine, address)
        if revision is None and not create:
            raise DatabaseProblem(_("{path} is an empty database, not a kjdesk one (kjdesk demo or kjdesk import "
                                    "fills it)").format(path=address))
        if revision != SCHEMA_HEAD:
            from kjdesk.db import migrate

            if revision is not None and not migrate.is_known(revision):
                raise DatabaseProblem(_(
                    "{path} was written by a newer kjdesk (schema {revision}); install the newer kjdesk to open it"
                ).format(path=address, revision=revision))
            migrate.upgrade(address)
        read_only = postgres.read_only(engine)
    except Exception as exc:
        engine.dispose()
        if isinstance(exc, DatabaseProblem):
            raise
        raise classify(exc) or exc from None
    db = ServerDatabase(engine, address, read_only=read_only)
    db.checked = True
    return db


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
    conn = _ro_connect(path)
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
        raise DatabaseProblem(_("{path} has kjdesk's tables but no schema version: it is damaged; export what can "
                                "be read and restore a backup").format(path=path))
    return row[0]


def open_database(path: Path | ServerAddress, *, create: bool = True, check: bool = True) -> Database:
    """Open the database at ``path``, creating (if ``create``) or upgrading it as needed.

    With ``check`` the file's pages are checked now (quick_check); a damaged file then opens
    read-only. The client checks later, off its start path (``Database.check``). Without
    ``create`` a missing, empty or schema-less file is refused rather than given a schema.
    """
    if isinstance(path, ServerAddress):
        return open_server(path, create=create)
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
    damage = None
    if exists and (check or revision != SCHEMA_HEAD):  # never upgrade, nor even touch, a damaged file
        conn = _ro_connect(path)
        try:
            damage = _damage_report(conn)
        finally:
            conn.close()
        if damage is not None and revision != SCHEMA_HEAD:
            raise EnvironmentProblem(Kind.DAMAGED, damage)
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
    checked = check or revision != SCHEMA_HEAD
    if checked and writable and damage is None:
        db = Database(_engine(path, None), path)
    else:  # read-only media, a damaged file, or one not checked yet
        db = Database(_engine(path, _read_only_params(path)), path, read_only=not writable,
                      writable_after_check=writable and not checked)
    if checked:
        db.damage, db.checked = damage, True
        if db.writable:
            db._become_writable()
    return db


def _engine(path: Path, read_only: dict | None) -> Engine:
    engine = make_engine(path, read_only=read_only)
    try:
        with engine.connect():  # surfaces a locked or unreadable file here
            pass
    except Exception as exc:
        engine.dispose()
        raise classify(exc) or exc from None
    return engine


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
    leftovers = re.compile(rf"\.{re.escape(path.stem)}\.[\w-]+\.\d{{8}}-\d{{6}}-\d{{6}}\.bak\.part(-journal)?")
    for stale in (p for p in target.parent.iterdir() if leftovers.fullmatch(p.name)):
        try:  # what a killed backup left behind; one still being written is younger than this
            if time.time() - stale.stat().st_mtime > STALE_PART_SECONDS:
                stale.unlink()
        except FileNotFoundError:
            pass
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
