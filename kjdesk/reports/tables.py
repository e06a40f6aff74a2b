"""A statistics table (the district table 附录四, the 3+X table 表4) as a print-ready A4 PDF."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from reportlab.platypus import Spacer, Table, TableStyle

from kjdesk.i18n import N_, current_language, translate
from kjdesk.reports import pdfdoc
from kjdesk.reports.pdfdoc import FRAME_WIDTH, MUTED, SHADE, BoldTitle, para


def _cell(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal):
        return f"{value:,f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def write_table_pdf(title: str, columns, records: list[dict], total: dict | None, path,
                    lang: str | None = None) -> Path:
    """Write one table: ``columns`` are (key, untranslated title) pairs, ``records`` one dict per
    row, ``total`` the totals row (or None). The first column is the row's name; the others are
    figures, right-aligned with thousands separators. Titles are translated into ``lang``
    (default: the current language); ``title`` and the records are printed as given."""
    return write_tables_pdf(title, [("", columns, records, total)], path, lang)


def write_tables_pdf(title: str, sections, path, lang: str | None = None) -> Path:
    """Several tables under one title: ``sections`` are (subtitle, columns, records, total)."""
    lang = lang or current_language()
    path = Path(path)
    story = [BoldTitle(title, 15), Spacer(1, 8)]
    for subtitle, columns, records, total in sections:
        if subtitle:
            story += [para(subtitle, 11), Spacer(1, 4)]
        story += [_table(columns, records, total, lang), Spacer(1, 10)]
    printed = translate(N_("Printed by kjdesk on {date}"), lang).format(date=pdfdoc.format_day(dt.date.today(), lang))
    story.append(para(printed, 7.5, color=MUTED))
    pdfdoc.build(path, story, title=title, lang=lang)
    return path


def _table(columns, records: list[dict], total: dict | None, lang: str) -> Table:
    header = [para(translate(label, lang), 8.5, align="center") for _key, label in columns]
    rows = [header]
    for record in records + ([total] if total else []):
        rows.append([para(_cell(record.get(key)), 9, align="left" if i == 0 else "right")
                     for i, (key, _label) in enumerate(columns)])
    first = FRAME_WIDTH * 0.24
    rest = (FRAME_WIDTH - first) / max(1, len(columns) - 1)
    table = Table(rows, colWidths=[first] + [rest] * (len(columns) - 1), repeatRows=1)
    commands = pdfdoc.grid_style(1)
    if total:
        commands.append(("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), SHADE))
    table.setStyle(TableStyle(commands))
    return table
