"""The register: enterprises and loan applications, the choices the forms offer, one case's file."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from kjdesk.db.models import (Application, Bank, District, Enterprise, Event, Product, ReviewMeeting, Specialist,
                              Station)
from kjdesk.db.sql import contains
from kjdesk.domain.creditcode import normalize_credit_code
from kjdesk.domain.errors import DomainError
from kjdesk.domain.path import PERFORMANCE_PATH, ProductPath
from kjdesk.domain.reference import QUALIFICATION_CODES
from kjdesk.domain.timeline import EventType, Status, may_delete
from kjdesk.i18n import _, current_language
from kjdesk.services.cases import product_path, record_event
from kjdesk.services.settings import working_date
from kjdesk.services.users import require


@dataclass(frozen=True)
class LabelledChoice:
    """One entry of a combo box: the key the service wants back and the label the user reads.

    The label is already in the chosen language; the lists' queries.Choice keeps both names instead.
    """
    key: object
    label: str


def _name(zh: str, en: str, lang: str | None) -> str:
    return zh if (lang or current_language()) == "zh_CN" or not en else en


def districts(session: Session, lang: str | None = None) -> list[LabelledChoice]:
    """Districts in the center's order (District.report_order), the order of its tables and the lists' filter."""
    rows = session.execute(select(District.code, District.name_zh, District.name_en)
                           .order_by(District.report_order, District.code))
    return [LabelledChoice(code, _name(zh, en, lang)) for code, zh, en in rows]


def products(session: Session, lang: str | None = None) -> list[LabelledChoice]:
    rows = session.execute(select(Product.code, Product.name_zh, Product.name_en))
    return [LabelledChoice(code, _name(zh, en, lang)) for code, zh, en in rows]


def stations(session: Session, lang: str | None = None, active_only: bool = True) -> list[LabelledChoice]:
    stmt = select(Station.id, Station.name_zh, Station.name_en).order_by(Station.code)
    if active_only:
        stmt = stmt.where(Station.status == "active")
    return [LabelledChoice(id_, _name(zh, en, lang)) for id_, zh, en in session.execute(stmt)]


def specialists(session: Session, station_id: int | None = None) -> list[LabelledChoice]:
    """Specialists (of one station, if given), by name."""
    stmt = select(Specialist.id, Specialist.name).order_by(Specialist.name, Specialist.code)
    if station_id is not None:
        stmt = stmt.where(Specialist.station_id == station_id)
    return [LabelledChoice(id_, name) for id_, name in session.execute(stmt)]


def banks(session: Session, lang: str | None = None) -> list[LabelledChoice]:
    """Banks keyed by code (the timeline names banks by code), labelled with name and code."""
    rows = session.execute(select(Bank.code, Bank.name_zh, Bank.name_en).order_by(Bank.code))
    return [LabelledChoice(code, f"{_name(zh, en, lang)} ({code})") for code, zh, en in rows]


def meetings(session: Session, on_or_after: dt.date | None = None,
             date_text: Callable[[dt.date], str] = dt.date.isoformat) -> list[LabelledChoice]:
    """Review meetings, latest first, labelled "code (date)" with ``date_text`` (a screen passes its
    language's format); a decision cannot be dated before the case's last event."""
    stmt = select(ReviewMeeting.id, ReviewMeeting.code, ReviewMeeting.date).order_by(
        ReviewMeeting.date.desc(), ReviewMeeting.id.desc())
    if on_or_after is not None:
        stmt = stmt.where(ReviewMeeting.date >= on_or_after)
    return [LabelledChoice(id_, f"{code} ({date_text(date)})") for id_, code, date in session.execute(stmt)]


def last_complete_year(session: Session) -> int | None:
    """The year a statistics screen opens on: the last year before the working date's year that has
    events (the working date's own year is still partial); None when no earlier year has any."""
    this_year = working_date(session).year
    latest = session.scalar(select(func.max(Event.date)).where(Event.date < dt.date(this_year, 1, 1)))
    return latest.year if latest else None


def search_enterprises(session: Session, text: str, limit: int = 50) -> list[LabelledChoice]:
    """Enterprises whose name or credit code contains ``text``, by name."""
    stmt = select(Enterprise.id, Enterprise.name, Enterprise.credit_code).order_by(Enterprise.name).limit(limit)
    text = text.strip()
    if text:
        stmt = stmt.where(or_(contains(Enterprise.name, text), contains(Enterprise.credit_code, text.upper())))
    return [LabelledChoice(id_, f"{name} ({code})") for id_, name, code in session.execute(stmt)]


def _clean_enterprise(session: Session, *, credit_code: str, name: str, district_code: str,
                      qualifications: list[str] | tuple[str, ...]) -> tuple[str, str, str]:
    code = normalize_credit_code(credit_code)
    name = name.strip()
    if not name:
        raise DomainError(_("the enterprise needs a name"))
    if session.get(District, district_code) is None:
        raise DomainError(_("unknown district “{district}”").format(district=district_code))
    unknown = sorted(set(qualifications) - QUALIFICATION_CODES)
    if unknown:
        raise DomainError(_("unknown qualification “{code}”").format(code=unknown[0]))
    return code, name, ",".join(sorted(set(qualifications)))


def create_enterprise(session: Session, *, credit_code: str, name: str, district_code: str, park: str = "",
                      founded: dt.date | None = None, qualifications=()) -> Enterprise:
    """Register an enterprise; its credit code must be valid and not registered yet."""
    require(session, "register_enterprise")
    code, name, quals = _clean_enterprise(session, credit_code=credit_code, name=name,
                                          district_code=district_code, qualifications=qualifications)
    existing = session.scalar(select(Enterprise).where(Enterprise.credit_code == code))
    if existing is not None:
        raise DomainError(_("credit code {code} is already registered, for {name}").format(
            code=code, name=existing.name))
    enterprise = Enterprise(credit_code=code, name=name, district_code=district_code, park=park.strip(),
                            founded=founded, qualifications=quals)
    session.add(enterprise)
    session.flush()
    return enterprise


def update_enterprise(session: Session, enterprise_id: int, *, credit_code: str, name: str, district_code: str,
                      park: str = "", founded: dt.date | None = None, qualifications=()) -> Enterprise:
    require(session, "register_enterprise")
    enterprise = session.get(Enterprise, enterprise_id)
    if enterprise is None:
        raise DomainError(_("no enterprise with id {id}").format(id=enterprise_id))
    code, name, quals = _clean_enterprise(session, credit_code=credit_code, name=name,
                                          district_code=district_code, qualifications=qualifications)
    other = session.scalar(select(Enterprise).where(Enterprise.credit_code == code, Enterprise.id != enterprise_id))
    if other is not None:
        raise DomainError(_("credit code {code} is already registered, for {name}").format(
            code=code, name=other.name))
    enterprise.credit_code, enterprise.name, enterprise.district_code = code, name, district_code
    enterprise.park, enterprise.founded, enterprise.qualifications = park.strip(), founded, quals
    session.flush()
    return enterprise


@dataclass(frozen=True)
class EnterpriseRecord:
    id: int
    credit_code: str
    name: str
    district_code: str
    park: str
    founded: dt.date | None
    qualifications: tuple[str, ...]


def enterprise_record(session: Session, enterprise_id: int) -> EnterpriseRecord:
    ent = session.get(Enterprise, enterprise_id)
    if ent is None:
        raise DomainError(_("no enterprise with id {id}").format(id=enterprise_id))
    return EnterpriseRecord(ent.id, ent.credit_code, ent.name, ent.district_code, ent.park, ent.founded,
                            tuple(filter(None, ent.qualifications.split(","))))


# The network's reference prefixes by product (LY20170001 is a 科技履约贷 case of 2017), as its
# ledgers and the demo data use them; a product added as data numbers under KJ.
REF_PREFIX = {"performance_loan": "LY", "little_giant_credit": "XJR", "micro_loan": "WD", "venture_loan": "CT"}
OTHER_PREFIX = "KJ"


def ref_prefix(product_code: str) -> str:
    """The letters a product's references start with (the demo numbers its cases by this too)."""
    return REF_PREFIX.get(product_code, OTHER_PREFIX)


def next_ref(session: Session, product_code: str, year: int) -> str:
    """The next reference of a product and year: LY20180181 after LY20180180."""
    prefix = f"{ref_prefix(product_code)}{year}"
    refs = session.scalars(select(Application.ref).where(Application.ref.like(prefix + "%"))
                           .order_by(func.length(Application.ref).desc(), Application.ref.desc()))
    last = next((int(ref[len(prefix):]) for ref in refs if ref[len(prefix):].isdigit()), 0)
    return f"{prefix}{last + 1:04d}"


def create_application(session: Session, *, enterprise_id: int, product_code: str, submitted_on: dt.date,
                       station_id: int | None = None, specialist_id: int | None = None,
                       requested_fen: int | None = None, first_bank_loan: bool = False,
                       ref: str | None = None) -> Application:
    """A new loan application and its ``submitted`` event."""
    require(session, "work_case", station_id)
    if session.get(Enterprise, enterprise_id) is None:
        raise DomainError(_("choose the enterprise that applies"))
    if session.get(Product, product_code) is None:
        raise DomainError(_("unknown product “{product}”").format(product=product_code))
    if specialist_id is not None:
        specialist = session.get(Specialist, specialist_id)
        if specialist is None:
            raise DomainError(_("no specialist with id {id}").format(id=specialist_id))
        if station_id is not None and specialist.station_id != station_id:
            raise DomainError(_("specialist {name} does not work at the chosen station").format(name=specialist.name))
    if requested_fen is not None and requested_fen < 0:
        raise DomainError(_("the requested amount may not be negative"))
    ref = (ref or "").strip() or next_ref(session, product_code, submitted_on.year)
    if session.scalar(select(Application.id).where(Application.ref == ref)) is not None:
        raise DomainError(_("reference {ref} is already used").format(ref=ref))
    app = Application(ref=ref, enterprise_id=enterprise_id, product_code=product_code, station_id=station_id,
                      specialist_id=specialist_id, requested_fen=requested_fen, first_bank_loan=first_bank_loan)
    session.add(app)
    session.flush()
    record_event(session, app.id, EventType.SUBMITTED, submitted_on, specialist_id=specialist_id)
    return app


@dataclass(frozen=True)
class TimelineRow:
    seq: int
    date: dt.date
    type: EventType
    bank_code: str | None
    bank: str
    amount_fen: int | None
    who: str
    note: str


@dataclass(frozen=True)
class CaseFile:
    """What the case view shows of one application."""
    id: int
    ref: str
    enterprise_id: int
    enterprise: str
    credit_code: str
    district: str
    product: str
    station_id: int | None
    station: str
    specialist: str
    specialist_id: int | None
    requested_fen: int | None
    first_bank_loan: bool
    status: Status | None
    bank_code: str | None
    bank: str
    bank_since: dt.date | None
    last_event_on: dt.date | None
    timeline: list[TimelineRow]
    path: ProductPath = PERFORMANCE_PATH  # the product's steps before the recommendation

    @property
    def deletable(self) -> bool:
        """Taken by mistake and not yet decided on by anyone: it may be deleted (services.cases)."""
        return may_delete(self.status)

    def latest_amount(self, *types: EventType) -> int | None:
        """The amount on the latest event of one of ``types`` (to propose it again)."""
        for row in reversed(self.timeline):
            if row.type in types and row.amount_fen is not None:
                return row.amount_fen
        return None


def case_file(session: Session, app_id: int, lang: str | None = None) -> CaseFile:
    app = session.get(Application, app_id)
    if app is None:
        raise DomainError(_("no application with id {id}").format(id=app_id))
    ent = app.enterprise
    district = session.get(District, ent.district_code)
    product = session.get(Product, app.product_code)
    rows = []
    for e in sorted(app.events, key=lambda e: (e.date, e.seq)):
        who = e.specialist.name if e.specialist else ""
        if e.meeting is not None:
            who = _("review meeting {code}").format(code=e.meeting.code)
        rows.append(TimelineRow(e.seq, e.date, EventType(e.type), e.bank.code if e.bank else None,
                                _name(e.bank.name_zh, e.bank.name_en, lang) if e.bank else "",
                                e.amount_fen, who, e.note))
    return CaseFile(
        id=app.id, ref=app.ref, enterprise_id=ent.id, enterprise=ent.name, credit_code=ent.credit_code,
        district=_name(district.name_zh, district.name_en, lang) if district else ent.district_code,
        product=_name(product.name_zh, product.name_en, lang) if product else app.product_code,
        station_id=app.station_id, station=_name(app.station.name_zh, app.station.name_en, lang) if app.station else "",
        specialist=app.specialist.name if app.specialist else "", specialist_id=app.specialist_id,
        requested_fen=app.requested_fen, first_bank_loan=app.first_bank_loan,
        status=Status(app.status) if app.status else None,
        bank_code=app.bank.code if app.bank else None,
        bank=_name(app.bank.name_zh, app.bank.name_en, lang) if app.bank else "",
        bank_since=app.bank_since, last_event_on=app.last_event_on, timeline=rows,
        path=product_path(session, app.product_code))
