"""The audit trail: every insert, change and removal of a record, written in the change's own transaction.

A session hook (after_flush, when the new rows have their ids and the changed ones still know their
old values) writes one line per record and field: who, when, which record, which field, old → new.
All lines of one transaction share a change set id.

Bulk writes bypass the hook, so an ORM bulk ``insert()``/``update()``/``delete()`` on an audited table
is refused unless the code declares itself a bulk write with ``bulk_write(session, note)``: the
importer and the demo builder do, and record themselves as one change set of one line per table
with the counts (``record_bulk``). A line per changed record and field of a 1.3 M-event import
would write several times the import itself; the file, the user and the counts say what happened,
and the file is the record of the values.
"""
from __future__ import annotations

import datetime as dt
import uuid
from contextlib import contextmanager
from functools import lru_cache
from decimal import Decimal
from typing import Iterator

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, object_session

from kjdesk.db.models import AuditEntry, Base

__all__ = ["AuditBypass", "AUDITED", "act_as", "bulk_write", "record_bulk", "user_of"]

AUDIT_TABLE = AuditEntry.__tablename__
# Every table of the models but the trail itself.
AUDITED = frozenset(name for name in Base.metadata.tables if name != AUDIT_TABLE)

# The case or enterprise a row belongs to, so that its history includes its children (one index).
_OWNER = {
    "applications": ("applications", "id"),
    "events": ("applications", "application_id"),
    "enterprises": ("enterprises", "id"),
    "subsidy_cases": ("subsidy_cases", "id"),
    "subsidy_status_history": ("subsidy_cases", "case_id"),
}

_USER, _NOTE, _SET, _BULK = "kjdesk_user", "kjdesk_audit_note", "kjdesk_change_set", "kjdesk_bulk"
_DELETED = "kjdesk_deleted"


class AuditBypass(RuntimeError):
    """A bulk statement on an audited table outside a declared bulk write: a bug, not bad input."""


def act_as(factory, user: str) -> None:
    """Record the changes of every session ``factory`` makes from now on as ``user``'s."""
    factory.kw["info"] = {**factory.kw.get("info", {}), _USER: user}


def user_of(session: Session) -> str:
    return session.info.get(_USER, "")


def text(value) -> str | None:
    """A value as the trail keeps it: exact, readable, the same on every machine."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _change_set(session: Session) -> str:
    if _SET not in session.info:
        session.info[_SET] = uuid.uuid4().hex
    return session.info[_SET]


_COLUMNS = ("at", "user", "action", "table_name", "record_id", "owner", "field", "old", "new", "change_set", "note")
# Straight through the driver, as tuples: SQLAlchemy's handling of each line's parameters would cost
# a case action more than SQLite's insert. "at" as the text SQLAlchemy's DateTime stores on SQLite.
_INSERT = f"INSERT INTO {AUDIT_TABLE} ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"


def _now() -> str:
    return dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S.000000")


def _owner(table: str, record: str, values: dict) -> str:
    if table not in _OWNER:
        return f"{table}:{record}"
    owner_table, column = _OWNER[table]
    return f"{owner_table}:{values.get(column)}"


@lru_cache(maxsize=None)
def _column_keys(mapper) -> tuple[str, ...]:
    return tuple(attr.key for attr in mapper.column_attrs)


@lru_cache(maxsize=None)
def _value_keys(mapper) -> tuple[str, ...]:
    """The columns an insert or removal lists: not the primary key, which the line's record names."""
    keys = {mapper.get_property_by_column(c).key for c in mapper.primary_key}
    return tuple(key for key in _column_keys(mapper) if key not in keys)


def _lines(session: Session) -> list[tuple]:
    now, user, note, lines = _now(), user_of(session), session.info.get(_NOTE, ""), []
    # Orphans removed by a delete-orphan cascade are not in session.deleted: the mapper tells of each.
    deleted = session.info.pop(_DELETED, [])
    for action, objects in (("insert", session.new), ("update", session.dirty), ("delete", deleted)):
        for obj in objects:
            state = inspect(obj)
            mapper = state.mapper
            table = mapper.local_table.name
            if table not in AUDITED:
                continue
            values = state.dict
            record = ",".join(text(v) for v in mapper.primary_key_from_instance(obj))
            head = (now, user, action, table, record, _owner(table, record, values))
            tail = (_change_set(session), note)
            if action == "update":  # only the attributes changed since they were loaded
                keys = [key for key in _column_keys(mapper) if key in state.committed_state]
                for key in keys:
                    history = state.attrs[key].history
                    old = text(history.deleted[0]) if history.deleted else None
                    new = text(history.added[0]) if history.added else None
                    if old != new:
                        lines.append((*head, key, old, new, *tail))
                continue
            for key in _value_keys(mapper):  # blank fields ("" or none) are left out
                value = text(values.get(key))
                if value:
                    lines.append((*head, key, None, value, *tail) if action == "insert"
                                 else (*head, key, value, None, *tail))
    return lines


def _write(session: Session, lines: list[tuple]) -> None:
    conn = session.connection()
    if conn.dialect.name == "sqlite":  # the measured fast path: tuples straight to the driver
        conn.exec_driver_sql(_INSERT, lines)
        return
    from kjdesk.db.models import AuditEntry  # a server: its own placeholders and quoting ("user")

    at = _COLUMNS.index("at")
    conn.execute(AuditEntry.__table__.insert(), [
        {**dict(zip(_COLUMNS, line)), "at": dt.datetime.fromisoformat(line[at])} for line in lines])


@event.listens_for(Session, "after_flush")
def _record(session: Session, _flush_context) -> None:
    lines = _lines(session)
    if lines:
        _write(session, lines)


@event.listens_for(Base, "after_delete", propagate=True)
def _note_removal(_mapper, _connection, target) -> None:
    session = object_session(target)
    if session is not None:
        session.info.setdefault(_DELETED, []).append(target)


@event.listens_for(Session, "after_transaction_end")
def _forget_change_set(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_SET, None)
        session.info.pop(_DELETED, None)


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk(state) -> None:
    if not (state.is_insert or state.is_update or state.is_delete) or state.session.info.get(_BULK):
        return
    table = getattr(state.statement, "table", None)
    if table is not None and getattr(table, "name", None) in AUDITED:
        raise AuditBypass(f"a bulk {type(state.statement).__name__.lower()} on {table.name} would bypass the audit "
                          f"trail; change the records through the session, or use bulk_write()")


@contextmanager
def bulk_write(session: Session, note: str) -> Iterator[None]:
    """Declare the bulk writes in the block (bulk ORM statements, Core through ``session.connection()``)
    as one change set noted ``note`` (the imported file's name); record it with ``record_bulk``."""
    previous = session.info.get(_BULK), session.info.get(_NOTE)
    session.info[_BULK], session.info[_NOTE] = True, note
    try:
        yield
    finally:
        session.info[_BULK] = previous[0]
        if previous[1] is None:
            session.info.pop(_NOTE, None)
        else:
            session.info[_NOTE] = previous[1]


def record_bulk(session: Session, note: str, counts: dict[str, tuple[int, int]]) -> None:
    """One line per table of a bulk write: (added, updated) rows, the user, the note (the file)."""
    head, tail = (_now(), user_of(session), "import"), (_change_set(session), note)
    lines = [(*head, table, None, None, None, None, f"added {added}, updated {updated}", *tail)
             for table, (added, updated) in (counts or {"": (0, 0)}).items()]
    _write(session, lines)
