"""Chinese line breaking in table cells that keeps punctuation off the start of a line.

ReportLab's CJK wrapping cuts between any two characters and knows only some of the characters
that may not start a line (it misses ，：；！？》” among others), and it hangs at most one of them
in the margin. Here a line breaks earlier instead: the character before the punctuation moves
down with it, so every line stays inside its cell and none starts with a closing mark. Latin
words inside Chinese text are not cut (they break at spaces), as in ReportLab.
"""
from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

# Characters that may not start a line: closing punctuation and marks (full- and half-width).
NO_LINE_START = frozenset(
    "，。、：；！？）》」』】〕〉〗〙〛”’…‥·・—～％‰℃°′″"
    "!),.:;?]}%"
    "\u3005\u309d\u309e\u30fb\u30fc\u30fd\u30fe\uff09\uff3d\uff5d\uff60\uff61\uff64\uff0e"
)
# Characters that may not end a line: opening brackets and quotes.
NO_LINE_END = frozenset("（《「『【〔〈〖〘〚“‘([{\uff08\uff3b\uff5b\uff5f")


def _latin(ch: str) -> bool:
    return ch.isascii() and not ch.isspace()


def _may_break_before(text: str, pos: int) -> bool:
    """Whether a line may end before ``text[pos]``."""
    before, after = text[pos - 1], text[pos]
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    if _latin(before) and _latin(after):
        # inside a Latin word or number (10,000 stays whole), except after a hyphen between letters
        return before == "-" and after.isalpha()
    return True


def _before_short_bracket(text: str, start: int, end: int, reach: int = 4) -> int:
    """Move a break before an opening bracket opened near the end of the line, so that a short
    group such as （万元） is not split across lines."""
    for pos in range(end - 1, max(start, end - reach) - 1, -1):
        if text[pos] in NO_LINE_END:
            return pos if pos > start else end
        if text[pos] in NO_LINE_START:
            break
    return end


def break_lines(text: str, font: str, size: float, max_widths) -> list[tuple[float, str]]:
    """(spare width, line) for each line of ``text`` wrapped into ``max_widths`` (a width or a list)."""
    widths_list = max_widths if isinstance(max_widths, (list, tuple)) else [max_widths]
    widths = [stringWidth(ch, font, size) for ch in text]
    lines: list[tuple[float, str]] = []
    start, n = 0, len(text)
    while start < n:
        limit = widths_list[min(len(lines), len(widths_list) - 1)]
        used, end = 0.0, start
        while end < n and (used + widths[end] <= limit + 1e-6 or end == start):
            used += widths[end]
            end += 1
        if end < n:
            cut = end
            while cut > start + 1 and not _may_break_before(text, cut):
                cut -= 1
            if cut > start + 1 or _may_break_before(text, cut):
                end = _before_short_bracket(text, start, cut)
            else:  # nothing allowed (a line of punctuation or one long word): cut where it fits
                end = max(end, start + 1)
        line = text[start:end].strip()
        lines.append((limit - stringWidth(line, font, size), line))
        start = end
        while start < n and text[start] == " ":
            start += 1
    return lines


class CJKParagraph(Paragraph):
    """A Paragraph of plain text (one font, no markup) that wraps Chinese by the rules above."""

    def __init__(self, text: str, style, **kw):
        from xml.sax.saxutils import escape

        self.plain = text
        super().__init__(escape(text), style, **kw)

    def breakLines(self, width):
        if not isinstance(width, (list, tuple)):
            width = [width]
        style = self.style
        lines = break_lines(self.plain, style.fontName, style.fontSize, width)
        frag = self.frags[0] if self.frags else None
        if frag is None:
            return super().breakLines(width)
        return frag.clone(kind=0, lines=[(spare, [line]) for spare, line in lines],
                          ascent=style.fontSize, descent=-0.2 * style.fontSize)

    breakLinesCJK = breakLines  # Paragraph.wrap calls this one when wordWrap is "CJK"

    def line_texts(self) -> list[str]:
        """The text of each line as laid out by the last wrap (for tests and checks)."""
        return ["".join(words) for _spare, words in self.blPara.lines]
