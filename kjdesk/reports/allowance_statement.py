"""A station's visit allowance statement (交通及误餐补贴发放表) as an A4 PDF for payment: the
visits (late entries marked), the total, and lines for who prepared, checked and approved it.

Takes plain data (``kjdesk.services.allowances.Statement``), not a session; several statements
go into one file, each starting on a new page.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.platypus import PageBreak, Spacer, Table, TableStyle

from kjdesk.domain.allowances import fen_to_yuan
from kjdesk.i18n import N_, current_language, translate
from kjdesk.reports import pdfdoc
from kjdesk.reports.pdfdoc import FRAME_WIDTH, MUTED, SHADE, BoldTitle, para

COLUMNS = (N_("No."), N_("Date"), N_("Case"), N_("Enterprise"), N_("Specialist"), N_("Allowance (CNY)"))
WIDTHS = (0.06, 0.19, 0.13, 0.37, 0.12, 0.13)
_WRAP_AT = 22  # an enterprise name longer than this wraps (plain cells are much faster to lay out)


def _yuan(fen: int) -> str:
    return f"{fen_to_yuan(fen):,.2f}"  # exact: Decimal formatting, never float


def statement_title(st, lang: str | None = None) -> str:
    return translate(N_("Visit allowance statement: {station}, {period}"), lang).format(
        station=st.station_name, period=st.period)


def _story(st, lang: str) -> list:
    tr = lambda text: translate(text, lang)  # noqa: E731
    late = tr(N_("(late entry)"))
    rows = [[para(tr(c), 8.5, align="center") for c in COLUMNS]]
    for i, ln in enumerate(st.lines, start=1):
        name = ln.enterprise if len(ln.enterprise) <= _WRAP_AT else para(ln.enterprise, 8.5)
        rows.append([str(i), pdfdoc.format_day(ln.date, lang) + (f" {late}" if ln.late else ""), ln.ref, name, ln.specialist,
                     _yuan(ln.per_visit_fen)])
    rows.append([tr(N_("Total: {n} visits")).format(n=len(st.lines)), "", "", "", "",
                 _yuan(st.total_fen)])
    table = Table(rows, colWidths=[FRAME_WIDTH * w for w in WIDTHS], repeatRows=1)
    last = len(rows) - 1
    table.setStyle(TableStyle(pdfdoc.grid_style(1) + [
        ("FONTSIZE", (0, 1), (-1, -1), 8.5), ("ALIGN", (0, 1), (0, -1), "RIGHT"), ("ALIGN", (-1, 1), (-1, -1), "RIGHT"),
        ("BACKGROUND", (0, last), (-1, last), SHADE), ("SPAN", (0, last), (4, last)), ("ALIGN", (0, last), (0, last), "LEFT")]))
    facts = tr(N_("Allowance per visit: {rate} CNY · visits: {n} · total: {total} CNY")).format(
        rate=_yuan(st.per_visit_fen), n=len(st.lines), total=_yuan(st.total_fen))
    issued = (tr(N_("Issued on {date} by {by}")).format(date=pdfdoc.format_day(st.issued_on, lang), by=st.issued_by)
              if st.issued_on else tr(N_("Not issued yet: the figures may still change")))
    return [BoldTitle(statement_title(st, lang), 14), para(facts, 9.5, align="center"),
            para(issued, 8.5, align="center", color=MUTED), Spacer(1, 8), table, Spacer(1, 18),
            pdfdoc.payment_signatures(lang)]


def write_statements_pdf(statements: list, path, lang: str | None = None) -> Path:
    lang = lang or current_language()
    story = []
    for st in statements:
        if story:
            story.append(PageBreak())
        story += _story(st, lang)
    printed = translate(N_("Printed by kjdesk on {date}"), lang).format(date=pdfdoc.format_day(dt.date.today(), lang))
    story += [Spacer(1, 8), para(printed, 7.5, color=MUTED)]
    title = statement_title(statements[0], lang) if len(statements) == 1 else translate(
        N_("Visit allowance statements"), lang)
    pdfdoc.build(Path(path), story, title=title, lang=lang)
    return Path(path)
