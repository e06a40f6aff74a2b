"""What the database already holds that a workbook's rows may name: codes → ids, and the reference
tables (districts, products, subsidy programs) with the names each may be written by."""
from __future__ import annotations

from sqlalchemy import select

from kjdesk.db import models as m
from kjdesk.domain.reference import ACTIVITY_TYPES, QUALIFICATIONS, SUBSIDY_STATUSES
from kjdesk.domain.timeline import EVENT_LABELS, EventType
from kjdesk.i18n import translate
from kjdesk.services.cases import product_paths
from kjdesk.services.subsidy_programs import as_program


def _key(text: str) -> str:
    return str(text).strip().lower().replace("'", "").replace(" ", "")


def _names(pairs) -> dict[str, str]:
    """Lookup key → code for rows of (code, name, name, …)."""
    table: dict[str, str] = {}
    for code, *names in pairs:
        for name in (code, *names):
            if name:
                table.setdefault(_key(name), code)
    return table


def _labelled(codes_and_labels) -> dict[str, str]:
    """Codes with their English label and its Chinese translation as aliases."""
    return _names((code, label, translate(label, "zh_CN")) for code, label in codes_and_labels)


EVENT_TYPES = {key: EventType(code) for key, code in _labelled((t.value, EVENT_LABELS[t]) for t in EventType).items()}
ACTIVITY_KEYS = _labelled(ACTIVITY_TYPES.items())
SUBSIDY_STATUS_KEYS = _labelled(SUBSIDY_STATUSES.items())
QUALIFICATION_KEYS = _names((q.code, q.name_zh, q.name_en) for q in QUALIFICATIONS)


def lookup(table: dict[str, str], text: str) -> str | None:
    return table.get(_key(text))


class Known:
    """Codes already in the database (code → id), read once at the start of an import."""

    def __init__(self, session):
        ex = session.execute
        self.stations = dict(ex(select(m.Station.code, m.Station.id)).all())
        self.specialists = dict(ex(select(m.Specialist.code, m.Specialist.id)).all())
        self.banks = dict(ex(select(m.Bank.code, m.Bank.id)).all())
        self.enterprises = dict(ex(select(m.Enterprise.credit_code, m.Enterprise.id)).all())
        self.meetings = dict(ex(select(m.ReviewMeeting.code, m.ReviewMeeting.id)).all())
        self.meeting_dates = {code: day for code, day in ex(select(m.ReviewMeeting.code, m.ReviewMeeting.date))}
        self.applications = dict(ex(select(m.Application.ref, m.Application.id)).all())
        self.subsidies = dict(ex(select(m.SubsidyCase.ref, m.SubsidyCase.id)).all())
        self.users = dict(ex(select(m.User.name, m.User.id)).all())
        self.districts = _names(ex(select(m.District.code, m.District.name_zh, m.District.name_en)).all())
        self.district_zh = dict(ex(select(m.District.code, m.District.name_zh)).all())
        self.products = _names(ex(select(m.Product.code, m.Product.name_zh, m.Product.name_en)).all())
        self.paths = product_paths(session)  # updated by the products sheet
        self.programs = {p.code: as_program(p) for p in session.scalars(select(m.SubsidyProgram))}
        self.program_keys = _names(ex(select(m.SubsidyProgram.code, m.SubsidyProgram.name_zh,
                                             m.SubsidyProgram.name_en)).all())

    def ids(self, table: str) -> dict[str, int]:
        return getattr(self, table)
