"""The statistics the center publishes: one computation, several renderers (screen, PDF, xlsx, JSON).

- District table (附录四): 科技履约贷 per district for a year.
- 3+X table (表4): approved credit and loans per product, this year, last year, change, cumulative.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from kjdesk.db.models import Application, District, Enterprise, Event, Product
from kjdesk.domain.reference import PERFORMANCE_LOAN, PRODUCTS
from kjdesk.domain.timeline import EventType as E
from kjdesk.domain.money import fen_to_wan
from kjdesk.i18n import N_, current_language


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


@dataclass
class DistrictRow:
    district_code: str | None
    district: str
    applications: int = 0
    recommended_count: int = 0
    recommended_fen: int = 0
    deferred_count: int = 0
    approved_count: int = 0
    approved_fen: int = 0

    def add(self, other: "DistrictRow") -> None:
        for name in ("applications", "recommended_count", "recommended_fen", "deferred_count",
                     "approved_count", "approved_fen"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class DistrictTable:
    year: int
    rows: list[DistrictRow]
    total: DistrictRow


def _per_district(session: Session, stmt) -> dict[str, tuple]:
    return {row[0]: tuple(row[1:]) for row in session.execute(stmt)}


def _events_in_year(type_: E, year: int, product: str):
    """(application_id, latest amount of that event type in the year) for one product."""
    start, end = _year_bounds(year)
    return (select(Event.application_id.label("app_id"), func.max(Event.date).label("date"))
            .join(Application, Application.id == Event.application_id)
            .where(Event.type == type_.value, Event.date.between(start, end), Application.product_code == product)
            .group_by(Event.application_id))


def _counted_amounts(session: Session, type_: E, year: int, product: str) -> dict[str, tuple[int, int]]:
    """district → (applications with that event in the year, sum of its amount on the latest such event)."""
    latest = _events_in_year(type_, year, product).subquery()
    amount = (select(func.coalesce(Event.amount_fen, 0)).where(
        Event.application_id == latest.c.app_id, Event.type == type_.value, Event.date == latest.c.date)
        .order_by(Event.seq.desc()).limit(1).scalar_subquery())
    stmt = (select(Enterprise.district_code, func.count(), func.coalesce(func.sum(amount), 0))
            .select_from(latest)
            .join(Application, Application.id == latest.c.app_id)
            .join(Enterprise, Enterprise.id == Application.enterprise_id)
            .group_by(Enterprise.district_code))
    return _per_district(session, stmt)


def _deferred(session: Session, year: int, product: str) -> dict[str, tuple[int]]:
    """Applications whose latest review decision in the year was a deferral and that did not pass that year."""
    start, end = _year_bounds(year)
    reviews = (select(Event.application_id.label("app_id"), Event.type, Event.date, Event.seq,
                      func.row_number().over(partition_by=Event.application_id,
                                             order_by=(Event.date.desc(), Event.seq.desc())).label("rn"))
               .join(Application, Application.id == Event.application_id)
               .where(Event.type.in_([E.REVIEW_PASSED.value, E.REVIEW_DEFERRED.value, E.REVIEW_REJECTED.value]),
                      Event.date.between(start, end), Application.product_code == product)
               .subquery())
    passed = select(Event.id).where(Event.application_id == reviews.c.app_id, Event.type == E.REVIEW_PASSED.value,
                                    Event.date.between(start, end)).exists()
    stmt = (select(Enterprise.district_code, func.count())
            .select_from(reviews)
            .join(Application, Application.id == reviews.c.app_id)
            .join(Enterprise, Enterprise.id == Application.enterprise_id)
            .where(reviews.c.rn == 1, reviews.c.type == E.REVIEW_DEFERRED.value, ~passed)
            .group_by(Enterprise.district_code))
    return _per_district(session, stmt)


def _submitted(session: Session, year: int, product: str) -> dict[str, tuple[int]]:
    start, end = _year_bounds(year)
    stmt = (select(Enterprise.district_code, func.count(func.distinct(Event.application_id)))
            .join(Application, Application.id == Event.application_id)
            .join(Enterprise, Enterprise.id == Application.enterprise_id)
            .where(Event.type == E.SUBMITTED.value, Event.date.between(start, end),
                   Application.product_code == product)
            .group_by(Enterprise.district_code))
    return _per_district(session, stmt)


def district_table(session: Session, year: int, lang: str | None = None,
                   product: str = PERFORMANCE_LOAN) -> DistrictTable:
    """附录四: applications, recommended, deferred and approved per district, for one product and year.

    Rows are the districts with any figure, in the center's order of districts; the totals row
    sums them all.
    """
    lang = lang or current_language()
    submitted = _submitted(session, year, product)
    recommended = _counted_amounts(session, E.REVIEW_PASSED, year, product)
    deferred = _deferred(session, year, product)
    approved = _counted_amounts(session, E.BANK_APPROVED, year, product)
    districts = {d.code: d for d in session.scalars(select(District))}
    names = {code: (d.name_zh if lang == "zh_CN" else d.name_en) for code, d in districts.items()}
    rows = []
    for code in set(submitted) | set(recommended) | set(deferred) | set(approved):
        rows.append(DistrictRow(
            code, names.get(code, code),
            applications=submitted.get(code, (0,))[0],
            recommended_count=recommended.get(code, (0, 0))[0], recommended_fen=recommended.get(code, (0, 0))[1],
            deferred_count=deferred.get(code, (0,))[0],
            approved_count=approved.get(code, (0, 0))[0], approved_fen=approved.get(code, (0, 0))[1]))
    rows.sort(key=lambda r: (districts[r.district_code].report_order if r.district_code in districts else 99,
                             r.district_code or ""))
    total = DistrictRow(None, _total_label(lang))
    for row in rows:
        total.add(row)
    return DistrictTable(year, rows, total)


def _total_label(lang: str, including_others: bool = False) -> str:
    if lang == "zh_CN":
        return "合计（含其他）" if including_others else "总计"
    return "Total (incl. others)" if including_others else "Total"


@dataclass
class ProductRow:
    product_code: str | None
    product: str
    approved_fen: int = 0
    loans: int = 0
    approved_fen_last: int = 0
    loans_last: int = 0
    cumulative_fen: int = 0
    cumulative_loans: int = 0

    @property
    def change_pct(self) -> Decimal | None:
        """Year-on-year change of approved credit in percent, exact; None without last year's figure."""
        if not self.approved_fen_last:
            return None
        return Decimal(self.approved_fen - self.approved_fen_last) * 100 / Decimal(self.approved_fen_last)

    @property
    def change_pct_rounded(self) -> int | None:
        """The change rounded to a whole percent, as the published table shows it."""
        pct = self.change_pct
        return None if pct is None else int(pct.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class ProductTable:
    year: int
    rows: list[ProductRow]
    total: ProductRow = field(default_factory=lambda: ProductRow(None, ""))


def _approvals_by_product(session: Session, start: dt.date | None, end: dt.date) -> dict[str, tuple[int, int]]:
    """product → (sum of bank_approved amounts, number of approvals) for approvals dated in [start, end]."""
    cond = [Event.type == E.BANK_APPROVED.value, Event.date <= end]
    if start:
        cond.append(Event.date >= start)
    stmt = (select(Application.product_code, func.coalesce(func.sum(Event.amount_fen), 0), func.count())
            .join(Application, Application.id == Event.application_id)
            .where(and_(*cond)).group_by(Application.product_code))
    return {code: (fen, n) for code, fen, n in session.execute(stmt)}


def product_table(session: Session, year: int, lang: str | None = None) -> ProductTable:
    """表4: per product, approved credit and loans this year and last, the change, and the cumulative.

    "Loans" counts approvals: an enterprise approved in two years counts twice. The 3+X products are
    always listed, and any other product with an approval this year or last; the total includes
    every product, listed or not (合计（含其他）).
    """
    lang = lang or current_language()
    this = _approvals_by_product(session, *_year_bounds(year))
    last = _approvals_by_product(session, *_year_bounds(year - 1))
    cumulative = _approvals_by_product(session, None, _year_bounds(year)[1])
    products = {p.code: p for p in session.scalars(select(Product))}
    listed = [p.code for p in PRODUCTS] + sorted((set(this) | set(last)) - {p.code for p in PRODUCTS})
    total = ProductRow(None, _total_label(lang, including_others=True))
    rows = []
    for code in sorted(set(products) | set(cumulative)):
        product = products.get(code)
        row = ProductRow(code, (product.name_zh if lang == "zh_CN" else product.name_en) if product else code,
                         *this.get(code, (0, 0)), *last.get(code, (0, 0)), *cumulative.get(code, (0, 0)))
        for name in ("approved_fen", "loans", "approved_fen_last", "loans_last", "cumulative_fen", "cumulative_loans"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
        if code in listed:
            rows.append(row)
    rows.sort(key=lambda r: listed.index(r.product_code))
    return ProductTable(year, rows, total)


# Plain records for every renderer: (key, column title) in display order, then one dict per row.
DISTRICT_COLUMNS = (
    ("district", N_("District")),
    ("applications", N_("Applications")),
    ("recommended_count", N_("Recommended")),
    ("recommended_amount_wan", N_("Recommended (万元)")),
    ("deferred_count", N_("Deferred")),
    ("approved_count", N_("Approved by banks")),
    ("approved_amount_wan", N_("Approved (万元)")),
)
PRODUCT_COLUMNS = (
    ("product", N_("Product")),
    ("approved_amount_wan", N_("Approved credit (万元)")),
    ("enterprises", N_("Loans")),
    ("approved_amount_wan_last_year", N_("Last year (万元)")),
    ("enterprises_last_year", N_("Loans last year")),
    ("change_pct", N_("Change (%)")),
    ("cumulative_amount_wan", N_("Cumulative (万元)")),
    ("cumulative_enterprises", N_("Cumulative loans")),
)


def district_record(row: DistrictRow) -> dict:
    return {"district": row.district, "applications": row.applications,
            "recommended_count": row.recommended_count, "recommended_amount_wan": fen_to_wan(row.recommended_fen),
            "deferred_count": row.deferred_count, "approved_count": row.approved_count,
            "approved_amount_wan": fen_to_wan(row.approved_fen)}


def product_record(row: ProductRow) -> dict:
    return {"product": row.product, "approved_amount_wan": fen_to_wan(row.approved_fen), "enterprises": row.loans,
            "approved_amount_wan_last_year": fen_to_wan(row.approved_fen_last), "enterprises_last_year": row.loans_last,
            "change_pct": row.change_pct_rounded, "cumulative_amount_wan": fen_to_wan(row.cumulative_fen),
            "cumulative_enterprises": row.cumulative_loans}
