"""``write_template``: a blank exchange workbook whose first sheet explains every column.

In Chinese the data sheets carry the Chinese sheet names and column titles (which import accepts
as aliases); in English, the canonical names. The instructions sheet is ignored on import.
"""
from __future__ import annotations

from kjdesk.atomic import replacing
from kjdesk.i18n import N_, translate
from kjdesk.services.exchange.sheets import INSTRUCTIONS, SHEETS

GENERAL = (
    N_("How to fill in this workbook"),
    N_("One sheet per table; the first row holds the column titles (English names or the Chinese titles). "
       "Sheets may come in any order and any sheet may be left out; so may columns, except the required ones."),
    N_("A row whose key (code, credit_code or ref) is already in the database updates that row; a column left "
       "out keeps the stored value, a blank cell clears it."),
    N_("Dates: Excel dates or YYYY-MM-DD text. Amounts: 10k CNY, at most 6 decimals, never negative."),
    N_("An import is all-or-nothing: if any cell is wrong nothing changes, and every problem is listed with "
       "its sheet, row, column and value."),
    N_("This instructions sheet is ignored on import."),
)
HEADINGS = (N_("Sheet"), N_("Column"), N_("Chinese title"), N_("Required for a new row"), N_("What to write"))


def column_title(column, lang: str) -> str:
    if lang != "zh_CN":
        return column.name
    return f"{column.zh}（万元）" if column.kind == "amount" else column.zh


def write_template(path, lang: str) -> None:
    """Write the blank workbook with the instructions in ``lang`` (zh_CN or en)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    def t(text: str) -> str:
        return translate(text, lang)

    book = Workbook()
    info = book.active
    info.title = INSTRUCTIONS[1] if lang == "zh_CN" else INSTRUCTIONS[0]
    info.append([t(GENERAL[0])])
    info["A1"].font = Font(bold=True, size=14)
    for line in GENERAL[1:]:
        info.append([t(line)])
    info.append([])
    for sheet in SHEETS:
        info.append([sheet.zh if lang == "zh_CN" else sheet.name, t(sheet.help)])
        info.cell(info.max_row, 1).font = Font(bold=True)
        info.append([t(h) for h in HEADINGS])
        for cell in info[info.max_row]:
            cell.font = Font(italic=True)
        for column in sheet.columns:
            info.append([sheet.zh if lang == "zh_CN" else sheet.name, column.name, column_title(column, "zh_CN"),
                         t(N_("yes")) if column.required else "", t(column.help)])
        info.append([])
    for letter, width in zip("ABCDE", (16, 20, 22, 14, 90)):
        info.column_dimensions[letter].width = width
    for row in info.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=cell.column == 5, vertical="top")

    for sheet in SHEETS:
        ws = book.create_sheet(sheet.zh if lang == "zh_CN" else sheet.name)
        ws.append([column_title(c, lang) for c in sheet.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
            ws.column_dimensions[cell.column_letter].width = max(14, len(str(cell.value)) * 2 + 2)
        ws.freeze_panes = "A2"
    with replacing(path) as part:
        book.save(part)
