"""Backing up and restoring the whole database file from the client.

A restore first checks that the chosen file is a kjdesk database whose pages are intact
(``quick_check``), and says what it holds; it then backs up the current database, and replaces it in
one rename. A kill at any moment leaves the current database as it was or the restored one, whole.
"""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from kjdesk.atomic import publish
from kjdesk.db.database import SCHEMA_HEAD, _uri, backup, stored_revision
from kjdesk.db.migrate import is_known
from kjdesk.domain.errors import DomainError
from kjdesk.i18n import _

COUNTED = ("enterprises", "applications", "events", "subsidy_cases", "users", "audit")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    modified: dt.datetime
    revision: str
    counts: dict[str, int]


def describe(path: Path) -> BackupInfo:
    """What a backup holds; DomainError if it is not kjdesk's, is damaged, or is newer than this kjdesk."""
    path = Path(path)
    if not path.is_file():
        raise DomainError(_("{path} does not exist").format(path=path))
    try:
        revision = stored_revision(path)
    except Exception as exc:  # not SQLite, another program's, unreadable: say so
        raise DomainError(str(exc)) from None
    if revision is None:
        raise DomainError(_("{path} is an empty database, not a kjdesk backup").format(path=path))
    if not is_known(revision):
        raise DomainError(_("{path} was written by a newer kjdesk (schema {revision})").format(
            path=path, revision=revision))
    conn = sqlite3.connect(_uri(path, mode="ro"), uri=True)
    try:
        check = [r[0] for r in conn.execute("PRAGMA quick_check")]
        if check != ["ok"]:
            raise DomainError(_("{path} is damaged: {damage}").format(path=path, damage="; ".join(check[:3])))
        tables = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
        counts = {t: conn.execute(f"select count(*) from {t}").fetchone()[0] for t in COUNTED if t in tables}
    except sqlite3.DatabaseError as exc:
        raise DomainError(_("{path} is damaged: {damage}").format(path=path, damage=exc)) from None
    finally:
        conn.close()
    return BackupInfo(path, dt.datetime.fromtimestamp(path.stat().st_mtime), revision, counts)


def restore(current: Path, source: Path) -> Path:
    """Replace the database ``current`` by the backup ``source``; returns the backup made of ``current``.

    Every connection to ``current`` must be closed. Its WAL is checkpointed and emptied first, so that
    no frame of the old database can ever be applied to the restored one; the copy of ``source`` is
    written beside it and renamed over it. An older schema is upgraded when the file is next opened.
    """
    current, source = Path(current), Path(source)
    describe(source)
    kept = backup(current, "before-restore")
    conn = sqlite3.connect(current)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")  # the old WAL is gone before the file is replaced
    finally:
        conn.close()
    part = current.with_name(f".{current.name}.restore.part")
    part.unlink(missing_ok=True)
    try:
        src, dst = sqlite3.connect(_uri(source, mode="ro"), uri=True), sqlite3.connect(part)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            src.close()
            dst.close()
        publish(part, current)
    finally:
        part.unlink(missing_ok=True)
        Path(f"{part}-journal").unlink(missing_ok=True)
    return kept


def schema_note(info: BackupInfo) -> str:
    """A line for the user if the backup's schema is older than this kjdesk's."""
    return "" if info.revision == SCHEMA_HEAD else _("It will be upgraded to this kjdesk's schema when opened.")


def default_name(current: Path) -> str:
    return f"{Path(current).stem}-{dt.datetime.now():%Y%m%d-%H%M}.sqlite"


def back_up_to(current: Path, target: Path) -> Path:
    """A consistent copy of ``current`` at ``target`` (written to a temporary file and renamed)."""
    target = Path(target)
    if target.resolve() == Path(current).resolve():
        raise DomainError(_("choose another file than the database itself"))
    os.makedirs(target.parent, exist_ok=True)
    return backup(Path(current), "manual", target)
