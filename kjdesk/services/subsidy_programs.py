"""Subsidy programs as data: read them as domain programs, add or change them."""
from __future__ import annotations

import json
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from kjdesk.db.models import Product, SubsidyProgram
from kjdesk.domain.errors import DomainError
from kjdesk.domain.subsidy import Program, ProgramClass, check_program
from kjdesk.i18n import _


def classes_from_text(stored: str) -> tuple[ProgramClass, ...]:
    return tuple(ProgramClass(*entry) for entry in json.loads(stored or "[]"))


def classes_to_text(classes) -> str:
    return json.dumps([[c.code, c.name_zh, c.name_en] for c in classes], ensure_ascii=False)


def as_program(row: SubsidyProgram) -> Program:
    return Program(row.code, row.rate, row.cap_fen, row.opens, row.closes, base=row.base, budget=row.budget_fen,
                   qualifications=frozenset(q for q in row.qualifications.split(",") if q),
                   product=row.product_code, classes=classes_from_text(row.classes), automatic=row.automatic,
                   premium_rate=row.premium_rate)


def program(session: Session, code: str) -> tuple[SubsidyProgram, Program]:
    """The stored program ``code`` and its domain form; refused naming the known codes."""
    row = session.get(SubsidyProgram, code)
    if row is None:
        codes = ", ".join(session.scalars(select(SubsidyProgram.code).order_by(SubsidyProgram.code)))
        raise DomainError(_("unknown subsidy program “{code}”; the programs are {codes}").format(code=code, codes=codes))
    return row, as_program(row)


def programs(session: Session) -> list[SubsidyProgram]:
    return list(session.scalars(select(SubsidyProgram).order_by(SubsidyProgram.code)))


def save_program(session: Session, terms: Program, *, name_zh: str, name_en: str = "", eligibility: str = "",
                 reviewer: str = "") -> SubsidyProgram:
    """Add the program ``terms.code`` or change its terms, after checking them."""
    terms = replace(terms, qualifications=frozenset(terms.qualifications))
    check_program(terms)
    if not name_zh.strip():
        raise DomainError(_("a program needs a Chinese name"))
    if terms.product and session.get(Product, terms.product) is None:
        raise DomainError(_("unknown credit product “{code}”").format(code=terms.product))
    row = session.get(SubsidyProgram, terms.code)
    if row is None:
        row = SubsidyProgram(code=terms.code)
        session.add(row)
    row.name_zh, row.name_en, row.eligibility, row.reviewer = name_zh, name_en, eligibility, reviewer
    row.rate, row.cap_fen, row.opens, row.closes = terms.rate, terms.cap, terms.opens, terms.closes
    row.base, row.budget_fen, row.product_code, row.automatic = terms.base, terms.budget, terms.product, terms.automatic
    row.qualifications = ",".join(sorted(terms.qualifications))
    row.classes = classes_to_text(terms.classes)
    row.premium_rate = terms.premium_rate
    session.flush()
    return row
