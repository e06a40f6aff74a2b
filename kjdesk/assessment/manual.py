"""The manager's scores: entries of manual items and adjustments of computed ones (manual_scores).

The exchange workbook's ``manual_scores`` sheet feeds the same store: its rows go through
``check_manual_score`` like ``kjdesk score set`` does.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kjdesk.assessment.rubric import SHEETS, rubric_for
from kjdesk.assessment.rules import RULES
from kjdesk.db.models import Bank, ManualScore, Station
from kjdesk.domain.errors import DomainError
from kjdesk.i18n import _
from kjdesk.services.users import require

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
    score is within 0..max, and an adjustment of a computed item gives its reason."""
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


def set_score(session: Session, year: int, sheet: str, code: str, item_id: str, score, reason: str, by: str,
              *, at: dt.datetime | None = None, forms_dir: Path | None = None) -> ManualScore:
    """Store (or replace) a manual score or adjustment; the caller commits."""
    require(session, "assess")
    if not (by or "").strip():
        raise DomainError(_("say who enters the score"))
    value = check_manual_score(session, year, sheet, code, item_id, score, reason, forms_dir=forms_dir)
    row = session.scalar(select(ManualScore).where(ManualScore.year == year, ManualScore.sheet == sheet,
                                                   ManualScore.code == code, ManualScore.item == item_id))
    if row is None:
        row = ManualScore(year=year, sheet=sheet, code=code, item=item_id)
        session.add(row)
    row.score, row.reason, row.by = value, (reason or "").strip(), by.strip()
    row.at = at or dt.datetime.now().replace(microsecond=0)
    session.flush()
    return row


def clear_score(session: Session, year: int, sheet: str, code: str, item_id: str) -> None:
    """Remove a manual score or adjustment: the item goes back to its computed value."""
    require(session, "assess")
    row = session.scalar(select(ManualScore).where(ManualScore.year == year, ManualScore.sheet == sheet,
                                                   ManualScore.code == code, ManualScore.item == item_id))
    if row is None:
        raise DomainError(_("no score is stored for {code}, “{item}”, {year}").format(
            code=code, item=item_id, year=year))
    session.delete(row)
    session.flush()
