"""The assessment sheets as PDF: a ranking summary page, then one page per station or bank laid out
like the official form (no., item, criterion, maximum, figure, score; total; signatures).

Takes the plain result of ``kjdesk.assessment.engine.assess`` (no session); texts come in the
result's language.
"""
from __future__ import annotations

import re
from pathlib import Path

from reportlab.lib import colors
from reportlab.platypus import KeepTogether, PageBreak, Spacer, Table, TableStyle

from kjdesk.assessment.engine import SheetResult, SubjectScore, score_text
from kjdesk.i18n import N_, translate
from kjdesk.reports import pdfdoc
from kjdesk.reports.pdfdoc import FRAME_WIDTH, MUTED, SHADE, BoldTitle, para

GROUP_SHADE = colors.HexColor("#F6F6F6")
CHINESE_NUMERALS = "一二三四五六七八九十"


def _t(result: SheetResult, text: str) -> str:
    return translate(text, result.lang)


def sheet_title(result: SheetResult) -> str:
    return _t(result, N_("{title}, {year}")).format(title=result.rubric.title.get(result.lang), year=result.year)


def _subject_label(result: SheetResult) -> str:
    return _t(result, N_("Station")) if result.sheet == "station" else _t(result, N_("Bank"))


NOT_ENTERED = N_("not entered")


def _finalized_line(result: SheetResult):
    if result.finalized is None:
        return Spacer(1, 0)
    by, at = result.finalized
    return para(_t(result, N_("Finalized by {by} on {date}: the figures as signed")).format(
        by=by, date=pdfdoc.format_day(at.date(), result.lang)), 8.5, align="center", color=MUTED)


def summary_story(result: SheetResult) -> list:
    """The ranking summary page: every subject's item scores and total, best first."""
    lang, items = result.lang, result.rubric.items
    header = [para(_t(result, N_("Rank")), 8.5, align="center"), para(_t(result, N_("Code")), 8.5, align="center"),
              para(_subject_label(result), 8.5, align="center")]
    header += [para(i.short.get(lang), 7.5, align="center") for i in items]
    header.append(para(_t(result, N_("Total")), 8.5, align="center"))
    maxima = ["", "", para(_t(result, N_("Maximum")), 7.5, align="center", color=MUTED)]
    maxima += [para(score_text(i.max), 7.5, align="center", color=MUTED) for i in items]
    maxima.append(para(score_text(result.rubric.total), 7.5, align="center", color=MUTED))
    rows = [header, maxima]
    adjusted_any = False
    for row in result.rows:
        cells = [para(str(row.rank), 9, align="center"), para(row.code, 8, align="center"), para(row.name, 8.5)]
        for item in items:
            s = row.items[item.id]
            adjusted_any |= s.adjustment is not None
            if s.missing:
                cells.append(para(_t(result, NOT_ENTERED), 7.5, align="center", color=MUTED))
            else:
                cells.append(para(score_text(s.score) + ("*" if s.adjustment else ""), 9, align="center"))
        cells.append(para(score_text(row.total), 9.5, align="center"))
        rows.append(cells)
    rank_w, code_w, total_w = 30, 44, 44
    name_w = 132 if result.sheet == "bank" else 124
    item_w = (FRAME_WIDTH - rank_w - code_w - name_w - total_w) / len(items)
    table = Table(rows, colWidths=[rank_w, code_w, name_w] + [item_w] * len(items) + [total_w], repeatRows=2)
    table.setStyle(TableStyle(pdfdoc.grid_style(2) + [("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1)),
                                                      ("LEFTPADDING", (3, 0), (-1, 0), 2),
                                                      ("RIGHTPADDING", (3, 0), (-1, 0), 2),
                                                      ("BACKGROUND", (0, 1), (-1, 1), SHADE)]))
    story = [BoldTitle(_t(result, N_("{sheet}: ranking summary")).format(sheet=sheet_title(result)), 15),
             para(_t(result, N_("{count} assessed, best first; equal totals share the rank. Rubric {rubric}.")).format(
                 count=len(result.rows), rubric=result.rubric.id), 8.5, align="center", color=MUTED),
             _finalized_line(result), Spacer(1, 8), table]
    if adjusted_any:
        story += [Spacer(1, 4), para(_t(result, N_("* adjusted by the assessor; the sheet shows the computed value "
                                                   "and the reason")), 8, color=MUTED)]
    return story


def subject_story(result: SheetResult, row: SubjectScore) -> list:
    """One station's or bank's sheet, meant to fit one A4 page."""
    lang, rubric = result.lang, result.rubric
    info = Table([[para(_t(result, N_("{subject}: {name} ({code})")).format(
                        subject=_subject_label(result), name=row.name, code=row.code), 10),
                   para(_t(result, N_("Assessed year: {year}")).format(year=result.year), 10, align="center"),
                   para(_t(result, N_("Rank: {rank} of {count}")).format(rank=row.rank, count=len(result.rows)), 10,
                        align="right")]],
                 colWidths=[FRAME_WIDTH * 0.56, FRAME_WIDTH * 0.22, FRAME_WIDTH * 0.22])
    info.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), pdfdoc.FONT), ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                              ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    head = [_t(result, N_("No.")), _t(result, N_("Item")), _t(result, N_("Criterion")), _t(result, N_("Max.")),
            _t(result, N_("Figure")), _t(result, N_("Score"))]
    rows = [[para(h, 9, align="center") for h in head]]
    spans, notes = [], []
    groups = {g.id: g for g in rubric.groups}
    group_no, seen_groups = 0, set()
    for item in rubric.items:
        if item.group and item.group not in seen_groups:
            seen_groups.add(item.group)
            group = groups[item.group]
            label = (f"{CHINESE_NUMERALS[group_no]}、" if lang == "zh_CN" else f"{group_no + 1}. ")
            group_no += 1
            spans.append(len(rows))
            rows.append([para(_t(result, N_("{group} ({max} points)")).format(
                group=label + group.name.get(lang), max=score_text(group.max)), 9), "", "", "", "", ""])
        s = row.items[item.id]
        score_cell = [para(_t(result, NOT_ENTERED) if s.missing else score_text(s.score), 11, align="center")]
        if s.adjustment:
            notes.append((item, s))
            score_cell.append(para(_t(result, N_("computed {score}")).format(score=score_text(s.computed)) +
                                   f" [{len(notes)}]", 7, align="center", color=MUTED))
        rows.append([para(str(item.number), 9, align="center"), para(item.name.get(lang), 8.5),
                     para(item.criterion.get(lang), 7.5), para(score_text(item.max), 9, align="center"),
                     para(s.figure_text, 7.5), score_cell])
    rows.append([para(_t(result, N_("Total")), 10, align="center"), "", "", para(score_text(rubric.total), 9, align="center"),
                 "", para(score_text(row.total), 12, align="center")])
    widths = [24, 92, 178, 34, 118]
    widths.append(FRAME_WIDTH - sum(widths))
    table = Table(rows, colWidths=widths, repeatRows=1)
    commands = pdfdoc.grid_style(1) + [("SPAN", (0, len(rows) - 1), (2, len(rows) - 1)),
                                       ("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), SHADE)]
    for r in spans:
        commands += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), GROUP_SHADE)]
    table.setStyle(TableStyle(commands))
    story = [BoldTitle(sheet_title(result), 16), Spacer(1, 6), info, Spacer(1, 6), table]
    for n, (item, s) in enumerate(notes, start=1):
        a = s.adjustment
        story.append(para(_t(result, N_("[{n}] {item}: adjusted from {computed} to {score} by {by} on {date}. "
                                        "Reason: {reason}")).format(
            n=n, item=item.name.get(lang), computed=score_text(s.computed), score=score_text(s.score), by=a.by,
            date=pdfdoc.format_day(a.at.date(), lang), reason=a.reason) + (" " + _t(result, N_(
                "The computed value has moved since: it was {then} when adjusted.")).format(
                then=score_text(a.computed)) if s.moved else ""), 8))
    if not row.complete:
        story.append(para(_t(result, N_("Incomplete: {items} not entered yet; they count 0 in the total.")).format(
            items=", ".join(row.items[i.id].item.name.get(lang) for i in rubric.items if row.items[i.id].missing)),
            8.5, color=MUTED))
    story.insert(3, _finalized_line(result))
    if rubric.issued:
        story += [Spacer(1, 4), para(_t(result, N_("Rubric: {issued} ({rubric})")).format(
            issued=rubric.issued.get(lang), rubric=rubric.id), 7.5, color=MUTED)]
    story += [Spacer(1, 14), KeepTogether(pdfdoc.signature_block(lang))]
    return story


def _document(result: SheetResult, rows: list[SubjectScore], *, summary: bool) -> list:
    story = summary_story(result) if summary else []
    for row in rows:
        if story:
            story.append(PageBreak())
        story += subject_story(result, row)
    return story


def write_sheet_pdf(result: SheetResult, path) -> Path:
    """All of a sheet in one PDF: the ranking summary first, then one page per subject."""
    path = Path(path)
    pdfdoc.build(path, _document(result, result.rows, summary=True), title=sheet_title(result), lang=result.lang)
    return path


def write_subject_pdf(result: SheetResult, code: str, path) -> Path:
    """One station's or bank's sheet."""
    row = next(r for r in result.rows if r.code == code)
    path = Path(path)
    pdfdoc.build(path, subject_story(result, row), title=f"{sheet_title(result)} — {row.name}", lang=result.lang)
    return path


def write_sheet_pdfs(result: SheetResult, folder) -> list[Path]:
    """One PDF per subject in ``folder`` (created if needed), plus the ranking summary's own file."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / f"{result.year}-{result.sheet}-ranking.pdf"]
    pdfdoc.build(written[0], summary_story(result), title=sheet_title(result), lang=result.lang)
    for row in result.rows:
        path = folder / f"{result.year}-{result.sheet}-{_safe(row.code)}.pdf"
        pdfdoc.build(path, subject_story(result, row), title=f"{sheet_title(result)} — {row.name}", lang=result.lang)
        written.append(path)
    return written


def _safe(code: str) -> str:
    return re.sub(r"[^\w.-]+", "_", code)
