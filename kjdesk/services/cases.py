"""Loan cases: record an event, undo the last one, keep the current-state columns in step."""
from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kjdesk.db.models import Application, Bank, Event, Product
from kjdesk.domain import timeline
from kjdesk.domain.errors import DomainError
from kjdesk.domain.path import OPEN_PATH, ProductPath
from kjdesk.i18n import _
from kjdesk.services.settings import working_date
from kjdesk.services.users import event_action, require


def domain_events(app: Application) -> list[timeline.Event]:
    """The application's stored events as domain events, in timeline order."""
    rows = sorted(app.events, key=lambda e: (e.date, e.seq))
    return [timeline.Event(e.date, timeline.EventType(e.type), e.bank.code if e.bank else None,
                           e.amount_fen, e.note) for e in rows]


def product_paths(session: Session) -> dict[str, ProductPath]:
    """Every product's path, by product code."""
    rows = session.execute(select(Product.code, Product.preliminary_review, Product.site_visit,
                                  Product.review_meeting))
    return {code: ProductPath.of(*steps) for code, *steps in rows}


def product_path(session: Session, code: str) -> ProductPath:
    product = session.get(Product, code)
    if product is None:
        return OPEN_PATH
    return ProductPath.of(product.preliminary_review, product.site_visit, product.review_meeting)


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


class Recorded(NamedTuple):
    event: Event
    warnings: list[str]  # allowed, but worth telling the person (an approval above the recommendation)


def check_event(session: Session, app_id: int, type: timeline.EventType | str, date: dt.date, *,
                bank_code: str | None = None, amount_fen: int | None = None,
                note: str = "") -> tuple[Application, timeline.CaseState, list[str]]:
    """Every rule an event obeys (DomainError naming the broken one): the case, its state after the
    event and the warnings. Nothing is written; the same check as ``record_event``'s."""
    app = session.get(Application, app_id)
    if app is None:
        raise DomainError(_("no application with id {id}").format(id=app_id))
    if bank_code:
        bank_by_code(session, bank_code)
    event = timeline.Event(date, timeline.EventType(type), bank_code, amount_fen, note)
    path = product_path(session, app.product_code)
    today = working_date(session)
    state = timeline.derive_state(domain_events(app), path)
    warnings = timeline.event_warnings(state, event)
    return app, timeline.apply_event(state, event, path, today=today), warnings


def record_event(session: Session, app_id: int, type: timeline.EventType | str, date: dt.date, *,
                 bank_code: str | None = None, amount_fen: int | None = None,
                 specialist_id: int | None = None, meeting_id: int | None = None, note: str = "",
                 premium_fen: int | None = None, recorded_by: str | None = None) -> Recorded:
    """Append an event to a case after checking it against every rule of the timeline."""
    type = timeline.EventType(type)
    if premium_fen is not None and type is not timeline.EventType.DISBURSED:
        raise DomainError(_("only a disbursement carries a premium"))
    app, new_state, warnings = check_event(session, app_id, type, date, bank_code=bank_code,
                                           amount_fen=amount_fen, note=note)
    require(session, event_action(type.value), app.station_id)
    seq = (session.scalar(select(func.max(Event.seq)).where(Event.application_id == app_id)) or 0) + 1
    event = Event(seq=seq, date=date, type=type.value, bank=bank_by_code(session, bank_code) if bank_code else None,
                  amount_fen=amount_fen, specialist_id=specialist_id, meeting_id=meeting_id, note=note,
                  premium_fen=premium_fen, recorded_by=recorded_by)
    app.events.append(event)
    apply_state(session, app, new_state)
    session.flush()
    return Recorded(event, warnings)


def undo_last_event(session: Session, app_id: int) -> Event:
    """Remove the latest event of a case (a mistaken last action); the submission itself stays."""
    app = session.get(Application, app_id)
    events = sorted(app.events, key=lambda e: (e.date, e.seq))
    if len(events) <= 1:
        raise DomainError(_("the submission is the only event left; delete the application instead"))
    last = events[-1]
    require(session, event_action(last.type), app.station_id)
    app.events.remove(last)
    apply_state(session, app, timeline.derive_state(domain_events(app), product_path(session, app.product_code)))
    session.flush()
    return last


def delete_application(session: Session, app_id: int) -> str:
    """Delete an application taken by mistake, with its events; only while no review meeting or
    bank has decided on it (a decided case is history: withdraw it instead). Returns its ref."""
    app = session.get(Application, app_id)
    if app is None:
        raise DomainError(_("no application with id {id}").format(id=app_id))
    status = timeline.Status(app.status) if app.status else None
    if not timeline.may_delete(status):
        raise DomainError(_("{ref} is “{status}”: only an application nobody has decided on yet can be deleted").format(
            ref=app.ref, status=status.label))
    ref = app.ref
    session.delete(app)
    session.flush()
    return ref
