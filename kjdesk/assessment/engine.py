"""Score a sheet for a year: figures from the database, the rubric's rules, the manager's entries
and adjustments, totals and the ranking. The result is plain data that the PDF, the workbook and
the JSON output render.

Rounding: each item's score is rounded half up to 0.01 (only rank bands can give more decimals,
e.g. 30 → 10 over ranks 7–10 steps by 20/3); the total is the sum of the rounded items, so a
printed sheet adds up.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kjdesk.assessment.closing import finalized, frozen_subjects
from kjdesk.assessment.describe import describe
from kjdesk.assessment.figures import subjects_for
from kjdesk.assessment.rubric import Item, Rubric, rubric_for
from kjdesk.assessment.rules import RULES, round_score
from kjdesk.db.models import ManualScore
from kjdesk.domain.ranking import competition_ranks
from kjdesk.i18n import current_language


@dataclass(frozen=True)
class Entry:
    """The latest stored manual score: the entry of a manual item, or the adjustment of a computed one."""
    score: Decimal
    reason: str
    by: str
    at: dt.datetime
    computed: Decimal | None = None   # the computed value when it was entered (None: not known or manual)
    rubric: str = ""


@dataclass
class ItemScore:
    item: Item
    computed: Decimal            # what the data (or, for a manual item, the entry) gives
    score: Decimal               # what counts: the adjustment if there is one
    shown: dict                  # the figures behind the score
    figure_text: str             # the same in words, in the sheet's language
    adjustment: Entry | None = None
    entry: Entry | None = None   # a manual item's entry (who entered it, when)
    missing: bool = False        # a manual item not entered (未录入): it counts 0 and the sheet is incomplete

    @property
    def moved(self) -> bool:
        """An adjustment whose computed value has changed since it was entered."""
        a = self.adjustment
        return a is not None and a.computed is not None and a.computed != self.computed


@dataclass
class SubjectScore:
    code: str
    name: str
    items: dict[str, ItemScore]
    total: Decimal = Decimal(0)
    rank: int = 0

    @property
    def complete(self) -> bool:
        return not any(s.missing for s in self.items.values())


@dataclass
class SheetResult:
    sheet: str
    year: int
    rubric: Rubric
    lang: str
    rows: list[SubjectScore] = field(default_factory=list)
    finalized: tuple[str, dt.datetime] | None = None   # (by, at) when the year is finalized


def stored_entries(session: Session, sheet: str, year: int) -> dict[tuple[str, str], Entry]:
    """(code, item) → the latest stored manual score or adjustment (none when it was cleared)."""
    rows = session.scalars(select(ManualScore).where(ManualScore.year == year, ManualScore.sheet == sheet)
                           .order_by(ManualScore.id))
    latest = {(r.code, r.item): r for r in rows}
    return {key: Entry(r.score, r.reason, r.by, r.at, r.computed, r.rubric)
            for key, r in latest.items() if r.score is not None}


def assess(session: Session, sheet: str, year: int, *, forms_dir: Path | None = None,
           lang: str | None = None) -> SheetResult:
    """Every station (``sheet="station"``) or bank (``"bank"``) scored for ``year``, best first."""
    lang = lang or current_language()
    rubric = rubric_for(sheet, year, forms_dir)
    frozen = frozen_subjects(session, sheet, year)
    subjects = frozen if frozen is not None else subjects_for(session, sheet, year)
    stored = stored_entries(session, sheet, year)
    figures = {s.code: s.figures for s in subjects}
    result = SheetResult(sheet, year, rubric, lang)
    if frozen is not None:
        closed = finalized(session, year)
        result.finalized = (closed.by, closed.at)
    rows = {s.code: SubjectScore(s.code, s.name_zh if lang == "zh_CN" else s.name_en, {}) for s in subjects}
    for item in rubric.items:
        rule = RULES[item.rule]
        entries = {code: e.score for (code, item_id), e in stored.items() if item_id == item.id and code in figures}
        outcomes = rule.score(figures, item.params, item.max, entries if rule.manual else {}, year=year)
        for code, outcome in outcomes.items():
            computed = min(round_score(outcome.score), item.max)  # no rule parameter can exceed the maximum
            stored_entry = stored.get((code, item.id))
            adjustment = stored_entry if stored_entry and not rule.manual else None
            rows[code].items[item.id] = ItemScore(
                item, computed, adjustment.score if adjustment else computed, outcome.shown,
                describe(item.rule, item.params, outcome.shown, lang), adjustment,
                stored_entry if rule.manual else None,
                missing=rule.manual and stored_entry is None and outcome.shown.get("grew") is not False)
    for row in rows.values():
        row.total = sum((s.score for s in row.items.values()), Decimal(0))
    ranks = competition_ranks({code: row.total for code, row in rows.items()})
    for code, row in rows.items():
        row.rank = ranks[code]
    result.rows = sorted(rows.values(), key=lambda r: (r.rank, r.code))
    return result


def score_text(value: Decimal) -> str:
    """A score as exact text without trailing zeros beyond the cents: 50, 46.67, 16.2."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def sheet_json(result: SheetResult) -> dict:
    """The ``kjdesk assess --format json`` document; scores are exact decimal strings."""
    rows = []
    for row in result.rows:
        rows.append({
            "code": row.code,
            "name": row.name,
            "items": {i: None if s.missing else score_text(s.score) for i, s in row.items.items()},
            "figures": {i: _json_shown(s) for i, s in row.items.items()},
            "adjusted": {i: {"computed": score_text(s.computed), "reason": s.adjustment.reason,
                             "by": s.adjustment.by, "at": s.adjustment.at.isoformat(timespec="seconds"),
                             "computed_when_adjusted": None if s.adjustment.computed is None
                             else score_text(s.adjustment.computed), "moved": s.moved}
                         for i, s in row.items.items() if s.adjustment},
            "total": score_text(row.total),
            "rank": row.rank,
            "complete": row.complete,
        })
    closed = result.finalized
    return {"sheet": result.sheet, "year": result.year,
            "finalized": None if closed is None else {"by": closed[0], "at": closed[1].isoformat(timespec="seconds")},
            "rubric": {"id": result.rubric.id, "first_year": result.rubric.first_year},
            "rows": rows}


def _json_shown(s: ItemScore) -> dict:
    shown = {k: (format(v, "f") if isinstance(v, Decimal) else v) for k, v in s.shown.items()}
    if "approved_fen" in shown:  # money is shown in 万元, as everywhere else in the documents
        from kjdesk.domain.money import fen_to_wan_str

        shown["approved_wan"] = fen_to_wan_str(shown.pop("approved_fen"))
    if s.entry:
        shown.update(entered_by=s.entry.by, entered_at=s.entry.at.isoformat(timespec="seconds"))
    return shown
