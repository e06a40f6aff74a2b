"""What every kjdesk PDF shares: the embedded CJK font, paragraph styles, A4 pages numbered
"page x of y", a fake-bold title (the font has no bold face) and the signature lines."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from babel.dates import format_date as _babel_date
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate, Table, TableStyle

from kjdesk.atomic import replacing
from kjdesk.i18n import N_, current_language, translate
from kjdesk.reports.cjk import CJKParagraph

FONT = "WenQuanYiMicroHei"
FONT_FILE = Path(__file__).resolve().parent.parent.parent / "resources" / "fonts" / "wqy-microhei.ttc"
MARGIN = 16 * mm
PAGE_WIDTH, PAGE_HEIGHT = A4
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN
GRID = colors.HexColor("#555555")
SHADE = colors.HexColor("#EDEDED")
MUTED = colors.HexColor("#555555")
_BABEL_LOCALE = {"zh_CN": "zh_CN", "en": "en_US"}


def format_day(day: dt.date, lang: str | None = None) -> str:
    """A date as the screens show it in ``lang``: 2018年3月31日, Mar 31, 2018."""
    return _babel_date(day, format="medium", locale=_BABEL_LOCALE.get(lang or current_language(), "en_US"))


def register_font() -> str:
    """Register the TrueType CJK font once (ReportLab embeds the glyphs used in each PDF)."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE), subfontIndex=0))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT)
    return FONT


def style(size: float = 9, *, align: str = "left", leading: float | None = None,
          color=colors.black) -> ParagraphStyle:
    register_font()
    alignment = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}[align]
    return ParagraphStyle(f"kj-{size}-{align}-{color}", fontName=FONT, fontSize=size,
                          leading=leading or size * 1.35, alignment=alignment, textColor=color, wordWrap="CJK")


def para(text: str, size: float = 9, **kw) -> CJKParagraph:
    return CJKParagraph(str(text), style(size, **kw))


class BoldTitle(Flowable):
    """A centred title drawn filled and stroked, which reads as bold with a single-weight font."""

    def __init__(self, text: str, size: float = 16, space_after: float = 4):
        super().__init__()
        self.text, self.size, self.space_after = text, size, space_after

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        return avail_width, self.size * 1.3 + self.space_after

    def draw(self):
        canvas = self.canv
        canvas.saveState()
        canvas.setFont(FONT, self.size)
        canvas.setLineWidth(self.size * 0.03)
        text = canvas.beginText()
        text.setTextRenderMode(2)
        text.setFont(FONT, self.size)
        width = pdfmetrics.stringWidth(self.text, FONT, self.size)
        text.setTextOrigin((self.width - width) / 2, self.space_after + self.size * 0.25)
        text.textOut(self.text)
        canvas.drawText(text)
        canvas.restoreState()


class NumberedCanvas(Canvas):
    """Holds the pages back until the end so each can say "page x of y"."""
    lang = "en"

    def __init__(self, *args, **kwargs):
        kwargs["initialFontName"] = kwargs.get("initialFontName") or FONT  # no unembedded Helvetica
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        count = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont(FONT, 8)
            self.setFillColor(MUTED)
            self.drawCentredString(PAGE_WIDTH / 2, MARGIN / 2,
                                   translate(N_("page {page} of {pages}"), self.lang).format(page=self._pageNumber, pages=count))
            super().showPage()
        super().save()


def build(path, story: list, *, title: str, lang: str | None = None, footer: str = "") -> None:
    """Lay ``story`` out on numbered A4 pages and write ``path``."""
    register_font()
    canvasmaker = type("PageCanvas", (NumberedCanvas,), {"lang": lang or current_language()})

    def on_page(canvas, doc):
        if footer:
            canvas.saveState()
            canvas.setFont(FONT, 7.5)
            canvas.setFillColor(MUTED)
            canvas.drawString(MARGIN, MARGIN / 2, footer)
            canvas.restoreState()

    with replacing(path) as part:
        doc = SimpleDocTemplate(str(part), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                bottomMargin=MARGIN, title=title, author="kjdesk", creator="kjdesk")
        doc.build(story, onFirstPage=on_page, onLaterPages=on_page, canvasmaker=canvasmaker)


def grid_style(header_rows: int = 1) -> list:
    return [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), SHADE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]


def signature_block(lang: str | None = None) -> Table:
    """Lines for the assessor's and the reviewer's signatures and the date."""
    line = "_" * 18
    cells = [[para(translate(N_("Assessor (signature): {line}"), lang).format(line=line), 10),
              para(translate(N_("Reviewer (signature): {line}"), lang).format(line=line), 10)],
             [para(translate(N_("Date: ____________________"), lang), 10), ""]]
    table = Table(cells, colWidths=[FRAME_WIDTH / 2] * 2)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("TOPPADDING", (0, 0), (-1, -1), 10), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("SPAN", (0, 1), (1, 1))]))
    return table


def payment_signatures(lang: str | None = None) -> Table:
    """Lines for who prepared, checked and approved a payment, and the date."""
    line = "_" * 14
    cells = [[para(translate(label, lang).format(line=line), 10) for label in (
        N_("Prepared by: {line}"), N_("Checked by: {line}"), N_("Approved by: {line}"))],
        [para(translate(N_("Date: ____________________"), lang), 10), "", ""]]
    table = Table(cells, colWidths=[FRAME_WIDTH / 3] * 3)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("TOPPADDING", (0, 0), (-1, -1), 10),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("SPAN", (0, 1), (2, 1))]))
    return table
