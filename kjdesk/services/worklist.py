"""The specialists' work list: what needs doing as of a day, section by section.

Cases at their banks come from the warning lines' own computation (``aging.at_bank_since``):
through the current-state columns' index for cases with no later event, from their events for the
rest, so a past day's list is right too. Ids first, rows by page: it opens at once on 200,000 cases.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kjdesk.db.models import Application, Bank, Enterprise, Event, Station
from kjdesk.domain.timeline import WARNING_LINES, EventType, Status, warning_level
from kjdesk.i18n import N_, _
from kjdesk.services.aging import at_bank_since
from kjdesk.services.queries import Choice, fetch_ids

# At 60 days staff must follow a case up with its bank every month (DOMAIN.md, warning lines).
FOLLOW_UP_DAYS = 60


class Section(str, Enum):
    AT_BANK = "at_bank"                  # 30, 60 or 90 days at a bank without its decision
    FOLLOW_UP = "follow_up"              # 60 days or more, not yet followed up this month
    PRELIMINARY = "preliminary"          # waiting for the station's preliminary review
    VISIT = "visit"                      # waiting for the pre-loan site visit
    MEETING = "meeting"                  # waiting for (another) review meeting

    @property
    def label(self) -> str:
        return _(SECTION_LABELS[self])


SECTION_LABELS = {
    Section.AT_BANK: N_("Past the warning lines"),
    Section.FOLLOW_UP: N_("Follow-ups due this month"),
    Section.PRELIMINARY: N_("Awaiting preliminary review"),
    Section.VISIT: N_("Awaiting site visit"),
    Section.MEETING: N_("Awaiting review meeting"),
}
# A deferred case goes back to a later meeting, so it waits for one too.
WAITING_STATUSES = {
    Section.PRELIMINARY: (Status.SUBMITTED,),
    Section.VISIT: (Status.PRELIMINARY_PASSED,),
    Section.MEETING: (Status.INVESTIGATED, Status.REVIEW_DEFERRED),
}


@dataclass(frozen=True)
class WorkItem:
    app_id: int
    ref: str
    enterprise: str
    bank: Choice | None          # the bank the case waits at (stalled cases)
    station: Choice | None       # the station that took the case (waiting cases)
    since: dt.date | None        # at the bank since / waiting since
    days: int
    level: int | None            # warning line 30, 60 or 90 (stalled cases)
    status: str | None = None


def _stalled(as_of: dt.date, days: int):
    return at_bank_since(as_of, days)


def stalled_ids(session: Session, as_of: dt.date) -> list[int]:
    """The cases 30 days or more at their bank as of the date, longest first."""
    waiting = _stalled(as_of, min(WARNING_LINES))
    return fetch_ids(session, select(waiting.c.app_id).order_by(waiting.c.since, waiting.c.app_id))


def stalled_count(session: Session, as_of: dt.date) -> int:
    return session.scalar(select(func.count()).select_from(_stalled(as_of, min(WARNING_LINES))))


def _follow_ups_due(as_of: dt.date):
    """Cases 60 days or more at their bank and not followed up in the month of the date."""
    waiting = _stalled(as_of, FOLLOW_UP_DAYS)
    followed = select(Event.id).where(
        Event.application_id == waiting.c.app_id, Event.type == EventType.FOLLOWED_UP.value,
        Event.date.between(as_of.replace(day=1), as_of)).exists()
    return waiting, select(waiting.c.app_id).where(~followed)


def follow_up_ids(session: Session, as_of: dt.date) -> list[int]:
    """Cases 60 days or more at their bank and not followed up this month, longest first."""
    waiting, due = _follow_ups_due(as_of)
    return fetch_ids(session, due.order_by(waiting.c.since, waiting.c.app_id))


def follow_up_count(session: Session, as_of: dt.date) -> int:
    return session.scalar(select(func.count()).select_from(_follow_ups_due(as_of)[1].subquery()))


def stalled_rows(session: Session, ids: Sequence[int], as_of: dt.date) -> dict[int, WorkItem]:
    """The work-list rows of these cases at their banks as of the date, by id (one query)."""
    if not ids:
        return {}
    waiting = _stalled(as_of, 0)
    stmt = (select(Application.id, Application.ref, Enterprise.name, Bank.code, Bank.name_zh, Bank.name_en,
                   waiting.c.since)
            .select_from(waiting)
            .join(Application, Application.id == waiting.c.app_id)
            .join(Enterprise, Enterprise.id == Application.enterprise_id)
            .join(Bank, Bank.id == waiting.c.bank_id)
            .where(waiting.c.app_id.in_(list(ids))))
    rows = {}
    for app_id, ref, name, code, zh, en, since in session.execute(stmt):
        days = (as_of - since).days
        rows[app_id] = WorkItem(app_id, ref, name, Choice(code, zh, en), None, since, days,
                                warning_level(days), Status.AT_BANK.value)
    return rows


def waiting_count(session: Session, section: Section) -> int:
    statuses = [status.value for status in WAITING_STATUSES[section]]
    return session.scalar(select(func.count()).select_from(Application).where(Application.status.in_(statuses)))


def waiting_ids(session: Session, section: Section) -> list[int]:
    """Ids of the cases waiting in ``section`` (a waiting section), longest waiting first."""
    statuses = [status.value for status in WAITING_STATUSES[section]]
    return fetch_ids(session, select(Application.id).where(Application.status.in_(statuses))
                     .order_by(Application.last_event_on, Application.id))


def waiting_rows(session: Session, ids: Sequence[int], as_of: dt.date) -> dict[int, WorkItem]:
    """The work-list rows of these waiting cases, by id (one query)."""
    if not ids:
        return {}
    stmt = (select(Application.id, Application.ref, Enterprise.name, Station.id, Station.name_zh,
                   Station.name_en, Application.last_event_on, Application.status)
            .join(Enterprise, Enterprise.id == Application.enterprise_id)
            .outerjoin(Station, Station.id == Application.station_id)
            .where(Application.id.in_(list(ids))))
    rows = {}
    for app_id, ref, name, sid, szh, sen, since, status in session.execute(stmt):
        days = (as_of - since).days if since else 0
        station = Choice(sid, szh, sen) if sid is not None else None
        rows[app_id] = WorkItem(app_id, ref, name, None, station, since, days, None, status)
    return rows
