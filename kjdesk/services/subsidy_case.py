"""One subsidy case as its view shows it: the program's terms, the computed subsidy with its
formula, the history with who and when, and the steps its status allows."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kjdesk.db.models import Application, Enterprise, Station, SubsidyCase, SubsidyProgram
from kjdesk.domain import subsidy as rules
from kjdesk.domain.errors import DomainError
from kjdesk.i18n import _, current_language
from kjdesk.services.queries import Choice
from kjdesk.services.registry import LabelledChoice
from kjdesk.services.subsidies import is_granted, next_statuses
from kjdesk.services.subsidy_programs import as_program


@dataclass(frozen=True)
class Step:
    status: str
    date: dt.date
    by: str
    note: str


@dataclass(frozen=True)
class CaseView:
    id: int
    ref: str
    program: rules.Program
    program_name: Choice
    eligibility: str          # the documents' wording
    reviewer: str
    enterprise: str
    credit_code: str
    station: Choice | None
    policy_no: str
    insurer: str
    started: dt.date | None   # the day the base arose
    insured_fen: int | None
    class_code: str
    loan_ref: str
    batch: str
    status: str
    status_date: dt.date
    formula: rules.Formula
    approved_fen: int | None
    reason: str
    granted: bool
    history: list[Step]
    next_statuses: list[str]


def case_view(session: Session, case_id: int) -> CaseView:
    case = session.get(SubsidyCase, case_id)
    if case is None:
        raise DomainError(_("no subsidy case with id {id}").format(id=case_id))
    row = session.get(SubsidyProgram, case.program_code)
    terms = as_program(row)
    ent = session.get(Enterprise, case.enterprise_id)
    station = session.get(Station, case.station_id) if case.station_id else None
    loan = session.get(Application, case.application_id) if case.application_id else None
    return CaseView(
        case.id, case.ref, terms, Choice(row.code, row.name_zh, row.name_en), row.eligibility, row.reviewer, ent.name,
        ent.credit_code, Choice(station.id, station.name_zh, station.name_en) if station else None, case.policy_no,
        case.insurer, case.policy_start, case.insured_fen, case.class_code or "", loan.ref if loan else "", case.batch, case.status, case.status_date,
        rules.formula(terms, case.premium_fen or 0), case.approved_fen, case.reason, is_granted(case),
        [Step(h.status, h.date, h.by, h.note) for h in case.history], next_statuses(session, case.id))


def form_choices(session: Session) -> tuple[list[tuple[Choice, rules.Program]], list[LabelledChoice]]:
    """The programs (with their terms) and the active stations (keyed by code) a new case may name."""
    programs = [(Choice(row.code, row.name_zh, row.name_en), as_program(row))
                for row in session.scalars(select(SubsidyProgram).order_by(SubsidyProgram.code))]
    stations = [LabelledChoice(code, zh if current_language() == "zh_CN" else (en or zh)) for code, zh, en in
                session.execute(select(Station.code, Station.name_zh, Station.name_en)
                                .where(Station.status == "active").order_by(Station.code))]
    return programs, stations
