"""The warning lines (预警线): cases at a bank 30, 60 or 90 days without the bank's decision.

Computed as of any date from the events on or before it, so yesterday's list can be re-run.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from kjdesk.db.models import Application, Bank, Enterprise, Event
from kjdesk.domain.timeline import EventType as E, warning_level


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


def aging_list(session: Session, as_of: dt.date, min_days: int = 30) -> list[AgingRow]:
    """Every case ``min_days`` or more at its bank as of ``as_of``, oldest first.

    A case is at a bank from its latest ``recommended`` or ``bank_switched`` event until that bank
    approves or declines; only events on or before ``as_of`` count.
    """
    moves = (select(Event.application_id.label("app_id"), Event.date, Event.seq, Event.bank_id,
                    func.row_number().over(partition_by=Event.application_id,
                                           order_by=(Event.date.desc(), Event.seq.desc())).label("rn"))
             .where(Event.type.in_([E.RECOMMENDED.value, E.BANK_SWITCHED.value]), Event.date <= as_of)
             .subquery())
    decided = (select(Event.id).where(
        Event.application_id == moves.c.app_id,
        Event.type.in_([E.BANK_APPROVED.value, E.BANK_DECLINED.value]),
        Event.date <= as_of,
        or_(Event.date > moves.c.date, and_(Event.date == moves.c.date, Event.seq > moves.c.seq))).exists())
    latest_start = as_of - dt.timedelta(days=min_days)
    stmt = (select(Application.id, Application.ref, Enterprise.name, Bank.code, Bank.name_zh, Bank.name_en,
                   moves.c.date)
            .select_from(moves)
            .join(Application, Application.id == moves.c.app_id)
            .join(Enterprise, Enterprise.id == Application.enterprise_id)
            .join(Bank, Bank.id == moves.c.bank_id)
            .where(moves.c.rn == 1, moves.c.date <= latest_start, ~decided)
            .order_by(moves.c.date, Application.ref))
    rows = []
    for app_id, ref, name, code, zh, en, since in session.execute(stmt):
        days = (as_of - since).days
        rows.append(AgingRow(app_id, ref, name, code, zh, en, since, days, warning_level(days)))
    return rows
