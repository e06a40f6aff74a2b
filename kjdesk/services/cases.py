"""Loan cases: record an event, undo the last one, keep the current-state columns in step."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kjdesk.db.models import Application, Bank, Event
from kjdesk.domain import timeline
from kjdesk.domain.errors import DomainError
from kjdesk.i18n import _
from kjdesk.services.users import event_action, require


def domain_events(app: Application) -> list[timeline.Event]:
    """The application's stored events as domain events, in timeline order."""
    rows = sorted(app.events, key=lambda e: (e.date, e.seq))
    return [timeline.Event(e.date, timeline.EventType(e.type), e.bank.code if e.bank else None,
                           e.amount_fen, e.note) for e in rows]


def bank_by_code(session: Session, code: str) -> Bank:
    bank = session.scalar(select(Bank).where(Bank.code == code))
    if bank is None:
        raise DomainError(_("unknown bank code “{code}”").format(code=code))
    return bank


def apply_state(session: Session, app: Application, state: timeline.CaseState) -> None:
    """Copy a derived state onto the application's current-state columns."""
    app.status = state.status.value if state.status else None
    app.bank_id = bank_by_code(session, state.bank).id if state.bank else None
    app.bank_since = state.bank_since
    app.submitted_on = state.submitted_on
    app.last_event_on = state.last_event_on


def record_event(session: Session, app_id: int, type: timeline.EventType | str, date: dt.date, *,
                 bank_code: str | None = None, amount_fen: int | None = None,
                 specialist_id: int | None = None, meeting_id: int | None = None, note: str = "") -> Event:
    """Append an event to a case after checking it against the timeline's rules."""
    app = session.get(Application, app_id)
    if app is None:
        raise DomainError(_("no application with id {id}").format(id=app_id))
    type = timeline.EventType(type)
    require(session, event_action(type.value), app.station_id)
    bank = bank_by_code(session, bank_code) if bank_code else None
    state = timeline.derive_state(domain_events(app))
    new_state = timeline.apply_event(state, timeline.Event(date, type, bank_code, amount_fen, note))
    seq = (session.scalar(select(func.max(Event.seq)).where(Event.application_id == app_id)) or 0) + 1
    event = Event(seq=seq, date=date, type=type.value, bank=bank, amount_fen=amount_fen,
                  specialist_id=specialist_id, meeting_id=meeting_id, note=note)
    app.events.append(event)
    apply_state(session, app, new_state)
    session.flush()
    return event


def undo_last_event(session: Session, app_id: int) -> Event:
    """Remove the latest event of a case (a mistaken last action); the submission itself stays."""
    app = session.get(Application, app_id)
    events = sorted(app.events, key=lambda e: (e.date, e.seq))
    if len(events) <= 1:
        raise DomainError(_("the submission is the only event left; delete the application instead"))
    last = events[-1]
    require(session, event_action(last.type), app.station_id)
    app.events.remove(last)
    apply_state(session, app, timeline.derive_state(domain_events(app)))
    session.flush()
    return last
