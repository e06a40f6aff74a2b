"""One reading of database and file errors: what happened to the environment, and what to do.

The CLI, the client's jobs and its start-up all ask ``classify(exc)``. An error of the environment
(the file is busy, read-only, on a full or failing disk, damaged, not a database) becomes an
``EnvironmentProblem`` whose message says what happened and what to do; anything else is a bug and
``classify`` returns None, so that only bugs are logged with a trace.

SQLite's result codes are read from the exception (Python 3.11 gives ``sqlite_errorcode``); the
message text is the fallback for errors that reach us without one (SQLAlchemy wraps some).
PostgreSQL's errors (psycopg) carry a SQLSTATE; those raised while connecting carry none, and are
read from libpq's wording.
"""
from __future__ import annotations

import errno
import sqlite3
from dataclasses import dataclass
from enum import Enum

from kjdesk.i18n import _


class Kind(str, Enum):
    BUSY = "busy"              # another program holds the write lock longer than we wait
    READ_ONLY = "read_only"    # the file, its folder or the medium cannot be written
    FULL = "full"              # no room left on the disk
    IO = "io"                  # the disk or the network share failed to read or write
    DAMAGED = "damaged"        # the file's pages are corrupt
    NOT_A_DATABASE = "not_a_database"
    CANNOT_OPEN = "cannot_open"
    NEWER_SCHEMA = "newer_schema"  # raised by kjdesk.db.database itself, listed for completeness
    # A database on a PostgreSQL server:
    NO_SERVER = "no_server"    # the server cannot be reached, or the connection broke
    LOGIN = "login"            # the server refused the user name or password
    NO_SUCH_DATABASE = "no_such_database"
    CONFLICT = "conflict"      # a serialization failure or deadlock with another program's transaction
    SERVER_READ_ONLY = "server_read_only"  # a standby, or an account that may only read
    SERVER_FULL = "server_full"
    TOO_MANY = "too_many"      # the server has no connection left


# SQLite primary result codes (https://sqlite.org/rescode.html); extended codes keep them in the low byte.
_SQLITE_KINDS = {5: Kind.BUSY, 6: Kind.BUSY, 8: Kind.READ_ONLY, 10: Kind.IO, 11: Kind.DAMAGED, 13: Kind.FULL,
                 14: Kind.CANNOT_OPEN, 26: Kind.NOT_A_DATABASE}
# Extended codes that say more than their primary one: the -shm file could not grow (no room left).
_EXTENDED_KINDS = {4874: Kind.FULL}
# PostgreSQL's SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html): whole
# classes first ("08": connection exception), then single codes, which win.
_PG_CLASSES = {"08": Kind.NO_SERVER, "28": Kind.LOGIN}
_PG_KINDS = {"40001": Kind.CONFLICT, "40P01": Kind.CONFLICT, "25006": Kind.SERVER_READ_ONLY,
             "42501": Kind.SERVER_READ_ONLY, "53100": Kind.SERVER_FULL, "53300": Kind.TOO_MANY,
             "55P03": Kind.BUSY, "57P01": Kind.NO_SERVER, "57P02": Kind.NO_SERVER, "57P03": Kind.NO_SERVER,
             "3D000": Kind.NO_SUCH_DATABASE}
# libpq's wording of a failed connection, which carries no SQLSTATE; any other is "no server".
_PG_CONNECT_TEXT = (("too many clients", Kind.TOO_MANY), ("too many connections", Kind.TOO_MANY),
                    ("remaining connection slots", Kind.TOO_MANY),
                    ("password authentication failed", Kind.LOGIN), ("no password supplied", Kind.LOGIN),
                    ("no pg_hba.conf entry", Kind.LOGIN), ("role", Kind.LOGIN), ("database", Kind.NO_SUCH_DATABASE))
# Errors of the disk itself; a refused permission on a chosen file is the caller's to word (it names the file).
_ERRNO_KINDS = {errno.ENOSPC: Kind.FULL, errno.EDQUOT: Kind.FULL, errno.EROFS: Kind.READ_ONLY, errno.EIO: Kind.IO}
# For errors that arrive without a code: SQLite's own wording of each primary code.
_TEXT_KINDS = (("database is locked", Kind.BUSY), ("database table is locked", Kind.BUSY),
               ("readonly database", Kind.READ_ONLY), ("database or disk is full", Kind.FULL),
               ("disk i/o error", Kind.IO), ("malformed", Kind.DAMAGED),
               ("file is not a database", Kind.NOT_A_DATABASE), ("unable to open database file", Kind.CANNOT_OPEN))


class DatabaseProblem(Exception):
    """A database the user has to act on (not ours, too new, unreadable); the message says so."""


@dataclass
class EnvironmentProblem(DatabaseProblem):
    """The environment, not kjdesk, stopped the work; nothing was changed. ``message`` says what to do."""
    kind: Kind
    detail: str = ""

    def __post_init__(self):
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return ADVICE[self.kind]()

    def __str__(self) -> str:
        return self.message


ADVICE = {
    Kind.BUSY: lambda: _("The database is busy: another kjdesk or program is writing to it. Nothing was changed; "
                         "wait a moment and try again."),
    Kind.READ_ONLY: lambda: _("kjdesk cannot write here: the file, its folder or the disk is read-only. "
                              "Nothing was changed; use a folder you may write to, or ask for access."),
    Kind.FULL: lambda: _("The disk is full. Nothing was changed; free some space and try again."),
    Kind.IO: lambda: _("The disk failed to read or write (a disk or network error). Nothing was changed; "
                       "check the disk or the connection and try again."),
    Kind.DAMAGED: lambda: _("The database file is damaged. Nothing was changed; export what can be read and "
                            "restore a backup."),
    Kind.NOT_A_DATABASE: lambda: _("The file is not a database (or is encrypted or damaged beyond reading). "
                                   "Choose another file."),
    Kind.CANNOT_OPEN: lambda: _("The database file cannot be opened (the folder is missing, or kjdesk may not "
                                "read it). Check the path and its permissions."),
    Kind.NEWER_SCHEMA: lambda: _("The database was written by a newer kjdesk; install the newer kjdesk to open "
                                 "it."),
    Kind.NO_SERVER: lambda: _("The database server cannot be reached (it is not running, the address is wrong, or "
                              "the network failed). Nothing was changed; check the address and the network, "
                              "and try again."),
    Kind.LOGIN: lambda: _("The database server refused the user name or password. Nothing was changed; check "
                          "them in the address, or ask the center's administrator for access."),
    Kind.NO_SUCH_DATABASE: lambda: _("The database named in the address does not exist on the server. Check the "
                                     "address, or ask the center's administrator to create it (createdb)."),
    Kind.CONFLICT: lambda: _("Another program changed the same records at the same moment. Nothing was changed; "
                             "try again."),
    Kind.SERVER_READ_ONLY: lambda: _("The database server lets this account read only (a standby server, or an "
                                     "account without the right to write). Nothing was changed; ask the "
                                     "center's administrator."),
    Kind.SERVER_FULL: lambda: _("The database server's disk is full. Nothing was changed; tell the center's "
                                "administrator, then try again."),
    Kind.TOO_MANY: lambda: _("The database server has no free connection left. Nothing was changed; wait a "
                             "moment and try again, or ask the center's administrator to allow more."),
}


def _sqlite_error(exc: BaseException) -> sqlite3.Error | None:
    """The sqlite3 error behind ``exc`` (SQLAlchemy keeps it as ``orig``)."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, sqlite3.Error):
            return exc
        exc = getattr(exc, "orig", None) or exc.__cause__
        seen += 1
    return None


def _pg_error(exc: BaseException):
    """The psycopg error behind ``exc``, if psycopg is what raised it."""
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return None
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, psycopg.Error):
            return exc
        exc = getattr(exc, "orig", None) or exc.__cause__
        seen += 1
    return None


def _pg_kind(error) -> Kind | None:
    import psycopg

    state = getattr(error, "sqlstate", None)
    if state:
        return _PG_KINDS.get(state) or _PG_CLASSES.get(state[:2])
    if isinstance(error, psycopg.OperationalError):  # raised while connecting, or the connection broke
        text = str(error).lower()
        if "connection failed" in text or "connection to server" in text:
            return next((k for words, k in _PG_CONNECT_TEXT if words in text), Kind.NO_SERVER)
        return Kind.NO_SERVER
    return None


def classify(exc: BaseException) -> EnvironmentProblem | None:
    """An EnvironmentProblem for an error of the environment; None for anything else (a bug)."""
    if isinstance(exc, EnvironmentProblem):
        return exc
    pg_error = _pg_error(exc)
    if pg_error is not None:
        kind = _pg_kind(pg_error)
        return EnvironmentProblem(kind, str(pg_error)) if kind is not None else None
    db_error = _sqlite_error(exc)
    if db_error is not None:
        code = getattr(db_error, "sqlite_errorcode", None)
        kind = (_EXTENDED_KINDS.get(code) or _SQLITE_KINDS.get(code & 0xFF)) if isinstance(code, int) else None
        if kind is None:
            text = str(db_error).lower()
            kind = next((k for words, k in _TEXT_KINDS if words in text), None)
        return EnvironmentProblem(kind, str(db_error)) if kind is not None else None
    if isinstance(exc, OSError) and exc.errno in _ERRNO_KINDS:
        return EnvironmentProblem(_ERRNO_KINDS[exc.errno], str(exc))
    return None
