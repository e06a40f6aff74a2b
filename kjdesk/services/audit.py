"""Reading the audit trail: a case's, a subsidy case's or an enterprise's history, or the lines
of a user or since a day."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kjdesk.db.models import Application, AuditEntry, Enterprise, SubsidyCase
from kjdesk.domain.errors import DomainError
from kjdesk.i18n import _

KEYS = ["at", "user", "action", "table", "record_id", "field", "old", "new", "change_set", "note"]


@dataclass(frozen=True)
class Line:
    at: dt.datetime
    user: str
    action: str
    table: str
    record_id: str | None
    field: str | None
    old: str | None
    new: str | None
    change_set: str
    note: str

    def record(self) -> dict:
        return {key: getattr(self, key).isoformat() if key == "at" else getattr(self, key) for key in KEYS}


def _lines(session: Session, stmt) -> list[Line]:
    return [Line(e.at, e.user, e.action, e.table_name, e.record_id, e.field, e.old, e.new, e.change_set, e.note)
            for e in session.scalars(stmt.order_by(AuditEntry.id))]


def history(session: Session, table: str, record_id: int) -> list[Line]:
    """What was done to a case (with its events), a subsidy case (with its steps) or an enterprise,
    oldest first."""
    return _lines(session, select(AuditEntry).where(AuditEntry.owner == f"{table}:{record_id}"))


def owner_of(session: Session, ref: str) -> tuple[str, int]:
    """The record a reference names: a loan case's or subsidy case's ref, or an enterprise's credit code."""
    for model, key in ((Application, Application.ref), (SubsidyCase, SubsidyCase.ref),
                       (Enterprise, Enterprise.credit_code)):
        found = session.scalar(select(model.id).where(key == ref))
        if found is not None:
            return model.__tablename__, found
    raise DomainError(_("no case, subsidy case or enterprise “{ref}”").format(ref=ref))


def trail(session: Session, *, ref: str | None = None, user: str | None = None,
          since: dt.date | None = None) -> list[Line]:
    """The lines about ``ref``, by ``user``, from ``since`` on (each optional), oldest first."""
    stmt = select(AuditEntry)
    if ref is not None:
        table, record_id = owner_of(session, ref)
        stmt = stmt.where(AuditEntry.owner == f"{table}:{record_id}")
    if user is not None:
        stmt = stmt.where(AuditEntry.user == user)
    if since is not None:
        stmt = stmt.where(AuditEntry.at >= dt.datetime.combine(since, dt.time()))
    return _lines(session, stmt)
