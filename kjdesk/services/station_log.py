"""A station's work log (activities): list a year, add, change and remove entries, each checked."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kjdesk.db.models import Activity, Station
from kjdesk.domain.errors import DomainError
from kjdesk.domain.reference import ACTIVITY_TYPES, EVENT_ACTIVITY_TYPES
from kjdesk.i18n import _


@dataclass
class LogEntry:
    id: int
    date: dt.date
    type: str
    attendees: int | None
    title: str

    @property
    def type_label(self) -> str:
        return _(ACTIVITY_TYPES.get(self.type, self.type))


def entries(session: Session, station_code: str, year: int) -> list[LogEntry]:
    station = _station(session, station_code)
    rows = session.execute(select(Activity.id, Activity.date, Activity.type, Activity.attendees, Activity.title)
                           .where(Activity.station_id == station.id,
                                  Activity.date.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
                           .order_by(Activity.date, Activity.id))
    return [LogEntry(*r) for r in rows]


def _station(session: Session, code: str) -> Station:
    station = session.scalar(select(Station).where(Station.code == code))
    if station is None:
        raise DomainError(_("there is no station with the code “{code}”").format(code=code))
    return station


def _check(type_: str, attendees: int | None) -> None:
    if type_ not in ACTIVITY_TYPES:
        raise DomainError(_("type: “{type}” is not a work log entry; the types are {types}").format(
            type=type_, types=", ".join(ACTIVITY_TYPES)))
    if attendees is not None and attendees < 0:
        raise DomainError(_("attendees: {n} is below 0").format(n=attendees))
    if attendees is not None and type_ not in EVENT_ACTIVITY_TYPES:
        raise DomainError(_("attendees: only publicity, training and matchmaking events have attendees"))


def add(session: Session, station_code: str, day: dt.date, type_: str, attendees: int | None = None,
        title: str = "") -> Activity:
    """Add an entry; the caller commits."""
    station = _station(session, station_code)
    if station.status == "revoked":
        raise DomainError(_("station {code} is revoked and takes no new work").format(code=station.code))
    _check(type_, attendees)
    entry = Activity(date=day, station_id=station.id, type=type_, attendees=attendees, title=(title or "").strip())
    session.add(entry)
    session.flush()
    return entry


def change(session: Session, entry_id: int, day: dt.date, type_: str, attendees: int | None = None,
           title: str = "") -> Activity:
    entry = session.get(Activity, entry_id)
    if entry is None or entry.station_id is None:
        raise DomainError(_("there is no work log entry {id}").format(id=entry_id))
    _check(type_, attendees)
    entry.date, entry.type, entry.attendees, entry.title = day, type_, attendees, (title or "").strip()
    session.flush()
    return entry


def remove(session: Session, entry_id: int) -> None:
    entry = session.get(Activity, entry_id)
    if entry is None or entry.station_id is None:
        raise DomainError(_("there is no work log entry {id}").format(id=entry_id))
    session.delete(entry)
    session.flush()
