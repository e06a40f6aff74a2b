"""Finalizing a year's assessment, and reopening it.

Finalizing keeps the figures every sheet of the year was scored from (the sheets as signed): from
then on the year's sheets are scored from them, so data recorded later does not change them, and
no score can be entered or cleared. Reopening needs a reason; both are kept (assessment_closures).
"""
from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from kjdesk.assessment.figures import Subject, subjects_for
from kjdesk.db.models import AssessmentClosure
from kjdesk.domain.errors import DomainError
from kjdesk.i18n import _

SHEETS = ("station", "bank")


def _last(session: Session, year: int) -> AssessmentClosure | None:
    return session.scalar(select(AssessmentClosure).where(AssessmentClosure.year == year)
                          .order_by(AssessmentClosure.id.desc()).limit(1))


def finalized(session: Session, year: int) -> AssessmentClosure | None:
    """The finalizing in force for the year, if it is finalized."""
    last = _last(session, year)
    return last if last is not None and last.action == "finalize" else None


def refuse_if_finalized(session: Session, year: int) -> None:
    closed = finalized(session, year)
    if closed is not None:
        raise DomainError(_("the {year} assessment was finalized by {by} on {on}; its sheets keep their signed "
                            "figures and take no entries (reopen the year, with a reason, to change them)").format(
            year=year, by=closed.by, on=closed.at.date().isoformat()))


def frozen_subjects(session: Session, sheet: str, year: int) -> list[Subject] | None:
    """The subjects as finalized, or None when the year is open."""
    closed = finalized(session, year)
    if closed is None:
        return None
    return [Subject(s["code"], s["name_zh"], s["name_en"], s["figures"], s["first_year"])
            for s in json.loads(closed.snapshot)[sheet]]


def finalize(session: Session, year: int, by: str, reason: str = "",
             at: dt.datetime | None = None) -> AssessmentClosure:
    """Finalize the year; the caller commits."""
    if not (by or "").strip():
        raise DomainError(_("say who finalizes the assessment"))
    refuse_if_finalized(session, year)
    snapshot = {sheet: [dict(code=s.code, name_zh=s.name_zh, name_en=s.name_en, figures=s.figures,
                             first_year=s.first_year) for s in subjects_for(session, sheet, year)]
                for sheet in SHEETS}
    row = AssessmentClosure(year=year, action="finalize", by=by.strip(), reason=(reason or "").strip(),
                            at=at or dt.datetime.now().replace(microsecond=0),
                            snapshot=json.dumps(snapshot, ensure_ascii=False))
    session.add(row)
    session.flush()
    return row


def reopen(session: Session, year: int, by: str, reason: str, at: dt.datetime | None = None) -> AssessmentClosure:
    """Reopen a finalized year: the sheets follow the data again. A reason is required; the caller commits."""
    if finalized(session, year) is None:
        raise DomainError(_("the {year} assessment is not finalized").format(year=year))
    if not (by or "").strip():
        raise DomainError(_("say who reopens the assessment"))
    if not (reason or "").strip():
        raise DomainError(_("reopening a finalized year needs a reason"))
    row = AssessmentClosure(year=year, action="reopen", by=by.strip(), reason=reason.strip(),
                            at=at or dt.datetime.now().replace(microsecond=0))
    session.add(row)
    session.flush()
    return row


def closures(session: Session, year: int) -> list[AssessmentClosure]:
    return list(session.scalars(select(AssessmentClosure).where(AssessmentClosure.year == year)
                                .order_by(AssessmentClosure.id)))
