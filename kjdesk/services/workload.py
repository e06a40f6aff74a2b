"""A station's work in a period, and each specialist's, counted in SQL by the dates of the events.

A station's counts take the cases and subsidy cases that belong to it (whoever worked them) and
its work log; a specialist's take the events that name the specialist, and for ``submitted`` the
applications whose specialist they are.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kjdesk.db.models import Activity, Application, Event, Specialist, Station, SubsidyCase, SubsidyStatus
from kjdesk.domain.reference import EVENT_ACTIVITY_TYPES
from kjdesk.domain.workload import EVENT_COUNTS, SPECIALIST_COUNTS, STATION_COUNTS, Period


@dataclass
class Workload:
    period: Period
    stations: list[dict]      # {"code", "name", <STATION_COUNTS>}, by code
    specialists: list[dict]   # {"code", "name", "station", <SPECIALIST_COUNTS>}, by station and code


def workload(session: Session, period: Period, *, station_code: str | None = None) -> Workload:
    """Every station's and specialist's counts in ``period`` (or one station's and its specialists')."""
    stations = {sid: {"code": code, "name": name, **dict.fromkeys(STATION_COUNTS, 0)}
                for sid, code, name in session.execute(
                    select(Station.id, Station.code, Station.name_zh).order_by(Station.code))
                if station_code is None or code == station_code}
    specialists = {pid: {"code": code, "name": name, "station": stations[sid]["code"],
                         **dict.fromkeys(SPECIALIST_COUNTS, 0)}
                   for pid, code, name, sid in session.execute(
                       select(Specialist.id, Specialist.code, Specialist.name, Specialist.station_id)
                       .order_by(Specialist.code))
                   if sid in stations}
    # One pass over the year's events: the station of the case, the specialist the event names
    # and the case's own specialist (who is credited with the submission).
    for sid, named, own, type_, n in session.execute(
            select(Application.station_id, Event.specialist_id, Application.specialist_id, Event.type, func.count())
            .join(Application, Application.id == Event.application_id)
            .where(Event.type.in_(sorted(EVENT_COUNTS)), Event.date.between(period.start, period.end))
            .group_by(Application.station_id, Event.specialist_id, Application.specialist_id, Event.type)):
        count = EVENT_COUNTS[type_]
        if sid in stations:
            stations[sid][count] += n
        who = own if type_ == "submitted" else named
        if who in specialists:
            specialists[who][count] += n

    for sid, n in session.execute(
            select(SubsidyCase.station_id, func.count(func.distinct(SubsidyStatus.case_id)))
            .join(SubsidyCase, SubsidyCase.id == SubsidyStatus.case_id)
            .where(SubsidyStatus.status == "accepted", SubsidyStatus.date.between(period.start, period.end))
            .group_by(SubsidyCase.station_id)):
        if sid in stations:
            stations[sid]["subsidy_cases"] = n
    for sid, type_, n, attendees in session.execute(
            select(Activity.station_id, Activity.type, func.count(), func.coalesce(func.sum(Activity.attendees), 0))
            .where(Activity.date.between(period.start, period.end), Activity.station_id.is_not(None))
            .group_by(Activity.station_id, Activity.type)):
        if sid not in stations:
            continue
        if type_ in EVENT_ACTIVITY_TYPES:
            stations[sid]["events"] += n
            stations[sid]["attendees"] += attendees
        elif type_ == "absence":
            stations[sid]["absences"] += n
    by_station = sorted(specialists.values(), key=lambda r: (r["station"], r["code"]))
    return Workload(period, list(stations.values()), by_station)
