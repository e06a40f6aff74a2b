"""Visit allowance statements: per station, per month or quarter, every visit (date, case,
enterprise, specialist) and the total, for payment.

A statement not yet issued is worked out from the visits; issuing stores it with its visits, and
an issued statement is always read back as stored. A visit recorded later for a period already
issued is not on the old statement: it goes onto the station's next statement as a late entry.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kjdesk.db.models import (AllowanceLine, AllowanceRate, AllowanceStatement, Application, Enterprise, Event,
                              Specialist, Station)
from kjdesk.domain.allowances import Visit, fen_to_yuan, rate_in_force, yuan_to_fen
from kjdesk.domain.errors import DomainError
from kjdesk.domain.workload import Period, parse_period
from kjdesk.i18n import _


@dataclass
class Line:
    date: dt.date
    ref: str
    enterprise: str
    specialist: str
    per_visit_fen: int
    late: bool = False
    application_id: int = 0
    specialist_id: int | None = None


@dataclass
class Statement:
    station: str
    station_name: str
    period: str
    per_visit_fen: int
    lines: list[Line] = field(default_factory=list)
    issued_on: dt.date | None = None
    issued_by: str = ""

    @property
    def total_fen(self) -> int:
        return sum(line.per_visit_fen for line in self.lines)

    def record(self) -> dict:
        """The statement as the JSON of ``kjdesk allowances``."""
        return {"station": self.station, "period": self.period, "per_visit_yuan": fen_to_yuan(self.per_visit_fen),
                "visits": len(self.lines), "total_yuan": fen_to_yuan(self.total_fen),
                "issued_on": self.issued_on.isoformat() if self.issued_on else None,
                "rows": [{"date": ln.date.isoformat(), "ref": ln.ref, "enterprise": ln.enterprise,
                          "specialist": ln.specialist, "late": ln.late} for ln in self.lines]}


def set_rate(session: Session, first_year: int, per_visit_yuan) -> AllowanceRate:
    """The allowance per visit from ``first_year`` on (replacing that year's rate); the caller commits."""
    fen = yuan_to_fen(per_visit_yuan)
    rate = session.get(AllowanceRate, first_year) or AllowanceRate(first_year=first_year)
    rate.per_visit_fen = fen
    session.add(rate)
    session.flush()
    return rate


def rates(session: Session) -> dict[int, int]:
    return dict(session.execute(select(AllowanceRate.first_year, AllowanceRate.per_visit_fen)).all())


def _station(session: Session, code: str) -> Station:
    station = session.scalar(select(Station).where(Station.code == code))
    if station is None:
        raise DomainError(_("there is no station with the code “{code}”").format(code=code))
    return station


def statement(session: Session, station_code: str, period: Period | str) -> Statement:
    """The station's statement for the period: as issued, or as it stands."""
    period = parse_period(period) if isinstance(period, str) else period
    station = _station(session, station_code)
    issued = session.scalar(select(AllowanceStatement).where(
        AllowanceStatement.station_id == station.id, AllowanceStatement.period == period.name))
    table = rates(session)
    per_visit = rate_in_force(table, period.start.year)
    result = Statement(station.code, station.name_zh, period.name, per_visit)
    if issued is not None:
        result.issued_on, result.issued_by = issued.issued_on, issued.issued_by
        result.lines = [Line(ln.date, ln.ref, ln.enterprise, ln.specialist, ln.per_visit_fen, ln.late,
                             ln.application_id, ln.specialist_id) for ln in issued.lines]
        return result
    issued_periods = [parse_period(p) for p in session.scalars(
        select(AllowanceStatement.period).where(AllowanceStatement.station_id == station.id))]
    late_ranges = [p for p in issued_periods if p.start < period.start]
    paid = {(a, s, d) for a, s, d in session.execute(
        select(AllowanceLine.application_id, AllowanceLine.specialist_id, AllowanceLine.date)
        .join(AllowanceStatement, AllowanceStatement.id == AllowanceLine.statement_id)
        .where(AllowanceStatement.station_id == station.id))}
    in_ranges = or_(*[Event.date.between(p.start, p.end) for p in [period] + late_ranges])
    seen = set()
    for app_id, ref, enterprise, sid, name, day in session.execute(
            select(Event.application_id, Application.ref, Enterprise.name, Event.specialist_id, Specialist.name,
                   Event.date)
            .join(Application, Application.id == Event.application_id)
            .join(Enterprise, Enterprise.id == Application.enterprise_id)
            .outerjoin(Specialist, Specialist.id == Event.specialist_id)
            .where(Event.type == "investigated", Application.station_id == station.id, in_ranges)
            .order_by(Event.date, Application.ref, Event.seq)):
        visit = Visit(app_id, sid, day)
        if visit.key in seen or visit.key in paid:
            continue  # once per case, specialist and day; and never paid twice
        seen.add(visit.key)
        result.lines.append(Line(day, ref, enterprise, name or "", rate_in_force(table, day.year),
                                 late=day < period.start, application_id=app_id, specialist_id=sid))
    return result


def issue(session: Session, station_code: str, period: Period | str, by: str, on: dt.date | None = None) -> Statement:
    """Issue the statement: it is stored with its visits and keeps its figures from then on.
    The caller commits."""
    if not (by or "").strip():
        raise DomainError(_("say who issues the statement"))
    current = statement(session, station_code, period)
    if current.issued_on is not None:
        raise DomainError(_("the statement of {station} for {period} was issued on {on}; an issued statement "
                            "keeps its figures").format(station=current.station, period=current.period,
                                                        on=current.issued_on.isoformat()))
    station = _station(session, station_code)
    stored = AllowanceStatement(station_id=station.id, period=current.period, issued_on=on or dt.date.today(),
                                issued_by=by.strip())
    stored.lines = [AllowanceLine(application_id=ln.application_id, specialist_id=ln.specialist_id, date=ln.date,
                                  ref=ln.ref, enterprise=ln.enterprise, specialist=ln.specialist,
                                  per_visit_fen=ln.per_visit_fen, late=ln.late) for ln in current.lines]
    session.add(stored)
    session.flush()
    current.issued_on, current.issued_by = stored.issued_on, stored.issued_by
    return current
