"""The warning lines (预警线): cases at a bank 30, 60 or 90 days without the bank's decision.

Computed as of any date from the events on or before it, so yesterday's list can be re-run. A case
whose latest event is on or before the date stands where its current-state columns say (read
through their index); only cases with later events are worked out again from their own events.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, literal_column, select, union_all
from sqlalchemy.orm import Session

from kjdesk.db.models import Application, Bank, Enterprise, Event
from kjdesk.domain.timeline import WARNING_LINES, EventType as E, Status, warning_level

FIRST_LINE = min(WARNING_LINES)
_MOVES = (E.RECOMMENDED.value, E.BANK_SWITCHED.value)
_BANK_EVENTS = _MOVES + (E.BANK_APPROVED.value, E.BANK_DECLINED.value)


@dataclass(frozen=True)
class AgingRow:
    app_id: int
    ref: str
    enterprise: str
    bank_code: str
    bank_name_zh: str
    bank_name_en: str
    since: dt.date
    days: int
    level: int | None


def at_bank_since(as_of: dt.date, min_days: int = FIRST_LINE):
    """A query of (application id, bank id, since) for every case ``min_days`` or more at its bank."""
    cut = as_of - dt.timedelta(days=min_days)
    settled = (select(Application.id.label("app_id"), Application.bank_id.label("bank_id"),
                      Application.bank_since.label("since"))
               .where(Application.status == Status.AT_BANK.value, Application.bank_since <= cut,
                      Application.last_event_on <= as_of))
    # Cases with events after the date: their latest bank event up to the date tells. A case is at
    # a bank exactly when that event is a recommendation or a switch (a decision ends the wait).
    later = select(Application.id).where(Application.last_event_on > as_of, Application.submitted_on <= as_of)
    latest = (select(Event.application_id.label("app_id"), Event.bank_id, Event.date, Event.type,
                     func.row_number().over(partition_by=Event.application_id,
                                            order_by=(Event.date.desc(), Event.seq.desc())).label("rn"))
              # "+ ''" keeps SQLite on the application's own events rather than the type index.
              .where(Event.application_id.in_(later), (Event.type + literal_column("''")).in_(_BANK_EVENTS),
                     Event.date <= as_of)
              .subquery())
    recomputed = (select(latest.c.app_id, latest.c.bank_id, latest.c.date)
                  .where(latest.c.rn == 1, latest.c.type.in_(_MOVES), latest.c.date <= cut))
    return union_all(settled, recomputed).subquery()


def aging_list(session: Session, as_of: dt.date, min_days: int = FIRST_LINE) -> list[AgingRow]:
    """Every case ``min_days`` or more at its bank as of ``as_of``, oldest first.

    A case is at a bank from its latest ``recommended`` or ``bank_switched`` event until that bank
    approves or declines; only events on or before ``as_of`` count.
    """
    waiting = at_bank_since(as_of, min_days)
    banks = {bank_id: (code, zh, en) for bank_id, code, zh, en in
             session.execute(select(Bank.id, Bank.code, Bank.name_zh, Bank.name_en))}
    stmt = (select(Application.id, Application.ref, Enterprise.name, waiting.c.bank_id, waiting.c.since)
            .select_from(waiting)
            .join(Application, Application.id == waiting.c.app_id)
            .join(Enterprise, Enterprise.id == Application.enterprise_id)
            .order_by(waiting.c.since, Application.ref))
    rows = []
    # Core rows straight from the connection: the ORM's result machinery costs more than the query.
    for app_id, ref, name, bank_id, since in session.connection().execute(stmt):
        days = (as_of - since).days
        rows.append(AgingRow(app_id, ref, name, *banks[bank_id], since, days, warning_level(days)))
    return rows
