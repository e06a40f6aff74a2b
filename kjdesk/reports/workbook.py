"""The assessment sheets as a workbook: the ranking, then every item of every subject with its
figure, computed value, score and any adjustment (one row each, for sorting and filtering)."""
from __future__ import annotations

from pathlib import Path

from kjdesk.assessment.engine import SheetResult
from kjdesk.atomic import replacing
from kjdesk.i18n import N_, translate


def write_sheet_xlsx(result: SheetResult, path) -> Path:
    """Scores go in as exact decimals (openpyxl writes a Decimal's own digits)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    lang = result.lang

    def t(text: str) -> str:
        return translate(text, lang)

    def shown(s):
        return t(N_("not entered")) if s.missing else s.score

    title = t(N_("{title}, {year}")).format(title=result.rubric.title.get(lang), year=result.year)
    wb = Workbook()
    ranking = wb.active
    ranking.title = t(N_("Ranking"))[:31]
    ranking.append([title])
    ranking["A1"].font = Font(bold=True, size=13)
    items = result.rubric.items
    ranking.append([t(N_("Rank")), t(N_("Code")), t(N_("Name"))] +
                   [f"{i.short.get(lang)} ({i.max})" for i in items] + [t(N_("Total"))])
    for row in result.rows:
        ranking.append([row.rank, row.code, row.name] + [shown(row.items[i.id]) for i in items] + [row.total])
    detail = wb.create_sheet(t(N_("Items"))[:31])
    detail.append([t(N_("Code")), t(N_("Name")), t(N_("No.")), t(N_("Item")), t(N_("Maximum")), t(N_("Figure")),
                   t(N_("Computed")), t(N_("Score")), t(N_("Reason for the adjustment")), t(N_("By")), t(N_("At"))])
    for row in result.rows:
        for i in items:
            s = row.items[i.id]
            who = s.adjustment or s.entry
            detail.append([row.code, row.name, i.number, i.name.get(lang), i.max, s.figure_text, s.computed, shown(s),
                           s.adjustment.reason if s.adjustment else "", who.by if who else "",
                           who.at.isoformat(sep=" ", timespec="minutes") if who else ""])
    for ws, widths in ((ranking, [8, 10, 34] + [12] * len(items) + [10]), (detail, [10, 34, 6, 40, 9, 60, 10, 10, 40, 12, 18])):
        for n, width in enumerate(widths, start=1):
            ws.column_dimensions[ws.cell(row=1, column=n).column_letter].width = width
        for cell in ws[2 if ws is ranking else 1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    with replacing(path) as part:
        wb.save(part)
    return Path(path)
