"""One loan case as plain data (codes, 万元 text, ISO dates), for the command line and any other
reader that wants the case rather than a screen of it."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kjdesk.db.models import Application, ReviewMeeting, Specialist
from kjdesk.domain.errors import DomainError
from kjdesk.domain.money import fen_to_wan_str
from kjdesk.i18n import _


def application_by_ref(session: Session, ref: str) -> Application:
    app = session.scalar(select(Application).where(Application.ref == ref))
    if app is None:
        raise DomainError(_("there is no application {ref}").format(ref=ref))
    return app


def specialist_id(session: Session, code: str) -> int:
    found = session.scalar(select(Specialist.id).where(Specialist.code == code))
    if found is None:
        raise DomainError(_("unknown specialist code “{code}”").format(code=code))
    return found


def meeting_by_code(session: Session, code: str) -> ReviewMeeting:
    meeting = session.scalar(select(ReviewMeeting).where(ReviewMeeting.code == code))
    if meeting is None:
        raise DomainError(_("unknown review meeting code “{code}”").format(code=code))
    return meeting


def _wan(fen: int | None) -> str | None:
    return None if fen is None else fen_to_wan_str(fen)


def case_record(session: Session, ref: str) -> dict:
    """The case ``ref``: station, product, status and bank as codes, its events oldest first."""
    app = application_by_ref(session, ref)
    events = [{"date": e.date.isoformat(), "type": e.type, "bank": e.bank.code if e.bank else None,
               "amount": _wan(e.amount_fen), "specialist": e.specialist.code if e.specialist else None,
               "note": e.note or ""} for e in sorted(app.events, key=lambda e: (e.date, e.seq))]
    return {"ref": app.ref, "station": app.station.code if app.station else None, "product": app.product_code,
            "status": app.status, "bank": app.bank.code if app.bank else None, "events": events}
