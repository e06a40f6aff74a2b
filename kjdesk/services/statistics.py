"""The statistics the center publishes: one computation, several renderers (screen, PDF, xlsx, JSON).

- District table (附录四): 科技履约贷 per district for a year.
- 3+X table (表4): approved credit and loans per product, this year, last year, change, cumulative.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from kjdesk.db.models import Application, District, Enterprise, Event, Product
from kjdesk.domain.reference import PERFORMANCE_LOAN, PRODUCTS
from kjdesk.domain.timeline import EventType as E
from kjdesk.domain.money import fen_to_wan
from kjdesk.i18n import N_, current_language, translate


def _add_figures(total, row) -> None:
    """Add a row's figures (every field after its code and name) to the totals row."""
    for f in fields(row)[2:]:
        setattr(total, f.name, getattr(total, f.name) + getattr(row, f.name))


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



@dataclass
class DistrictTable:
    year: int
    rows: list[DistrictRow]
    total: DistrictRow


def _district_figures(session: Session, year: int, product: str) -> dict[str, tuple[int, ...]]:
    """district → (applications, recommended, recommended fen, deferred, approved, approved fen), in one pass.

    A validated timeline has at most one submission, one passing review and one bank approval, and
    a pass or a rejection is the last review decision; so an application counts as deferred in the
    year when it was deferred then and neither passed nor was rejected that year.
    """
    start, end = _year_bounds(year)
    is_ = lambda t: Event.type == t.value  # noqa: E731
    per_app = (select(
        Enterprise.district_code.label("district"),
        func.max(case((is_(E.SUBMITTED), 1), else_=0)).label("submitted"),
        func.max(case((is_(E.REVIEW_PASSED), 1), else_=0)).label("passed"),
        func.sum(case((is_(E.REVIEW_PASSED), Event.amount_fen), else_=0)).label("passed_fen"),
        func.max(case((is_(E.REVIEW_DEFERRED), 1), else_=0)).label("deferred"),
        func.max(case((is_(E.REVIEW_REJECTED), 1), else_=0)).label("rejected"),
        func.max(case((is_(E.BANK_APPROVED), 1), else_=0)).label("approved"),
        func.sum(case((is_(E.BANK_APPROVED), Event.amount_fen), else_=0)).label("approved_fen"))
        .join(Application, Application.id == Event.application_id)
        .join(Enterprise, Enterprise.id == Application.enterprise_id)
        .where(Event.type.in_([t.value for t in (E.SUBMITTED, E.REVIEW_PASSED, E.REVIEW_DEFERRED,
                                                 E.REVIEW_REJECTED, E.BANK_APPROVED)]),
               Event.date.between(start, end), Application.product_code == product)
        .group_by(Event.application_id, Enterprise.district_code)
        .subquery())
    c = per_app.c
    deferred = case(((c.deferred == 1) & (c.passed == 0) & (c.rejected == 0), 1), else_=0)
    stmt = (select(c.district, func.sum(c.submitted), func.sum(c.passed), func.sum(c.passed_fen),
                   func.sum(deferred), func.sum(c.approved), func.sum(c.approved_fen))
            .group_by(c.district))
    return {row[0]: tuple(int(v or 0) for v in row[1:]) for row in session.execute(stmt)}


def district_table(session: Session, year: int, lang: str | None = None,
                   product: str = PERFORMANCE_LOAN) -> DistrictTable:
    """附录四: applications, recommended, deferred and approved per district, for one product and year.

    Rows are the districts with any figure, in the center's order of districts; the totals row
    sums them all.
    """
    lang = lang or current_language()
    figures = _district_figures(session, year, product)
    districts = {d.code: d for d in session.scalars(select(District))}
    rows = [DistrictRow(code, (districts[code].name_zh if lang == "zh_CN" else districts[code].name_en)
                        if code in districts else code, *values)
            for code, values in figures.items() if any(values)]
    rows.sort(key=lambda r: (districts[r.district_code].report_order if r.district_code in districts else 99,
                             r.district_code or ""))
    total = DistrictRow(None, _total_label(lang))
    for row in rows:
        _add_figures(total, row)
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


def _approvals_by_product(session: Session, year: int) -> dict[str, tuple[int, ...]]:
    """product → (fen, approvals) this year, (fen, approvals) last year, (fen, approvals) up to this year."""
    this_start, end = _year_bounds(year)
    last_start, last_end = _year_bounds(year - 1)
    this = Event.date >= this_start
    last = Event.date.between(last_start, last_end)
    stmt = (select(Application.product_code,
                   func.sum(case((this, Event.amount_fen), else_=0)), func.sum(case((this, 1), else_=0)),
                   func.sum(case((last, Event.amount_fen), else_=0)), func.sum(case((last, 1), else_=0)),
                   func.coalesce(func.sum(Event.amount_fen), 0), func.count())
            .join(Application, Application.id == Event.application_id)
            .where(Event.type == E.BANK_APPROVED.value, Event.date <= end)
            .group_by(Application.product_code))
    return {row[0]: tuple(int(v or 0) for v in row[1:]) for row in session.execute(stmt)}


def product_table(session: Session, year: int, lang: str | None = None) -> ProductTable:
    """表4: per product, approved credit and loans this year and last, the change, and the cumulative.

    "Loans" counts approvals: an enterprise approved in two years counts twice. The 3+X products are
    always listed, and any other product with an approval this year or last; the total includes
    every product, listed or not (合计（含其他）).
    """
    lang = lang or current_language()
    figures = _approvals_by_product(session, year)
    products = {p.code: p for p in session.scalars(select(Product))}
    recent = {code for code, values in figures.items() if any(values[:4])}
    listed = [p.code for p in PRODUCTS] + sorted(recent - {p.code for p in PRODUCTS})
    total = ProductRow(None, _total_label(lang, including_others=True))
    rows = []
    for code in sorted(set(products) | set(figures)):
        product = products.get(code)
        row = ProductRow(code, (product.name_zh if lang == "zh_CN" else product.name_en) if product else code,
                         *figures.get(code, (0,) * 6))
        _add_figures(total, row)
        if code in listed:
            rows.append(row)
    rows.sort(key=lambda r: listed.index(r.product_code))
    return ProductTable(year, rows, total)


# Plain records for every renderer: (key, column title) in display order, then one dict per row.
DISTRICT_COLUMNS = (
    ("district", N_("District")),
    ("applications", N_("Applications")),
    ("recommended_count", N_("Recommended")),
    ("recommended_amount_wan", N_("Recommended (10k CNY)")),
    ("deferred_count", N_("Deferred")),
    ("approved_count", N_("Approved by banks")),
    ("approved_amount_wan", N_("Approved (10k CNY)")),
)
PRODUCT_COLUMNS = (
    ("product", N_("Product")),
    ("approved_amount_wan", N_("Approved credit (10k CNY)")),
    ("enterprises", N_("Loans")),
    ("approved_amount_wan_last_year", N_("Last year (10k CNY)")),
    ("enterprises_last_year", N_("Loans last year")),
    ("change_pct", N_("Change (%)")),
    ("cumulative_amount_wan", N_("Cumulative (10k CNY)")),
    ("cumulative_enterprises", N_("Cumulative loans")),
)


TABLE_TITLES = {
    "districts": N_("{year} performance-guarantee loans: review progress by district"),
    "products": N_("{year} 3+X sci-tech credit products"),
    "subsidies": N_("{year} subsidies by program"),
}


def table_title(table: str, year: int, lang: str | None = None) -> str:
    """The published table's title in ``lang`` (default: the current language)."""
    return translate(TABLE_TITLES[table], lang).format(year=year)


def table_records(session: Session, table: str, year: int) -> tuple[tuple, list[dict], dict]:
    """(columns, records, total record) of one published table, for every renderer."""
    if table == "subsidies":
        from kjdesk.services.subsidy_report import SUBSIDY_COLUMNS, subsidy_record, subsidy_table

        data = subsidy_table(session, year)
        return SUBSIDY_COLUMNS, [subsidy_record(r) for r in data.rows], subsidy_record(data.total)
    if table == "districts":
        data = district_table(session, year)
        return DISTRICT_COLUMNS, [district_record(r) for r in data.rows], district_record(data.total)
    data = product_table(session, year)
    return PRODUCT_COLUMNS, [product_record(r) for r in data.rows], product_record(data.total)


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
