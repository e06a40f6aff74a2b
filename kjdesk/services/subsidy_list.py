"""The subsidy case list: ids matching filters in one sorted query, rows fetched by page (like the
case list in queries.py), for the client's Subsidies page."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Sequence

from sqlalchemy import ColumnElement, extract, func, or_, select
from sqlalchemy.orm import Session

from kjdesk.db.models import Enterprise, Station, SubsidyCase, SubsidyProgram
from kjdesk.db.sql import contains
from kjdesk.services.queries import Choice


@dataclass(frozen=True)
class SubsidyFilter:
    program: str | None = None
    status: str | None = None
    year: int | None = None     # year of the current status
    search: str = ""            # enterprise name, credit code, case reference or batch


@dataclass(frozen=True)
class SubsidyRow:
    id: int
    ref: str
    program: Choice
    enterprise: str
    credit_code: str
    station: Choice | None
    status: str
    status_date: dt.date
    premium_fen: int | None
    subsidy_fen: int | None     # the approved amount once approved, else the computed one
    batch: str


SUBSIDY_SORTS: dict[str, ColumnElement] = {
    "ref": SubsidyCase.ref,
    "program": SubsidyCase.program_code,
    "enterprise": Enterprise.name,
    "status": SubsidyCase.status,
    "status_date": SubsidyCase.status_date,
    "premium": SubsidyCase.premium_fen,
    "subsidy": func.coalesce(SubsidyCase.approved_fen, SubsidyCase.subsidy_fen),
    "batch": SubsidyCase.batch,
}


def subsidy_ids(session: Session, f: SubsidyFilter, sort: str = "status_date", descending: bool = True) -> list[int]:
    stmt = select(SubsidyCase.id)
    text = f.search.strip()
    if text or sort == "enterprise":  # the join costs half the time of an unfiltered list: only when needed
        stmt = stmt.join(Enterprise, Enterprise.id == SubsidyCase.enterprise_id)
    if f.program:
        stmt = stmt.where(SubsidyCase.program_code == f.program)
    if f.status:
        stmt = stmt.where(SubsidyCase.status == f.status)
    if f.year is not None:
        stmt = stmt.where(SubsidyCase.status_date.between(dt.date(f.year, 1, 1), dt.date(f.year, 12, 31)))
    if text:
        stmt = stmt.where(or_(contains(Enterprise.name, text), contains(Enterprise.credit_code, text.upper()),
                              contains(SubsidyCase.ref, text), contains(SubsidyCase.batch, text)))
    key = SUBSIDY_SORTS.get(sort, SubsidyCase.status_date)
    order = (key.desc(), SubsidyCase.id.desc()) if descending else (key.asc(), SubsidyCase.id.asc())
    return list(session.scalars(stmt.order_by(*order)))


def subsidy_rows(session: Session, ids: Sequence[int]) -> dict[int, SubsidyRow]:
    if not ids:
        return {}
    stmt = (select(SubsidyCase, Enterprise.name, Enterprise.credit_code, SubsidyProgram.name_zh,
                   SubsidyProgram.name_en, Station.id, Station.name_zh, Station.name_en)
            .join(Enterprise, Enterprise.id == SubsidyCase.enterprise_id)
            .join(SubsidyProgram, SubsidyProgram.code == SubsidyCase.program_code)
            .outerjoin(Station, Station.id == SubsidyCase.station_id)
            .where(SubsidyCase.id.in_(list(ids))))
    out = {}
    for case, name, credit, p_zh, p_en, st_id, st_zh, st_en in session.execute(stmt):
        out[case.id] = SubsidyRow(
            case.id, case.ref, Choice(case.program_code, p_zh, p_en), name, credit,
            Choice(st_id, st_zh, st_en) if st_id is not None else None, case.status, case.status_date,
            case.premium_fen, case.approved_fen if case.approved_fen is not None else case.subsidy_fen, case.batch)
    return out


def program_choices(session: Session) -> list[Choice]:
    return [Choice(code, zh, en) for code, zh, en in session.execute(
        select(SubsidyProgram.code, SubsidyProgram.name_zh, SubsidyProgram.name_en).order_by(SubsidyProgram.code))]


def subsidy_years(session: Session) -> list[int]:
    years = session.scalars(select(func.distinct(extract("year", SubsidyCase.status_date))))
    return sorted((int(y) for y in years if y), reverse=True)

