"""The specialists' work list: what needs doing today, section by section.

Cases stalled at their banks come from the warning lines (``aging.aging_list``); the cases
waiting on the network's own steps come from the current-state columns, oldest first.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from kjdesk.db.models import Application, Enterprise, Event, Station
from kjdesk.domain.timeline import EventType, Status
from kjdesk.i18n import N_, _
from kjdesk.services.aging import aging_list
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


def stalled_cases(session: Session, as_of: dt.date) -> list[WorkItem]:
    """Cases 30 days or more at their bank as of ``as_of``, oldest first."""
    return [WorkItem(r.app_id, r.ref, r.enterprise, Choice(r.bank_code, r.bank_name_zh, r.bank_name_en),
                     None, r.since, r.days, r.level, Status.AT_BANK.value)
            for r in aging_list(session, as_of)]


def follow_ups_due(session: Session, as_of: dt.date, stalled: list[WorkItem] | None = None) -> list[WorkItem]:
    """Stalled cases at 60 days or more with no follow-up recorded in ``as_of``'s month so far."""
    stalled = stalled_cases(session, as_of) if stalled is None else stalled
    candidates = [item for item in stalled if item.days >= FOLLOW_UP_DAYS]
    if not candidates:
        return []
    followed = set(session.scalars(
        select(Event.application_id).where(
            Event.type == EventType.FOLLOWED_UP.value,
            Event.date.between(as_of.replace(day=1), as_of),
            Event.application_id.in_([item.app_id for item in candidates]))))
    return [item for item in candidates if item.app_id not in followed]


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
