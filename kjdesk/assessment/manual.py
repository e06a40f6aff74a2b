"""The manager's scores: entries of manual items and adjustments of computed ones (manual_scores).

They are a history: every entry (and every clearing) is a new row, never an update, keeping the
computed value and the rubric at the time; the latest counts. The exchange workbook's
``manual_scores`` sheet feeds the same store: its rows go through ``check_manual_score`` like
``kjdesk score set`` does. Nothing is entered on a finalized year.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kjdesk.assessment.closing import refuse_if_finalized
from kjdesk.assessment.rubric import SHEETS, rubric_for
from kjdesk.assessment.rules import RULES
from kjdesk.db.models import Bank, ManualScore, Station
from kjdesk.domain.errors import DomainError
from kjdesk.services.users import require
from kjdesk.i18n import _

_CENT = Decimal("0.01")


def parse_score(value) -> Decimal:
    """A score as an exact Decimal with at most two decimals (floats are refused: not exact)."""
    if isinstance(value, (float, bool)):
        raise DomainError(_("score {value} is not exact; write it as a decimal number").format(value=value))
    try:
        score = Decimal(str(value).strip())
    except InvalidOperation:
        raise DomainError(_("“{value}” is not a score").format(value=value)) from None
    if not score.is_finite():
        raise DomainError(_("“{value}” is not a score").format(value=value))
    if score != score.quantize(_CENT):
        raise DomainError(_("score {value} has more than two decimals").format(value=value))
    return score


def check_manual_score(session: Session, year: int, sheet: str, code: str, item_id: str, score,
                       reason: str, *, forms_dir: Path | None = None) -> Decimal:
    """The score, checked: the item is on the rubric in force, the station or bank exists, the
    score is within 0..max, an adjustment of a computed item gives its reason, and the year is
    not finalized."""
    refuse_if_finalized(session, year)
    if sheet not in SHEETS:
        raise DomainError(_("sheet “{sheet}” is neither “station” nor “bank”").format(sheet=sheet))
    rubric = rubric_for(sheet, year, forms_dir)
    item = rubric.item(item_id)
    if item is None:
        raise DomainError(_("the {sheet} sheet in force for {year} ({rubric}) has no item “{item}”; its items are {items}")
                          .format(sheet=sheet, year=year, rubric=rubric.id, item=item_id,
                                  items=", ".join(i.id for i in rubric.items)))
    model = Station if sheet == "station" else Bank
    if session.scalar(select(model.id).where(model.code == code)) is None:
        raise DomainError(_("there is no {sheet} with the code “{code}”").format(sheet=sheet, code=code))
    value = parse_score(score)
    if not Decimal(0) <= value <= item.max:
        raise DomainError(_("the score of “{item}” must be between 0 and {max}, not {value}").format(
            item=item_id, max=item.max, value=value))
    if not RULES[item.rule].manual and not (reason or "").strip():
        raise DomainError(_("“{item}” is computed from the data; an adjustment needs a reason").format(item=item_id))
    return value


def latest(session: Session, year: int, sheet: str, code: str, item_id: str) -> ManualScore | None:
    return session.scalar(select(ManualScore).where(
        ManualScore.year == year, ManualScore.sheet == sheet, ManualScore.code == code, ManualScore.item == item_id)
        .order_by(ManualScore.id.desc()).limit(1))


def _computed_now(session: Session, year: int, sheet: str, code: str, item_id: str, forms_dir) -> Decimal | None:
    """The value the data gives the item now (None for a manual item: the entry is the value)."""
    from kjdesk.assessment.engine import assess

    result = assess(session, sheet, year, forms_dir=forms_dir)
    row = next(r for r in result.rows if r.code == code)
    scored = row.items[item_id]
    return None if RULES[scored.item.rule].manual else scored.computed


def set_score(session: Session, year: int, sheet: str, code: str, item_id: str, score, reason: str, by: str,
              *, at: dt.datetime | None = None, forms_dir: Path | None = None) -> ManualScore:
    """Add an entry to the item's history (with the computed value and rubric now); the caller commits."""
    require(session, "assess")
    if not (by or "").strip():
        raise DomainError(_("say who enters the score"))
    value = check_manual_score(session, year, sheet, code, item_id, score, reason, forms_dir=forms_dir)
    row = ManualScore(year=year, sheet=sheet, code=code, item=item_id, score=value, reason=(reason or "").strip(),
                      by=by.strip(), at=at or dt.datetime.now().replace(microsecond=0),
                      computed=_computed_now(session, year, sheet, code, item_id, forms_dir),
                      rubric=rubric_for(sheet, year, forms_dir).id)
    session.add(row)
    session.flush()
    return row


def clear_score(session: Session, year: int, sheet: str, code: str, item_id: str, *, by: str = "",
                reason: str = "", forms_dir: Path | None = None) -> ManualScore:
    """Clear the entry (the item goes back to its computed value, or to not entered): a history row
    without a score, so what was entered before stays on record."""
    require(session, "assess")
    refuse_if_finalized(session, year)
    current = latest(session, year, sheet, code, item_id)
    if current is None or current.score is None:
        raise DomainError(_("no score is stored for {code}, “{item}”, {year}").format(
            code=code, item=item_id, year=year))
    row = ManualScore(year=year, sheet=sheet, code=code, item=item_id, score=None, reason=(reason or "").strip(),
                      by=(by or "").strip(), at=dt.datetime.now().replace(microsecond=0),
                      computed=_computed_now(session, year, sheet, code, item_id, forms_dir),
                      rubric=rubric_for(sheet, year, forms_dir).id)
    session.add(row)
    session.flush()
    return row


def history(session: Session, year: int) -> list[ManualScore]:
    """Every entry of the year, oldest first."""
    return list(session.scalars(select(ManualScore).where(ManualScore.year == year).order_by(ManualScore.id)))
