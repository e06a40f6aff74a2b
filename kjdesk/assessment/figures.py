"""The figures the sheets are scored from, counted in SQL (GROUP BY), one dict per station or bank.

Every count is of the assessed calendar year. A rubric's rules name these figures, so a later
rubric can recombine them without code; a new kind of figure is the only thing that needs code.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select, union
from sqlalchemy.orm import Session

from kjdesk.db.models import Activity, Application, Bank, Event, Station
from kjdesk.domain.reference import EVENT_ACTIVITY_TYPES, MICRO_LOAN, PERFORMANCE_LOAN
from kjdesk.domain.timeline import EventType as E

STATION_FIGURES = ("absences", "events", "work_summaries", "case_reports", "research_accepted", "joint_research",
                   "investigated", "applications", "applications_last_year")
BANK_FIGURES = ("approved_fen", "applicants", "recommended", "approved", "approved_last_year", "joint_events",
                "microloan_approved", "first_year")
FIGURES = {"station": STATION_FIGURES, "bank": BANK_FIGURES}


@dataclass
class Subject:
    """A station or bank being assessed, with its figures for the year."""
    code: str
    name_zh: str
    name_en: str
    figures: dict = field(default_factory=dict)
    first_year: int | None = None   # banks: first year of 科技履约贷 cooperation


def _bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def station_subjects(session: Session, year: int) -> list[Subject]:
    """Every station established by the end of the year, with its figures.

    A revoked station only for a year it has a record in (see _worked_in): the schema keeps no
    revocation date, and without this a station revoked years ago would still take a rank and a
    free attendance score on every later sheet.
    """
    start, end = _bounds(year)
    stations = session.execute(
        select(Station.id, Station.code, Station.name_zh, Station.name_en, Station.status)
        .where(or_(Station.established.is_(None), Station.established <= end)).order_by(Station.code)).all()
    revoked = {sid for sid, *_rest, status in stations if status == "revoked"}
    gone = revoked - _worked_in(session, revoked, start, end) if revoked else set()
    subjects = {sid: Subject(code, zh, en or zh, dict.fromkeys(STATION_FIGURES, 0))
                for sid, code, zh, en, _status in stations if sid not in gone}

    log_types = {"absence": "absences", "work_summary": "work_summaries", "case_report": "case_reports",
                 "research_report_accepted": "research_accepted", "joint_research": "joint_research"}
    for sid, type_, n in session.execute(
            select(Activity.station_id, Activity.type, func.count())
            .where(Activity.date.between(start, end), Activity.station_id.is_not(None))
            .group_by(Activity.station_id, Activity.type)):
        if sid not in subjects:
            continue
        if type_ in EVENT_ACTIVITY_TYPES:
            subjects[sid].figures["events"] += n
        elif type_ in log_types:
            subjects[sid].figures[log_types[type_]] += n

    # An application investigated in the year counts once, for the station it belongs to.
    _count_applications(session, subjects, "investigated", E.INVESTIGATED, year)
    _count_applications(session, subjects, "applications", E.SUBMITTED, year)
    _count_applications(session, subjects, "applications_last_year", E.SUBMITTED, year - 1)
    return list(subjects.values())


def _worked_in(session: Session, station_ids: set[int], start: dt.date, end: dt.date) -> set[int]:
    """Those of the stations with any record dated in the year: an activity of the work log (of
    any type), or an event of an application that belongs to the station."""
    logged = select(Activity.station_id).where(Activity.station_id.in_(sorted(station_ids)), Activity.date.between(start, end))
    cased = (select(Application.station_id).join(Event, Event.application_id == Application.id)
             .where(Application.station_id.in_(sorted(station_ids)), Event.date.between(start, end)))
    return set(session.scalars(union(logged, cased)))


def _count_applications(session: Session, subjects: dict, figure: str, type_: E, year: int) -> None:
    start, end = _bounds(year)
    for sid, n in session.execute(
            select(Application.station_id, func.count(func.distinct(Event.application_id)))
            .join(Application, Application.id == Event.application_id)
            .where(Event.type == type_.value, Event.date.between(start, end))
            .group_by(Application.station_id)):
        if sid in subjects:
            subjects[sid].figures[figure] = n


def bank_subjects(session: Session, year: int) -> list[Subject]:
    """Every bank cooperating by the year (first year not after it), with its figures.

    Items 1–4 count 科技履约贷 only; enterprises are counted once per bank however many
    applications or events they have.
    """
    start, end = _bounds(year)
    banks = session.execute(
        select(Bank.id, Bank.code, Bank.name_zh, Bank.name_en, Bank.first_year)
        .where(or_(Bank.first_year.is_(None), Bank.first_year <= year)).order_by(Bank.code)).all()
    subjects = {bid: Subject(code, zh, en or zh, dict.fromkeys(BANK_FIGURES, 0), first)
                for bid, code, zh, en, first in banks}
    for s in subjects.values():
        s.figures["first_year"] = s.first_year

    def by_bank(stmt, *names):
        for bid, *values in session.execute(stmt):
            if bid in subjects:
                for name, value in zip(names, values):
                    if name:
                        subjects[bid].figures[name] = int(value or 0)  # PostgreSQL sums bigint as numeric

    def approvals(product: str, y: int):
        a, b = _bounds(y)
        return (select(Event.bank_id, func.coalesce(func.sum(Event.amount_fen), 0),
                       func.count(func.distinct(Application.enterprise_id)))
                .join(Application, Application.id == Event.application_id)
                .where(Event.type == E.BANK_APPROVED.value, Event.date.between(a, b),
                       Application.product_code == product)
                .group_by(Event.bank_id))

    by_bank(approvals(PERFORMANCE_LOAN, year), "approved_fen", "approved")
    by_bank(approvals(PERFORMANCE_LOAN, year - 1), None, "approved_last_year")
    by_bank(approvals(MICRO_LOAN, year), None, "microloan_approved")
    # Directed to the bank in the year: recommended to it, or switched to it. The center's
    # recommendations and the bank's applicants are the same enterprises, counted the same way.
    by_bank(select(Event.bank_id, func.count(func.distinct(Application.enterprise_id)))
            .join(Application, Application.id == Event.application_id)
            .where(Event.type.in_((E.RECOMMENDED.value, E.BANK_SWITCHED.value)), Event.date.between(start, end),
                   Application.product_code == PERFORMANCE_LOAN)
            .group_by(Event.bank_id), "recommended")
    for s in subjects.values():
        s.figures["applicants"] = s.figures["recommended"]
    by_bank(select(Activity.bank_id, func.count())
            .where(Activity.date.between(start, end), Activity.bank_id.is_not(None),
                   Activity.type.in_(sorted(EVENT_ACTIVITY_TYPES)))
            .group_by(Activity.bank_id), "joint_events")
    return list(subjects.values())


def subjects_for(session: Session, sheet: str, year: int) -> list[Subject]:
    return station_subjects(session, year) if sheet == "station" else bank_subjects(session, year)
