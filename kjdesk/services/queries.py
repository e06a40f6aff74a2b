"""The case and enterprise lists: ids matching filters in one sorted query, rows fetched by page.

The UI's table models hold only the ids (one query, filtering and sorting done by SQLite) and ask
for the rows of the few hundred ids on screen, so 200,000 cases open as fast as 200.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Sequence

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from kjdesk.db.models import Application, Bank, District, Enterprise, Product, Station
from kjdesk.db.sql import contains, starts_with
from kjdesk.domain.reference import PRODUCTS
from kjdesk.i18n import current_language


@dataclass(frozen=True)
class Choice:
    """One entry of a filter: the stored key and its names in both languages."""
    key: str | int
    name_zh: str
    name_en: str

    def name(self, lang: str | None = None) -> str:
        return self.name_zh if (lang or current_language()) == "zh_CN" else (self.name_en or self.name_zh)


@dataclass(frozen=True)
class CaseFilter:
    status: str | None = None
    product: str | None = None
    station_id: int | None = None
    bank_id: int | None = None
    district: str | None = None
    year: int | None = None          # year of submission
    search: str = ""                 # enterprise name, credit code or reference


@dataclass(frozen=True)
class CaseRow:
    id: int
    ref: str
    enterprise: str
    credit_code: str
    product: Choice
    status: str | None
    station: Choice | None
    bank: Choice | None
    district: Choice
    submitted_on: dt.date | None
    requested_fen: int | None
    bank_since: dt.date | None
    last_event_on: dt.date | None


@dataclass(frozen=True)
class EnterpriseFilter:
    district: str | None = None
    qualification: str | None = None
    search: str = ""                 # name or credit code


@dataclass(frozen=True)
class EnterpriseRow:
    id: int
    name: str
    credit_code: str
    district: Choice
    park: str
    founded: dt.date | None
    qualifications: tuple[str, ...]
    applications: int


# Sort keys the lists offer, and the SQL each sorts by (the id breaks ties, so pages are stable).
CASE_SORTS: dict[str, ColumnElement] = {
    "ref": Application.ref,
    "enterprise": Enterprise.name,
    "product": Application.product_code,
    "status": Application.status,
    "station": Application.station_id,
    "bank": Application.bank_id,
    "district": Enterprise.district_code,
    "submitted": Application.submitted_on,
    "requested": Application.requested_fen,
    "bank_since": Application.bank_since,
    "last_event": Application.last_event_on,
}
ENTERPRISE_SORTS: dict[str, ColumnElement] = {
    "name": Enterprise.name,
    "credit_code": Enterprise.credit_code,
    "district": Enterprise.district_code,
    "park": Enterprise.park,
    "founded": Enterprise.founded,
}


def like_pattern(text: str) -> str:
    """``text`` as a LIKE pattern matching anywhere, its own % and _ taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _name_or_code(text: str) -> ColumnElement[bool]:
    """Enterprises by a part of their name, or by the start of their credit code."""
    # Codes and references match from their start, which their unique indexes answer at once
    # (kjdesk.db.sql.starts_with is case-sensitive and so may use them).
    return or_(contains(Enterprise.name, text), starts_with(Enterprise.credit_code, text.upper()))


# Above this many matching enterprises (or ten times as many references: those come from one
# index range), scanning the cases beats looking each match up.
BROAD_SEARCH = 2000


def _case_select(f: CaseFilter, sort: str | None = None, matches: _SearchMatches | None = None) -> Select:
    # Filters on the enterprise go through "enterprise_id IN (…)" rather than a join: joining
    # 200,000 cases to their enterprises costs several times the query itself. Only sorting by an
    # enterprise column needs the join.
    stmt = select(Application.id)
    if sort in ("enterprise", "district"):
        stmt = stmt.join(Enterprise, Enterprise.id == Application.enterprise_id)
    if f.status:
        stmt = stmt.where(Application.status == f.status)
    if f.product:
        stmt = stmt.where(Application.product_code == f.product)
    if f.station_id is not None:
        stmt = stmt.where(Application.station_id == f.station_id)
    if f.bank_id is not None:
        stmt = stmt.where(Application.bank_id == f.bank_id)
    if f.district:
        stmt = stmt.where(Application.enterprise_id.in_(
            select(Enterprise.id).where(Enterprise.district_code == f.district)))
    if f.year is not None:
        stmt = stmt.where(Application.submitted_on.between(dt.date(f.year, 1, 1), dt.date(f.year, 12, 31)))
    text = f.search.strip()
    if text:
        if matches is not None and not matches.broad:
            # A narrow search: the few matching enterprises, each one's cases through the index.
            enterprise, ref = Application.enterprise_id.in_(matches.enterprises), Application.ref
        else:
            # A broad search ("上海" is in nearly every name) is answered fastest by one scan of
            # the cases; "+ 0" and "|| ''" keep SQLite from looking up each match through an index.
            enterprise = (Application.enterprise_id + 0).in_(select(Enterprise.id).where(_name_or_code(text)))
            ref = Application.ref + ""
        stmt = stmt.where(or_(enterprise, starts_with(ref, text), starts_with(ref, text.upper())))
    return stmt


@dataclass(frozen=True)
class _SearchMatches:
    broad: bool
    enterprises: list[int]        # the matching enterprises' ids, when not broad


def _search_matches(session: Session, text: str) -> _SearchMatches:
    """How much a search matches: the enterprises it names (read once, at most BROAD_SEARCH of
    them) and whether so many enterprises or references match that a scan is faster."""
    enterprises = fetch_ids(session, select(Enterprise.id).where(_name_or_code(text)).limit(BROAD_SEARCH + 1))
    if len(enterprises) > BROAD_SEARCH:
        return _SearchMatches(True, [])
    refs = or_(starts_with(Application.ref, text), starts_with(Application.ref, text.upper()))
    limit = 10 * BROAD_SEARCH
    many_refs = session.scalar(select(func.count()).select_from(
        select(Application.id).where(refs).limit(limit + 1).subquery())) > limit
    return _SearchMatches(many_refs, enterprises)


def case_ids(session: Session, f: CaseFilter = CaseFilter(), sort: str = "submitted",
             descending: bool = True) -> list[int]:
    """Ids of the cases matching ``f``, sorted by ``sort`` (a key of CASE_SORTS)."""
    column = CASE_SORTS[sort]
    order = column.desc() if descending else column.asc()
    tie = Application.id.desc() if descending else Application.id.asc()
    text = f.search.strip()
    matches = _search_matches(session, text) if text else None
    return fetch_ids(session, _case_select(f, sort, matches).order_by(order, tie))


def case_count(session: Session, f: CaseFilter = CaseFilter()) -> int:
    return session.scalar(select(func.count()).select_from(_case_select(f).subquery()))


def fetch_ids(session: Session, stmt: Select) -> list[int]:
    """The first column of ``stmt``'s rows: a list's ids."""
    # Straight from the driver: going through the ORM result machinery costs more than the
    # query itself at 200,000 ids.
    dialect = session.get_bind().dialect
    if dialect.name != "sqlite":
        return list(session.execute(stmt).scalars())
    compiled = stmt.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    # SQLAlchemy stores SQLite dates as ISO text; bind them the same way.
    positional = [_sqlite_value(params[name]) for name in compiled.positiontup or ()]
    cursor = session.connection().connection.driver_connection.execute(str(compiled), positional)
    return [row[0] for row in cursor.fetchall()]


def _sqlite_value(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def case_rows(session: Session, ids: Sequence[int]) -> dict[int, CaseRow]:
    """The list rows of these cases, by id (one query for the lot)."""
    if not ids:
        return {}
    stmt = (select(Application.id, Application.ref, Enterprise.name, Enterprise.credit_code,
                   Product.code, Product.name_zh, Product.name_en, Application.status,
                   Station.id, Station.name_zh, Station.name_en, Bank.id, Bank.name_zh, Bank.name_en,
                   District.code, District.name_zh, District.name_en,
                   Application.submitted_on, Application.requested_fen, Application.bank_since,
                   Application.last_event_on)
            .join(Enterprise, Enterprise.id == Application.enterprise_id)
            .join(Product, Product.code == Application.product_code)
            .join(District, District.code == Enterprise.district_code)
            .outerjoin(Station, Station.id == Application.station_id)
            .outerjoin(Bank, Bank.id == Application.bank_id)
            .where(Application.id.in_(list(ids))))
    rows = {}
    for (app_id, ref, ent, code, pcode, pzh, pen, status, sid, szh, sen, bid, bzh, ben, dcode, dzh, den,
         submitted, requested, since, last) in session.execute(stmt):
        rows[app_id] = CaseRow(
            app_id, ref, ent, code, Choice(pcode, pzh, pen), status,
            Choice(sid, szh, sen) if sid is not None else None,
            Choice(bid, bzh, ben) if bid is not None else None,
            Choice(dcode, dzh, den), submitted, requested, since, last)
    return rows


def _enterprise_select(f: EnterpriseFilter) -> Select:
    stmt = select(Enterprise.id)
    if f.district:
        stmt = stmt.where(Enterprise.district_code == f.district)
    if f.qualification:
        # qualifications is a sorted comma-separated list of codes; match a whole code.
        stmt = stmt.where(("," + Enterprise.qualifications + ",").like(like_pattern("," + f.qualification + ","),
                                                                       escape="\\"))
    text = f.search.strip()
    if text:
        stmt = stmt.where(_name_or_code(text))
    return stmt


def enterprise_ids(session: Session, f: EnterpriseFilter = EnterpriseFilter(), sort: str = "name",
                   descending: bool = False) -> list[int]:
    column = ENTERPRISE_SORTS[sort]
    order = column.desc() if descending else column.asc()
    tie = Enterprise.id.desc() if descending else Enterprise.id.asc()
    return fetch_ids(session, _enterprise_select(f).order_by(order, tie))


def enterprise_rows(session: Session, ids: Sequence[int]) -> dict[int, EnterpriseRow]:
    if not ids:
        return {}
    counts = (select(Application.enterprise_id, func.count().label("n"))
              .where(Application.enterprise_id.in_(list(ids))).group_by(Application.enterprise_id).subquery())
    stmt = (select(Enterprise.id, Enterprise.name, Enterprise.credit_code, District.code, District.name_zh,
                   District.name_en, Enterprise.park, Enterprise.founded, Enterprise.qualifications, counts.c.n)
            .join(District, District.code == Enterprise.district_code)
            .outerjoin(counts, counts.c.enterprise_id == Enterprise.id)
            .where(Enterprise.id.in_(list(ids))))
    return {eid: EnterpriseRow(eid, name, code, Choice(dcode, dzh, den), park, founded,
                               tuple(q for q in quals.split(",") if q), n or 0)
            for eid, name, code, dcode, dzh, den, park, founded, quals, n in session.execute(stmt)}


@dataclass(frozen=True)
class FilterChoices:
    products: list[Choice]
    stations: list[Choice]
    banks: list[Choice]
    districts: list[Choice]
    years: list[int]


def filter_choices(session: Session) -> FilterChoices:
    """What the list filters offer: the reference data and the years that have submissions."""
    first, last = session.execute(select(func.min(Application.submitted_on),
                                         func.max(Application.submitted_on))).one()
    years = list(range(last.year, first.year - 1, -1)) if first and last else []
    # The 3+X products in the documents' order, any added as data after them; the districts in the
    # center's order (report_order), as its tables and the forms list them.
    product_order = {p.code: i for i, p in enumerate(PRODUCTS)}
    return FilterChoices(
        products=sorted((Choice(*r) for r in session.execute(
            select(Product.code, Product.name_zh, Product.name_en).order_by(Product.code))),
            key=lambda c: product_order.get(c.key, len(product_order))),
        stations=[Choice(*r) for r in session.execute(
            select(Station.id, Station.name_zh, Station.name_en).order_by(Station.code))],
        banks=[Choice(*r) for r in session.execute(
            select(Bank.id, Bank.name_zh, Bank.name_en).order_by(Bank.code))],
        districts=[Choice(*r) for r in session.execute(
            select(District.code, District.name_zh, District.name_en).order_by(District.report_order, District.code))],
        years=years,
    )
