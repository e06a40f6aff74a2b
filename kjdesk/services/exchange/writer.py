"""``export_workbook``: the whole database as an exchange workbook, in a fixed order.

Rows are streamed from SQL (ordered by their keys, so two exports of the same data are the same
cell for cell) into the workbook (xlsxwrite.py). Amounts are written as exact numbers of 万元
(Decimal, never float), dates as Excel dates, yes/no as text, blank values as empty cells.
"""
from __future__ import annotations

from typing import Callable

from sqlalchemy import case, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import aliased

from kjdesk.db import models as m
from kjdesk.db.errors import Kind, classify
from kjdesk.domain.allowances import fen_to_yuan
from kjdesk.domain.money import fen_to_wan
from kjdesk.i18n import _
from kjdesk.services.exchange.programs import classes_text
from kjdesk.services.exchange.sheets import SHEETS
from kjdesk.services.exchange.xlsxwrite import XlsxWriter


def _queries():
    """Sheet name → the SELECT whose rows are that sheet's rows, in the sheet's column order."""
    st, sp, bk, en, ap, ev, mt = m.Station, m.Specialist, m.Bank, m.Enterprise, m.Application, m.Event, m.ReviewMeeting
    d = m.District
    ast, asp, ebk, esp = aliased(st), aliased(sp), aliased(bk), aliased(sp)
    act, sub, pr, bt, hs = m.Activity, m.SubsidyCase, m.SubsidyProgram, m.SubsidyBatch, m.SubsidyStatus
    return {
        "stations": select(st.code, st.name_zh, st.name_en, st.host_org, d.name_zh, st.established, st.status)
        .outerjoin(d, d.code == st.district_code).order_by(st.code),
        "specialists": select(sp.code, sp.name, st.code, sp.phone).join(st, st.id == sp.station_id).order_by(sp.code),
        "banks": select(bk.code, bk.name_zh, bk.name_en, bk.first_year, bk.microloan_partner).order_by(bk.code),
        "products": select(m.Product.code, m.Product.name_zh, m.Product.name_en, m.Product.preliminary_review,
                           m.Product.site_visit, m.Product.review_meeting, m.Product.premium_rate)
        .order_by(m.Product.code),
        "enterprises": select(en.credit_code, en.name, d.name_zh, en.park, en.founded, en.qualifications)
        .join(d, d.code == en.district_code).order_by(en.credit_code),
        "review_meetings": select(mt.code, mt.date, mt.members, mt.minutes).order_by(mt.code),
        "applications": select(ap.ref, en.credit_code, ap.product_code, ast.code, asp.code, ap.requested_fen,
                               ap.first_bank_loan)
        .join(en, en.id == ap.enterprise_id).outerjoin(ast, ast.id == ap.station_id)
        .outerjoin(asp, asp.id == ap.specialist_id).order_by(ap.ref),
        "events": select(ap.ref, ev.date, ev.type, ebk.code, ev.amount_fen, esp.code, mt.code, ev.note, ev.premium_fen,
                         ev.recorded_by)
        .join(ap, ap.id == ev.application_id).outerjoin(ebk, ebk.id == ev.bank_id)
        .outerjoin(esp, esp.id == ev.specialist_id).outerjoin(mt, mt.id == ev.meeting_id)
        .order_by(ap.ref, ev.date, ev.seq),
        "activities": select(act.date, ast.code, act.type, ebk.code, act.attendees, act.title)
        .outerjoin(ast, ast.id == act.station_id).outerjoin(ebk, ebk.id == act.bank_id)
        .order_by(act.date, ast.code, act.type, ebk.code, act.title, act.attendees),
        "subsidy_programs": select(pr.code, pr.name_zh, pr.name_en, pr.base, pr.rate, pr.cap_fen, pr.opens, pr.closes,
                                   pr.budget_fen, pr.qualifications, pr.product_code, pr.classes, pr.automatic,
                                   pr.premium_rate, pr.reviewer, pr.eligibility).order_by(pr.code),
        "subsidies": select(sub.ref, sub.program_code, en.credit_code, ast.code, sub.policy_no, sub.insurer,
                            sub.premium_fen, sub.policy_start, sub.submitted, sub.status, sub.status_date,
                            sub.subsidy_fen, ap.ref, sub.insured_fen, sub.class_code, sub.batch,
                            case((sub.approved_fen != sub.subsidy_fen, sub.approved_fen),
                                 (sub.subsidy_fen.is_(None), sub.approved_fen)), sub.reason)
        .join(en, en.id == sub.enterprise_id).outerjoin(ast, ast.id == sub.station_id)
        .outerjoin(ap, ap.id == sub.application_id).order_by(sub.ref),
        "subsidy_batches": select(bt.code, bt.program_code, bt.number, bt.made_on, bt.period_from, bt.period_to,
                                  bt.approved_on).order_by(bt.program_code, bt.number),
        "subsidy_steps": select(sub.ref, hs.date, hs.status, hs.by, hs.note)
        .join(sub, sub.id == hs.case_id).order_by(sub.ref, hs.id),
        # The scores in force: the latest entry of each item's history, unless it was cleared.
        "manual_scores": select(m.ManualScore.year, m.ManualScore.sheet, m.ManualScore.code, m.ManualScore.item,
                                m.ManualScore.score, m.ManualScore.reason, m.ManualScore.by)
        .where(m.ManualScore.id.in_(select(func.max(m.ManualScore.id)).group_by(
            m.ManualScore.year, m.ManualScore.sheet, m.ManualScore.code, m.ManualScore.item)),
            m.ManualScore.score.is_not(None))
        .order_by(m.ManualScore.year, m.ManualScore.sheet, m.ManualScore.code, m.ManualScore.item),
        "allowance_rates": select(m.AllowanceRate.first_year, m.AllowanceRate.per_visit_fen)
        .order_by(m.AllowanceRate.first_year),
        "users": select(m.User.name, m.User.role, ast.code, m.User.active)
        .outerjoin(ast, ast.id == m.User.station_id).order_by(m.User.name),
    }


_COUNTED = {"stations": m.Station, "specialists": m.Specialist, "banks": m.Bank, "products": m.Product, "enterprises": m.Enterprise,
            "review_meetings": m.ReviewMeeting, "applications": m.Application, "events": m.Event,
            "activities": m.Activity, "subsidy_programs": m.SubsidyProgram, "subsidies": m.SubsidyCase,
            "subsidy_batches": m.SubsidyBatch, "subsidy_steps": m.SubsidyStatus,
            "manual_scores": m.ManualScore, "allowance_rates": m.AllowanceRate, "users": m.User}
# Stored values the sheet writes differently: column index → conversion.
_AS_WRITTEN = {"subsidy_programs": {11: classes_text}, "allowance_rates": {1: fen_to_yuan}}


def export_workbook(session, path, *, progress: Callable[[float, str], None] | None = None,
                    on_damage: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Write every sheet of the database to ``path``; returns the rows written per sheet.

    All sheets come from one snapshot: the session's read transaction. With ``on_damage``, a sheet
    whose table turns out damaged is cut short where reading failed and ``on_damage(sheet, rows)``
    is told, so that what can be read of a damaged database is rescued; without it, the export fails.
    """
    def damaged(exc: Exception) -> bool:
        problem = classify(exc)
        return on_damage is not None and problem is not None and problem.kind in (Kind.DAMAGED, Kind.IO)

    counts = {}
    for name, model in _COUNTED.items():
        try:
            counts[name] = session.scalar(select(func.count()).select_from(model))
        except DBAPIError as exc:
            if not damaged(exc):
                raise
            counts[name] = 0
    total, done = max(1, sum(counts.values())), 0
    queries = _queries()
    written: dict[str, int] = {}
    conn = session.connection()  # Core rows stream from the cursor; ORM results would be buffered whole
    book = XlsxWriter(path)
    try:
        for sheet in SHEETS:
            book.sheet(sheet.name, list(sheet.column_names))
            kinds = [c.kind for c in sheet.columns]
            amount_at = [i for i, k in enumerate(kinds) if k == "amount"]
            yesno_at = [i for i, k in enumerate(kinds) if k == "yesno"]
            n = 0
            converted = _AS_WRITTEN.get(sheet.name, {}).items()
            try:
                for row in conn.execute(queries[sheet.name]):
                    cells = list(row)
                    for i, convert in converted:
                        cells[i] = convert(cells[i])
                    cells = [None if v == "" else v for v in cells]
                    for i in amount_at:
                        if cells[i] is not None:
                            cells[i] = fen_to_wan(cells[i])
                    for i in yesno_at:
                        cells[i] = "yes" if cells[i] else "no"
                    book.row(cells)
                    n += 1
                    if n % 20_000 == 0 and progress is not None:
                        progress(min(0.95, (done + n) / total),
                                 _("Writing {sheet}: row {n}").format(sheet=sheet.name, n=n))
            except DBAPIError as exc:
                if not damaged(exc):
                    raise
                on_damage(sheet.name, n)
            done += n
            written[sheet.name] = n
            if progress is not None:
                progress(min(0.95, done / total), _("Writing {sheet}").format(sheet=sheet.name))
        book.close()
    except BaseException:
        book.abandon()
        raise
    if progress is not None:
        progress(1.0, _("Exported"))
    return written
