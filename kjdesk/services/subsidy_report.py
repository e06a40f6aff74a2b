"""The yearly subsidy table (DOMAIN.md): per program, the cases accepted in the year and their
enterprises, the subsidy approved in the year with the insured amount of those cases, the subsidy
paid in the year, and the budget used; one computation for the screen, PDF, workbook and JSON."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from kjdesk.db.models import SubsidyCase, SubsidyProgram, SubsidyStatus
from kjdesk.domain.money import fen_to_wan
from kjdesk.i18n import N_, current_language, translate


@dataclass
class SubsidyRow:
    program_code: str | None
    program: str
    enterprises: int = 0
    cases: int = 0
    approved_fen: int = 0
    paid_fen: int = 0
    insured_fen: int = 0
    budget_fen: int | None = None
    budgeted_approved_fen: int = 0  # approved in programs with a budget: what the percentage divides

    @property
    def budget_used_percent(self) -> Decimal | None:
        if not self.budget_fen:
            return None
        return (Decimal(self.budgeted_approved_fen) * 100 / self.budget_fen).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class SubsidyTable:
    year: int
    rows: list[SubsidyRow]
    total: SubsidyRow


def _per_program(session: Session, status: str, year: int, *columns):
    """program → the figures of the cases whose ``status`` step is dated in the year."""
    stmt = (select(SubsidyCase.program_code, *columns)
            .join(SubsidyStatus, SubsidyStatus.case_id == SubsidyCase.id)
            .where(SubsidyStatus.status == status,
                   SubsidyStatus.date.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
            .group_by(SubsidyCase.program_code))
    # int(): PostgreSQL sums bigint fen as numeric (a Decimal); the figures are whole fen either way.
    return {code: tuple(int(f or 0) for f in figures) for code, *figures in session.execute(stmt)}


def subsidy_table(session: Session, year: int, lang: str | None = None) -> SubsidyTable:
    lang = lang or current_language()
    granted = func.coalesce(SubsidyCase.approved_fen, SubsidyCase.subsidy_fen, 0)
    accepted = _per_program(session, "accepted", year, func.count(distinct(SubsidyCase.id)),
                            func.count(distinct(SubsidyCase.enterprise_id)))
    approved = _per_program(session, "approved", year, func.sum(granted), func.sum(func.coalesce(SubsidyCase.insured_fen, 0)))
    paid = _per_program(session, "paid", year, func.sum(granted))
    rows = []
    for p in session.scalars(select(SubsidyProgram).order_by(SubsidyProgram.code)):
        cases, enterprises = accepted.get(p.code, (0, 0))
        approved_fen, insured_fen = approved.get(p.code, (0, 0))
        rows.append(SubsidyRow(p.code, p.name_zh if lang == "zh_CN" else p.name_en or p.name_zh, enterprises, cases,
                               approved_fen, paid.get(p.code, (0,))[0], insured_fen, p.budget_fen,
                               approved_fen if p.budget_fen else 0))
    total = SubsidyRow(None, translate(N_("Total"), lang))
    total.enterprises = session.scalar(
        select(func.count(distinct(SubsidyCase.enterprise_id))).join(SubsidyStatus, SubsidyStatus.case_id == SubsidyCase.id)
        .where(SubsidyStatus.status == "accepted",
               SubsidyStatus.date.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))) or 0
    for row in rows:
        total.cases += row.cases
        total.approved_fen += row.approved_fen
        total.paid_fen += row.paid_fen
        total.insured_fen += row.insured_fen
        total.budgeted_approved_fen += row.budgeted_approved_fen
        if row.budget_fen is not None:
            total.budget_fen = (total.budget_fen or 0) + row.budget_fen
    return SubsidyTable(year, rows, total)


SUBSIDY_COLUMNS = (
    ("program", N_("Program")),
    ("enterprises", N_("Enterprises")),
    ("cases", N_("Cases accepted")),
    ("approved_wan", N_("Approved (10k CNY)")),
    ("paid_wan", N_("Paid (10k CNY)")),
    ("insured_wan", N_("Insured (10k CNY)")),
    ("budget_wan", N_("Budget (10k CNY)")),
    ("budget_used_percent", N_("Budget used (%)")),
)


def subsidy_record(row: SubsidyRow) -> dict:
    return {"program": row.program, "enterprises": row.enterprises, "cases": row.cases,
            "approved_wan": fen_to_wan(row.approved_fen), "paid_wan": fen_to_wan(row.paid_fen),
            "insured_wan": fen_to_wan(row.insured_fen),
            "budget_wan": None if row.budget_fen is None else fen_to_wan(row.budget_fen),
            "budget_used_percent": row.budget_used_percent}


@dataclass(frozen=True)
class BudgetExcess:
    program: str        # its name in the current language
    year: int
    approved_fen: int   # approved in the year so far
    adding_fen: int     # what the approval adds
    budget_fen: int


def budget_excess(session: Session, program: str, day: dt.date, adding_fen: int) -> BudgetExcess | None:
    """What approving ``adding_fen`` more of ``program`` on ``day`` would pass: its budget for that year
    against the amounts already approved in it; None while it stays within (or has no budget)."""
    row = session.get(SubsidyProgram, program)
    budget = row.budget_fen if row else None
    if budget is None:
        return None
    granted = func.coalesce(SubsidyCase.approved_fen, SubsidyCase.subsidy_fen, 0)
    approved = (_per_program(session, "approved", day.year, func.sum(granted)).get(program) or (0,))[0] or 0
    if approved + adding_fen <= budget:
        return None
    name = row.name_zh if current_language() == "zh_CN" else row.name_en or row.name_zh
    return BudgetExcess(name, day.year, approved, adding_fen, budget)
