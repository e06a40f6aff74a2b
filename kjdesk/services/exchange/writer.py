"""``export_workbook``: the whole database as an exchange workbook, in a fixed order.

Rows are streamed from SQL (ordered by their keys, so two exports of the same data are the same
cell for cell) into the workbook (xlsxwrite.py). Amounts are written as exact numbers of 万元
(Decimal, never float), dates as Excel dates, yes/no as text, blank values as empty cells.
"""
from __future__ import annotations

from typing import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from kjdesk.db import models as m
from kjdesk.domain.money import fen_to_wan
from kjdesk.i18n import _
from kjdesk.services.exchange.sheets import SHEETS
from kjdesk.services.exchange.xlsxwrite import XlsxWriter


def _queries():
    """Sheet name → the SELECT whose rows are that sheet's rows, in the sheet's column order."""
    st, sp, bk, en, ap, ev, mt = m.Station, m.Specialist, m.Bank, m.Enterprise, m.Application, m.Event, m.ReviewMeeting
    d = m.District
    ast, asp, ebk, esp = aliased(st), aliased(sp), aliased(bk), aliased(sp)
    act, sub = m.Activity, m.SubsidyCase
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
        "subsidies": select(sub.ref, sub.program_code, en.credit_code, ast.code, sub.policy_no, sub.insurer,
                            sub.premium_fen, sub.policy_start, sub.submitted, sub.status, sub.status_date,
                            sub.subsidy_fen)
        .join(en, en.id == sub.enterprise_id).outerjoin(ast, ast.id == sub.station_id).order_by(sub.ref),
        "manual_scores": select(m.ManualScore.year, m.ManualScore.sheet, m.ManualScore.code, m.ManualScore.item,
                                m.ManualScore.score, m.ManualScore.reason, m.ManualScore.by)
        .order_by(m.ManualScore.year, m.ManualScore.sheet, m.ManualScore.code, m.ManualScore.item),
    }


_COUNTED = {"stations": m.Station, "specialists": m.Specialist, "banks": m.Bank, "products": m.Product, "enterprises": m.Enterprise,
            "review_meetings": m.ReviewMeeting, "applications": m.Application, "events": m.Event,
            "activities": m.Activity, "subsidies": m.SubsidyCase, "manual_scores": m.ManualScore}


def export_workbook(session, path, *, progress: Callable[[float, str], None] | None = None) -> dict[str, int]:
    """Write every sheet of the database to ``path``; returns the rows written per sheet.

    All sheets come from one snapshot: the driver opens no transaction for reads, so without an
    explicit one a write committed during the export would make the sheets disagree.
    """
    dbapi = session.connection().connection.dbapi_connection
    if not dbapi.in_transaction:
        dbapi.execute("BEGIN")
    counts = {name: session.scalar(select(func.count()).select_from(model)) for name, model in _COUNTED.items()}
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
            for row in conn.execute(queries[sheet.name]):
                cells = [None if v == "" else v for v in row]
                for i in amount_at:
                    if cells[i] is not None:
                        cells[i] = fen_to_wan(cells[i])
                for i in yesno_at:
                    cells[i] = "yes" if cells[i] else "no"
                book.row(cells)
                n += 1
                if n % 20_000 == 0 and progress is not None:
                    progress(min(0.95, (done + n) / total), _("Writing {sheet}: row {n}").format(sheet=sheet.name, n=n))
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
