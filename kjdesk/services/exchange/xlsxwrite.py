"""A streaming .xlsx writer for the export: rows straight into the zip, a few parts of fixed XML.

openpyxl's write-only mode took 80 s for the benchmark's 1.7 million rows; most of it is per-cell
objects. Here a row becomes one string of XML. Strings are written inline (no shared-string table
to hold in memory), dates as serial numbers with a yyyy-mm-dd style, Decimals and ints as written.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

from kjdesk.atomic import publish

_EPOCH = dt.date(1899, 12, 30).toordinal()
# Characters XML 1.0 does not allow (a pasted control character would make the file unreadable).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '{sheets}</Types>')
_SHEET_TYPE = ('<Override PartName="/xl/worksheets/sheet{n}.xml" '
               'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>')
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/>'
    '</font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill '
    'patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/>'
    '</border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')
_DATE_STYLE, _HEADER_STYLE = 1, 2



class XlsxWriter:
    """Sheets written one after another: ``sheet(name, header)`` then ``row(values)`` …, then ``close``."""

    def __init__(self, path):
        self.path = os.fspath(path)
        self.tmp = os.path.join(os.path.dirname(self.path), f".{os.path.basename(self.path)}.part")
        self.zip = zipfile.ZipFile(self.tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self.names: list[str] = []
        self.stream = None

    def sheet(self, name: str, header: list[str]) -> None:
        self._end_sheet()
        self.names.append(name)
        self.stream = self.zip.open(f"xl/worksheets/sheet{len(self.names)}.xml", "w", force_zip64=True)
        self.columns = [get_column_letter(i + 1) for i in range(len(header))]
        self.row_no = 0
        self.stream.write(
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
            b'state="frozen"/></sheetView></sheetViews><sheetData>')
        self.buffer: list[str] = []
        self.row(header, style=_HEADER_STYLE)

    def row(self, values, style: int = 0) -> None:
        self.row_no += 1
        n = self.row_no
        cells = []
        for letter, value in zip(self.columns, values):
            if value is None:
                continue
            kind = value.__class__
            if kind is str:
                if _ILLEGAL.search(value):
                    value = _ILLEGAL.sub("", value)
                text = escape(value)
                space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
                s = f' s="{style}"' if style else ""
                cells.append(f'<c r="{letter}{n}"{s} t="inlineStr"><is><t{space}>{text}</t></is></c>')
            elif kind is dt.date:
                cells.append(f'<c r="{letter}{n}" s="{_DATE_STYLE}"><v>{value.toordinal() - _EPOCH}</v></c>')
            elif kind is bool:
                cells.append(f'<c r="{letter}{n}" t="b"><v>{int(value)}</v></c>')
            elif kind is int or kind is Decimal:
                cells.append(f'<c r="{letter}{n}"><v>{value:f}</v></c>' if kind is Decimal
                             else f'<c r="{letter}{n}"><v>{value}</v></c>')
            else:
                raise TypeError(f"cannot write {kind.__name__} exactly")  # floats and datetimes are not ours
        self.buffer.append(f'<row r="{n}">{"".join(cells)}</row>')
        if len(self.buffer) >= 2000:
            self._flush()

    def _flush(self) -> None:
        self.stream.write("".join(self.buffer).encode("utf-8"))
        self.buffer.clear()

    def _end_sheet(self) -> None:
        if self.stream is not None:
            self._flush()
            self.stream.write(b"</sheetData></worksheet>")
            self.stream.close()
            self.stream = None

    def close(self) -> None:
        """Finish the workbook and put it in place (a half-written file never replaces a good one)."""
        self._end_sheet()
        sheets = "".join(f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
                         for i, name in enumerate(self.names, start=1))
        rels = "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                       f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
                       for i in range(1, len(self.names) + 1))
        n = len(self.names)
        self.zip.writestr("[Content_Types].xml", _CONTENT_TYPES.format(
            sheets="".join(_SHEET_TYPE.format(n=i) for i in range(1, n + 1))))
        self.zip.writestr("_rels/.rels", _ROOT_RELS)
        self.zip.writestr("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets>{sheets}</sheets></workbook>'))
        self.zip.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'{rels}<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/styles" Target="styles.xml"/></Relationships>'))
        self.zip.writestr("xl/styles.xml", _STYLES)
        self.zip.close()
        publish(self.tmp, self.path)

    def abandon(self) -> None:
        try:
            self.zip.close()
        finally:
            if os.path.exists(self.tmp):
                os.remove(self.tmp)
