"""Settings stored in the database itself, so they travel with the file."""
from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from kjdesk.db.models import Setting

WORKING_DATE = "working_date"


def get_setting(session: Session, key: str) -> str | None:
    row = session.get(Setting, key)
    return row.value if row else None


def set_setting(session: Session, key: str, value: str | None) -> None:
    row = session.get(Setting, key)
    if value is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
    session.flush()


def working_date(session: Session, today: dt.date | None = None) -> dt.date:
    """The day the work list counts to by default: the database's working date if it has one
    (a demo data set is frozen on its own "today"), otherwise the real today."""
    stored = get_setting(session, WORKING_DATE)
    return dt.date.fromisoformat(stored) if stored else (today or dt.date.today())
