"""Review meetings (评审会): create one, list them, find cases awaiting review, record its decisions.

There is no agenda table: a meeting's agenda is the set of cases awaiting review that the user
picks when recording its decisions, and what the meeting decided is its review_* events (each
carries ``meeting_id`` and the meeting's date). So a meeting's record is its decisions.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from kjdesk.db.models import Application, Enterprise, Event, ReviewMeeting
from kjdesk.db.sql import contains
from kjdesk.domain.errors import DomainError
from kjdesk.domain.timeline import REVIEW_EVENTS, EventType, Status
from kjdesk.i18n import _
from kjdesk.services.cases import record_event

# The statuses from which a review decision may be recorded (domain.timeline's rule).
AWAITING_REVIEW = (Status.PRELIMINARY_PASSED, Status.INVESTIGATED, Status.REVIEW_DEFERRED)


@dataclass(frozen=True)
class MeetingRow:
    id: int
    code: str
    date: dt.date
    members: str
    minutes: str
    passed: int
    deferred: int
    rejected: int

    @property
    def decided(self) -> int:
        return self.passed + self.deferred + self.rejected


@dataclass(frozen=True)
class AwaitingRow:
    app_id: int
    ref: str
    enterprise: str
    status: Status
    requested_fen: int | None
    last_event_on: dt.date | None


@dataclass(frozen=True)
class Decision:
    """One case decided by a meeting: ``type`` is review_passed, review_deferred or review_rejected."""
    app_id: int
    type: EventType
    amount_fen: int | None = None
    note: str = ""


@dataclass(frozen=True)
class DecisionRow:
    app_id: int
    ref: str
    enterprise: str
    type: EventType
    amount_fen: int | None
    note: str


def next_code(session: Session, date: dt.date) -> str:
    """PS2017-01, PS2017-02, … numbered within the meeting's year."""
    prefix = f"PS{date.year}-"
    n = session.scalar(select(func.count()).where(ReviewMeeting.code.like(prefix + "%"))) + 1
    while session.scalar(select(ReviewMeeting.id).where(ReviewMeeting.code == f"{prefix}{n:02d}")) is not None:
        n += 1
    return f"{prefix}{n:02d}"


def create_meeting(session: Session, date: dt.date, members: str = "", minutes: str = "",
                   code: str | None = None) -> ReviewMeeting:
    code = (code or "").strip() or next_code(session, date)
    if session.scalar(select(ReviewMeeting.id).where(ReviewMeeting.code == code)) is not None:
        raise DomainError(_("a review meeting with code {code} already exists").format(code=code))
    meeting = ReviewMeeting(code=code, date=date, members=members.strip(), minutes=minutes.strip())
    session.add(meeting)
    session.flush()
    return meeting


def update_meeting(session: Session, meeting_id: int, *, members: str, minutes: str) -> ReviewMeeting:
    """Members and minutes may be completed later; the date is fixed once decisions carry it."""
    meeting = _meeting(session, meeting_id)
    meeting.members, meeting.minutes = members.strip(), minutes.strip()
    session.flush()
    return meeting


def _meeting(session: Session, meeting_id: int) -> ReviewMeeting:
    meeting = session.get(ReviewMeeting, meeting_id)
    if meeting is None:
        raise DomainError(_("no review meeting with id {id}").format(id=meeting_id))
    return meeting


def list_meetings(session: Session, year: int | None = None) -> list[MeetingRow]:
    """Meetings, latest first, with how many cases each passed, deferred and rejected."""
    def count(type_: EventType):
        return func.count(case((Event.type == type_.value, 1)))

    stmt = (select(ReviewMeeting.id, ReviewMeeting.code, ReviewMeeting.date, ReviewMeeting.members,
                   ReviewMeeting.minutes, count(EventType.REVIEW_PASSED), count(EventType.REVIEW_DEFERRED),
                   count(EventType.REVIEW_REJECTED))
            .outerjoin(Event, Event.meeting_id == ReviewMeeting.id)
            .group_by(ReviewMeeting.id)
            .order_by(ReviewMeeting.date.desc(), ReviewMeeting.id.desc()))
    if year is not None:
        stmt = stmt.where(ReviewMeeting.date.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    return [MeetingRow(*row) for row in session.execute(stmt)]


def awaiting_review(session: Session, on: dt.date | None = None, search: str = "",
                    limit: int = 500) -> list[AwaitingRow]:
    """Cases a meeting held ``on`` that date could decide: awaiting review, nothing recorded after it."""
    stmt = (select(Application.id, Application.ref, Enterprise.name, Application.status, Application.requested_fen,
                   Application.last_event_on)
            .join(Enterprise, Enterprise.id == Application.enterprise_id)
            .where(Application.status.in_([s.value for s in AWAITING_REVIEW]))
            .order_by(Application.last_event_on, Application.ref).limit(limit))
    if on is not None:
        stmt = stmt.where(Application.last_event_on <= on)
    if search.strip():
        text = search.strip()
        stmt = stmt.where(or_(contains(Enterprise.name, text), contains(Application.ref, text)))
    return [AwaitingRow(id_, ref, name, Status(status), fen, last) for id_, ref, name, status, fen, last
            in session.execute(stmt)]


def decisions(session: Session, meeting_id: int) -> list[DecisionRow]:
    """What a meeting decided, case by case."""
    stmt = (select(Application.id, Application.ref, Enterprise.name, Event.type, Event.amount_fen, Event.note)
            .join(Application, Application.id == Event.application_id)
            .join(Enterprise, Enterprise.id == Application.enterprise_id)
            .where(Event.meeting_id == meeting_id)
            .order_by(Application.ref))
    return [DecisionRow(id_, ref, name, EventType(type_), fen, note) for id_, ref, name, type_, fen, note
            in session.execute(stmt)]


def record_decisions(session: Session, meeting_id: int, items: list[Decision]) -> int:
    """Record every decision of a meeting, dated the meeting's day; the caller's transaction makes it
    all-or-nothing. A refused decision names the case it concerns."""
    meeting = _meeting(session, meeting_id)
    if not items:
        raise DomainError(_("choose a decision for at least one case"))
    seen = set()
    for item in items:
        if item.type not in REVIEW_EVENTS:
            raise DomainError(_("“{event}” is not a review decision").format(event=item.type.label))
        if item.app_id in seen:
            raise DomainError(_("a case can have only one decision per meeting"))
        seen.add(item.app_id)
        amount = item.amount_fen if item.type is EventType.REVIEW_PASSED else None
        try:
            record_event(session, item.app_id, item.type, meeting.date, amount_fen=amount,
                         meeting_id=meeting.id, note=item.note)
        except DomainError as exc:
            app = session.get(Application, item.app_id)
            raise DomainError(_("case {ref}: {reason}").format(
                ref=app.ref if app else item.app_id, reason=exc.message)) from None
    return len(items)
