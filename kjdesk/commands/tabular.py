"""Writing a list of records as JSON, CSV or a workbook, to a file or standard output."""
from __future__ import annotations

import csv
import io
import re
import sys
from decimal import Decimal

from kjdesk.atomic import replacing
from kjdesk.i18n import _


def emit_text(text: str, out: str | None) -> None:
    if out:
        with replacing(out) as part:
            part.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def csv_text(keys: list[str], records: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(keys)
    for record in records:
        writer.writerow(["" if record[key] is None else _plain(record[key]) for key in keys])
    return buf.getvalue()


def _plain(value) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def write_xlsx(path: str, title: str, columns, records: list[dict], *, more=()) -> None:
    """One sheet: a title line, translated column titles, the records (amounts as exact decimals);
    ``more`` adds a sheet for each (title, columns, records)."""
    from openpyxl import Workbook

    wb = Workbook()
    _fill(wb.active, title, columns, records)
    for sheet_title, sheet_columns, sheet_records in more:
        _fill(wb.create_sheet(), sheet_title, sheet_columns, sheet_records)
    with replacing(path) as part:
        wb.save(part)


def _fill(ws, title: str, columns, records: list[dict]) -> None:
    from openpyxl.styles import Font

    ws.title = re.sub(r"[\\/*?:\[\]]", "-", title)[:31]  # characters Excel refuses in a sheet's name
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([_(label) for _key, label in columns])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for record in records:
        ws.append([record[key] for key, _label in columns])
    for i, (_key, label) in enumerate(columns, start=1):
        ws.column_dimensions[ws.cell(row=2, column=i).column_letter].width = max(12, len(_(label)) * 2)
