"""The allowance_rates sheet: the visit allowance per visit from a year on, keyed by first_year."""
from __future__ import annotations

from kjdesk.db import models as m
from kjdesk.i18n import _
from kjdesk.services.exchange.reader import ABSENT, BAD
from kjdesk.services.exchange.sheets import SHEET_BY_NAME

NAME = "allowance_rates"


def stage_rates(stager) -> list[tuple[int, int]]:
    """(first_year, per_visit_fen) of the sheet's rows, each year once."""
    problems = stager.problems
    if not stager.book.has(NAME):
        return []
    present, rows = stager.book.rows(SHEET_BY_NAME[NAME], problems)
    lacking = [c for c in ("first_year", "per_visit") if c not in present]
    if lacking:
        problems.add(NAME, None, ", ".join(lacking), "", _("the sheet needs the columns {columns}").format(
            columns=", ".join(lacking)))
        return []
    seen: dict[int, int] = {}
    staged = []
    for row, (year, fen) in rows:
        if BAD in (year, fen):
            continue
        if year in (None, ABSENT) or fen in (None, ABSENT):
            column = "first_year" if year in (None, ABSENT) else "per_visit"
            problems.add(NAME, row, column, "", _("{column} is required").format(column=column))
            continue
        if year in seen:
            problems.add(NAME, row, "first_year", year, _("the same first_year is on row {other}").format(other=seen[year]))
            continue
        seen[year] = row
        staged.append((year, fen))
    return staged


def write_rates(session, staged) -> tuple[int, int]:
    """(added, updated)"""
    added = updated = 0
    for year, fen in staged:
        rate = session.get(m.AllowanceRate, year)
        if rate is None:
            session.add(m.AllowanceRate(first_year=year, per_visit_fen=fen))
            added += 1
        elif rate.per_visit_fen != fen:
            rate.per_visit_fen = fen
            updated += 1
    session.flush()
    return added, updated
