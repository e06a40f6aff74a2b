"""A streaming reader of .xlsx worksheets: rows one at a time, memory flat whatever the size.

Why not a library: openpyxl's read-only mode needs over a minute for a million event rows, and
calamine (fast) loads a whole sheet into memory first, 600 MB for the benchmark's events sheet.
An .xlsx is a zip of XML parts; this reads the sheet list, the shared strings and which cell
styles are dates, then walks a sheet's XML with ElementTree's iterparse, dropping each row once
it is read. Cells come out as str, int, float, bool, date or datetime (like other readers), and
numbers as the float Excel stored: the cell parsers make them exact.
"""
from __future__ import annotations

import datetime as dt
import html
import io
import posixpath
import re
import zipfile
from typing import Iterator
from xml.etree.ElementTree import iterparse

from kjdesk.i18n import _

_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_STRICT_REL = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"
# Built-in number formats that show a date or time (including the CJK ones Excel and WPS use).
_DATE_FORMAT_IDS = set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))
_DATE_CODE = re.compile(r"[dmyhs]")
_NOT_CODE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')  # quoted text, [colours], escapes


class XlsxError(Exception):
    """The file is not an .xlsx workbook this reader understands."""


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _is_date_format(code: str) -> bool:
    return bool(_DATE_CODE.search(_NOT_CODE.sub("", code).lower()))


class XlsxBook:
    def __init__(self, path: str):
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise XlsxError(str(exc)) from None
        names = set(self.zip.namelist())
        if "xl/workbook.xml" not in names:
            raise XlsxError("no xl/workbook.xml: not an .xlsx workbook")
        targets = {}
        for _event, el in iterparse(self.zip.open("xl/_rels/workbook.xml.rels")):
            if _local(el.tag) == "Relationship":
                target = el.get("Target", "")
                targets[el.get("Id")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join("xl", target))
        self.sheets: dict[str, str] = {}  # sheet name → part
        self.date1904 = False
        for _event, el in iterparse(self.zip.open("xl/workbook.xml")):
            tag = _local(el.tag)
            if tag == "sheet":
                self.sheets[el.get("name")] = targets.get(el.get(_REL) or el.get(_STRICT_REL), "")
            elif tag == "workbookPr":
                self.date1904 = el.get("date1904") in ("1", "true")
        missing = [name for name, part in self.sheets.items() if part not in names]
        if missing:
            raise XlsxError(f"the sheet {missing[0]} is listed but not in the file")
        self.strings = self._shared_strings(names)
        self.date_styles = self._date_styles(names)

    @property
    def sheet_names(self) -> list[str]:
        return list(self.sheets)

    def _shared_strings(self, names) -> list[str]:
        part = "xl/sharedStrings.xml"
        if part not in names:
            return []
        strings, texts, phonetic = [], [], False
        for event, el in iterparse(self.zip.open(part), events=("start", "end")):
            tag = _local(el.tag)
            if tag == "rPh":  # a phonetic guide is not part of the text
                phonetic = event == "start"
            elif event == "start":
                continue
            elif tag == "t" and not phonetic:
                texts.append(el.text or "")
            elif tag == "si":
                strings.append("".join(texts))
                texts.clear()
                el.clear()
        return strings

    def _date_styles(self, names) -> set[int]:
        part = "xl/styles.xml"
        if part not in names:
            return set()
        custom, xfs, in_xfs = {}, [], False
        for event, el in iterparse(self.zip.open(part), events=("start", "end")):
            tag = _local(el.tag)
            if event == "start":
                if tag == "cellXfs":
                    in_xfs = True
                continue
            if tag == "numFmt":
                custom[int(el.get("numFmtId"))] = el.get("formatCode", "")
            elif tag == "xf" and in_xfs:
                xfs.append(int(el.get("numFmtId", "0")))
            elif tag == "cellXfs":
                in_xfs = False
        return {i for i, fmt in enumerate(xfs)
                if fmt in _DATE_FORMAT_IDS or (fmt in custom and _is_date_format(custom[fmt]))}

    def rows(self, name: str) -> Iterator[tuple[int, list]]:
        """(row number, cells from column A) of each row that has a cell."""
        strings, date_styles = self.strings, self.date_styles
        epoch = dt.datetime(1904, 1, 1) if self.date1904 else dt.datetime(1899, 12, 30)
        columns: dict[str, int] = {}
        dates: dict[str, object] = {}
        row_no = 0
        for attrs, body in _raw_rows(self.zip, self.sheets[name]):
            number = _ROW_NUMBER.search(attrs)
            row_no = int(number.group(1)) if number else row_no + 1
            cells: list = []
            for letters, style, kind, other_attrs, v, inline, inner in _CELL.findall(body):
                if "=" in other_attrs:  # attributes in another order than Excel's r, s, t
                    letters, style, kind = _attributes(f' r="{letters}" s="{style}" t="{kind}" {other_attrs}')
                if letters:
                    col = columns.get(letters)
                    if col is None:
                        col = columns[letters] = _column_index(letters)
                    if col > len(cells):
                        cells.extend([None] * (col - len(cells)))
                value = None
                if kind == "inlineStr":
                    value = (_unescape(inline) if "&" in inline else inline) if not inner else _text(inner)
                else:
                    if not v and inner:
                        found = _VALUE.search(inner)  # a formula's cached value
                        v = found.group(1) if found else ""
                        if not v and _FORMULA.search(inner):  # never computed: reading it blank loses data
                            raise XlsxError(_(
                                "cell {cell} holds a formula that was never computed; open and save the workbook "
                                "in Excel or WPS, or type the value").format(cell=f"{letters}{row_no}"))
                    if v:
                        if not kind or kind == "n":
                            if style and int(style) in date_styles:
                                value = dates.get(v)
                                if value is None:
                                    value = dates[v] = _date(epoch, _number(v))
                            else:
                                value = _number(v)
                        elif kind == "s":
                            value = strings[int(v)] if v.isdigit() and int(v) < len(strings) else v
                        elif kind == "b":
                            value = v.strip() in ("1", "true")
                        elif kind == "d":
                            value = _iso(v)
                        else:  # str (a formula's text), e (an error such as #N/A)
                            value = _unescape(v)
                cells.append(value)
            yield row_no, cells


# The sheet's XML is cut into rows and cells by regular expressions rather than an XML parser:
# several times faster in Python, and these are all the shapes a worksheet's rows and cells take.
_ROWS = re.compile(r"<(?:\w+:)?row\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?row>)", re.S)
_ROW_NUMBER = re.compile(r"""\br=["'](\d+)["']""")
# A cell: the column, style and type attributes in Excel's order (any others after them), then
# just a <v>alue, or just a plain inline string, or some other content (rich text, a formula).
_CELL = re.compile(
    r"""<(?:\w+:)?c(?: r=["']([A-Z]+)\d*["'])?(?: s=["'](\d+)["'])?(?: t=["'](\w+)["'])?([^>]*?)"""
    r"(?:/>|>(?:<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>|<(?:\w+:)?is><(?:\w+:)?t>([^<]*)</(?:\w+:)?t></(?:\w+:)?is>|(.*?))"
    r"</(?:\w+:)?c>)", re.S)
_ATTRIBUTE = re.compile(r"""\b([rst])=["']([^"']*)["']""")
_FORMULA = re.compile(r"<(?:\w+:)?f\b")
_VALUE = re.compile(r"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.S)
_TEXT = re.compile(r"<(?:\w+:)?t\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?t>)", re.S)
_PHONETIC = re.compile(r"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>", re.S)


def _attributes(attrs: str) -> tuple[str | None, str | None, str | None]:
    """(column letters, style, type) from a cell's attributes in any order."""
    found = {key: value for key, value in _ATTRIBUTE.findall(attrs) if value}
    letters = re.match(r"[A-Z]+", found.get("r", ""))
    return letters.group(0) if letters else "", found.get("s", ""), found.get("t", "")


def _raw_rows(archive: zipfile.ZipFile, part: str, chunk: int = 1 << 20) -> Iterator[tuple[str, str]]:
    """(row attributes, row XML) of each complete row, reading the part a chunk at a time."""
    with archive.open(part) as raw:
        stream = io.TextIOWrapper(raw, encoding="utf-8")
        buffer = ""
        while True:
            data = stream.read(chunk)
            buffer += data
            end = 0
            for match in _ROWS.finditer(buffer):
                end = match.end()
                yield match.group(1), match.group(2) or ""
            buffer = buffer[end:]
            if not data:
                return


def _text(inner: str) -> str:
    if "rPh" in inner:
        inner = _PHONETIC.sub("", inner)
    return _unescape("".join(_TEXT.findall(inner)))


def _unescape(text: str) -> str:
    return html.unescape(text) if "&" in text else text


def _column_index(ref: str) -> int:
    index = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            index = index * 26 + ord(ch) - 64
        else:
            break
    return index - 1


def _number(text: str):
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:  # not a number after all: the cell parsers will say what is wrong with it
            return text


def _date(epoch: dt.datetime, serial) -> dt.date | dt.datetime | float:
    if isinstance(serial, str):
        return serial
    try:
        moment = epoch + dt.timedelta(days=serial)
    except (OverflowError, ValueError):
        return serial
    moment = moment.replace(microsecond=0) if moment.microsecond < 500 or moment.microsecond > 999_500 else moment
    if moment.time() == dt.time():
        return moment.date()
    return moment


def _iso(text: str):
    try:
        moment = dt.datetime.fromisoformat(text.strip().rstrip("Z"))
    except ValueError:
        return text
    return moment.date() if moment.time() == dt.time() else moment
