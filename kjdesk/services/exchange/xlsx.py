"""A streaming reader of .xlsx worksheets: rows one at a time, memory flat whatever the size.

Why not a library: openpyxl's read-only mode needs over a minute for a million event rows, and
calamine (fast) loads a whole sheet into memory first, 600 MB for the benchmark's events sheet.
An .xlsx is a zip of XML parts; this reads the sheet list, the shared strings and which cell
styles are dates, then cuts a sheet's XML into rows and cells with regular expressions, dropping
each row once it is read. Cells come out as str, int, float, bool, date or datetime (like other readers), and
numbers as the float Excel stored: the cell parsers make them exact.

A workbook may come from anyone, so nothing in it may cost more than its size warrants: a part that
would unpack to more than 100 times its packed size and more than 256 MB is refused before it is
read, as is any XML that declares entities; a row's XML is bounded, and so are its column and row
numbers; and a row comes out only as wide as the caller asks (``SheetRows.width``), so a lone cell
far to the right allocates nothing. A cell that holds no value to take (an error such as #N/A, a
shared string that does not exist, Excel's 1900-02-29) comes out as a BadCell saying why.
"""
from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from typing import Iterator
from xml.etree.ElementTree import iterparse

from kjdesk.i18n import N_, _

_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_STRICT_REL = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"
# Built-in number formats that show a date or time (including the CJK ones Excel and WPS use).
_DATE_FORMAT_IDS = set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))
_DATE_CODE = re.compile(r"[dmyhs]")
_NOT_CODE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')  # quoted text, [colours], escapes


class XlsxError(Exception):
    """The file is not an .xlsx workbook this reader understands (or would cost too much to read)."""


class BadCell:
    """A cell that has no value to take; ``text`` is what the file holds, ``reason`` why it is refused."""
    __slots__ = ("text", "reason")

    def __init__(self, text: str, reason: str):
        self.text, self.reason = text, reason

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"BadCell({self.text!r})"


MAX_COLUMNS = 16_384        # XFD, the last column of a worksheet
MAX_ROWS = 1_048_576
MAX_RATIO = 100             # a part may unpack to at most 100 times its packed size …
MAX_UNPACKED = 256_000_000  # … unless it stays within 256 MB
MAX_ROW_XML = 4 << 20       # characters of one row's XML (Excel's widest row of full cells is far less)
MAX_SMALL_PART = 64_000_000  # the workbook, its relationships and styles are parsed whole
MAX_SHARED_STRINGS = 1 << 22  # the table is held whole, so its length is bounded: 4.2 million texts
_PROLOG = 1 << 16           # the XML declaration and comments before the root element
# What Excel shows for an error; the same text typed or pasted as a string is no value either.
ERRORS = frozenset({"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#GETTING_DATA",
                    "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!"})


def _check_sizes(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip bomb before reading anything: a part, or all of them together, that would unpack
    to more than MAX_RATIO times its packed size and more than MAX_UNPACKED bytes. The sizes are the
    zip's directory's, and reading never yields more than they say."""
    parts = [(f"“{i.filename}”", i.file_size, i.compress_size) for i in infos]
    parts.append((_("all its parts together"), sum(p[1] for p in parts), sum(p[2] for p in parts)))
    for part, size, packed in parts:
        if size > MAX_UNPACKED and size > MAX_RATIO * packed:
            raise XlsxError(_(
                "{part} would unpack from {packed} KB to {size} MB, more than {ratio} times as much; "
                "refused unread, as no workbook is packed that tightly").format(
                part=part, packed=packed // 1000, size=size // 1_000_000, ratio=MAX_RATIO))


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
        _check_sizes(self.zip.infolist())
        names = set(self.zip.namelist())
        if "xl/workbook.xml" not in names:
            raise XlsxError("no xl/workbook.xml: not an .xlsx workbook")
        targets = {}
        for _event, el in iterparse(self._open("xl/_rels/workbook.xml.rels", whole=True)):
            if _local(el.tag) == "Relationship":
                target = el.get("Target", "")
                targets[el.get("Id")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join("xl", target))
        self.sheets: dict[str, str] = {}  # sheet name → part
        self.hidden: set[str] = set()  # sheets the user does not see (hidden or veryHidden)
        self.date1904 = False
        for _event, el in iterparse(self._open("xl/workbook.xml", whole=True)):
            tag = _local(el.tag)
            if tag == "sheet":
                self.sheets[el.get("name")] = targets.get(el.get(_REL) or el.get(_STRICT_REL), "")
                if el.get("state") in ("hidden", "veryHidden"):
                    self.hidden.add(el.get("name"))
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

    def _open(self, part: str, whole: bool = False):
        """A part to read, once its start shows no entity declarations (and, if parsed whole, its size is small)."""
        info = self.zip.getinfo(part)
        if whole and info.file_size > MAX_SMALL_PART:
            raise XlsxError(_("the part {part} would unpack to {size} MB; it is never more than {limit} MB").format(
                part=part, size=info.file_size // 1_000_000, limit=MAX_SMALL_PART // 1_000_000))
        with self.zip.open(info) as stream:
            head = stream.read(_PROLOG)
        root = _ROOT.search(head)
        prolog = head[:root.start()] if root else head
        if b"<!DOCTYPE" in prolog.upper() or b"<!ENTITY" in prolog.upper():
            raise XlsxError(_("the part {part} declares entities (a DOCTYPE), which a workbook never does").format(
                part=part))
        if root is None or b"\0" in head:
            raise XlsxError(_("the part {part} is not UTF-8 XML").format(part=part))
        return self.zip.open(info)

    def _shared_strings(self, names) -> list:
        part = "xl/sharedStrings.xml"
        if part not in names:
            return []
        strings: list = []
        same: dict[str, str] = {}  # one object per distinct text: a table of repeats costs only its slots
        for (inner,) in _elements(self._open(part), _SI, _SI_START, _("a shared string")):
            text = _text(inner) if inner else ""
            strings.append(BadCell(text, _(_ERROR_REASON)) if text in ERRORS else same.setdefault(text, text))
            if len(strings) > MAX_SHARED_STRINGS:
                raise XlsxError(_("more than {n} shared strings; no workbook has so many").format(
                    n=f"{MAX_SHARED_STRINGS:,}"))
        return strings

    def _date_styles(self, names) -> set[int]:
        part = "xl/styles.xml"
        if part not in names:
            return set()
        custom, xfs, in_xfs = {}, [], False
        for event, el in iterparse(self._open(part, whole=True), events=("start", "end")):
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

    def rows(self, name: str) -> SheetRows:
        """(row number, cells from column A, stray) of each row that has a cell; see SheetRows."""
        return SheetRows(self, self.sheets[name])


class SheetRows:
    """The rows of one sheet as (row number, cells, stray): ``cells`` holds the columns before
    ``width`` (set it between rows; at first every column to XFD); ``stray`` is (column index,
    value) of the first cell beyond them that holds something, or None. Only cells in the file take
    room: a row is never longer than its cells before ``width``."""

    def __init__(self, book: XlsxBook, part: str):
        self.width = MAX_COLUMNS
        self._rows = self._read(book, part)  # opened, and so checked, when the first row is asked for

    def __iter__(self) -> Iterator[tuple[int, list, tuple[int, object] | None]]:
        return self._rows

    def _read(self, book: XlsxBook, part: str):
        strings, date_styles = book.strings, book.date_styles
        epoch = dt.datetime(1904, 1, 1) if book.date1904 else dt.datetime(1899, 12, 30)
        columns: dict[str, int] = {}
        dates: dict[str, object] = {}
        row_no = 0
        for attrs, body in _elements(book._open(part), _ROWS, _ROW_START, _("a row")):
            number = _ROW_NUMBER.search(attrs)
            new = int(number.group(1)) if number else row_no + 1
            if not row_no < new <= MAX_ROWS:
                raise _row_problem(number.group(1) if number else str(new), row_no)
            row_no = new
            width = self.width
            cells: list = []
            jumps = None  # (position in cells, column) where a cell beyond width was put next to the last one
            for letters, style, kind, other_attrs, v, inline, inner in _CELL.findall(body or ""):
                if "=" in other_attrs:  # attributes in another order than Excel's r, s, t
                    letters, style, kind = _attributes(f' r="{letters}" s="{style}" t="{kind}" {other_attrs}')
                if letters:
                    col = columns.get(letters)
                    if col is None:
                        col = columns[letters] = _column_index(letters, row_no)
                    if col != len(cells):
                        if len(cells) < col < width and jumps is None:
                            cells.extend([None] * (col - len(cells)))
                        else:
                            jumps = _jump(cells, col, jumps, letters, row_no)
                value = None
                if kind == "inlineStr":
                    value = (_unescape(inline) if "&" in inline else inline) if not inner else _text(inner)
                    if value in ERRORS:
                        value = BadCell(value, _(_ERROR_REASON))
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
                                    value = dates[v] = _date(epoch, _number(v), v)
                            else:
                                value = _number(v)
                        elif kind == "s":
                            value = strings[int(v)] if v.isdigit() and int(v) < len(strings) else BadCell(
                                v, _("there is no shared string {n} in the workbook").format(n=v[:20]))
                        elif kind == "b":
                            value = v.strip() in ("1", "true")
                        elif kind == "d":
                            value = _iso(v)
                        elif kind == "e":
                            value = BadCell(_unescape(v), _(_ERROR_REASON))
                        else:  # str: a formula's text
                            value = _unescape(v)
                            if value in ERRORS:
                                value = BadCell(value, _(_ERROR_REASON))
                cells.append(value)
            if jumps is not None or len(cells) > width:
                if _last_column(cells, jumps) >= MAX_COLUMNS:  # cells without a column reference run past XFD
                    raise XlsxError(_("row {row} has cells beyond column XFD, the last column of a worksheet").format(
                        row=row_no))
                yield row_no, cells[:width if jumps is None else min(width, jumps[0][0])], _stray(cells, width, jumps)
            else:
                yield row_no, cells, None


_ERROR_REASON = N_("an error value, not a value: correct the formula or type the value")


def _row_problem(digits: str, previous: int) -> XlsxError:
    if int(digits) > MAX_ROWS:
        return XlsxError(_("row {row} is beyond row {last}, the last row of a worksheet").format(
            row=digits[:20], last=MAX_ROWS))
    return XlsxError(_("row {row} comes after row {previous}; rows go down the sheet").format(
        row=int(digits), previous=previous))


def _column_index(letters: str, row_no: int) -> int:
    if len(letters) > 3 or letters > "XFD" and len(letters) == 3:
        raise XlsxError(_("cell {cell} is beyond column XFD, the last column of a worksheet").format(
            cell=f"{letters[:10]}{row_no}"))
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def _jump(cells: list, col: int, jumps, letters: str, row_no: int):
    """Where a cell goes that is not the next column: beyond ``width`` it is put next to the last
    cell (its column noted), never at its position; before a cell already read it is refused."""
    if col <= _last_column(cells, jumps):
        raise XlsxError(_("cell {cell} comes after a cell to its right; cells go from left to right").format(
            cell=f"{letters}{row_no}"))
    jumps = jumps or []
    jumps.append((len(cells), col))
    return jumps


def _last_column(cells: list, jumps) -> int:
    return len(cells) - 1 if jumps is None else jumps[-1][1] + len(cells) - 1 - jumps[-1][0]


def _stray(cells: list, width: int, jumps) -> tuple[int, object] | None:
    """(column, value) of the first cell beyond ``width`` that holds something."""
    positions = dict(jumps or ())
    col = -1
    for pos, value in enumerate(cells):
        col = positions.get(pos, col + 1)
        if col >= width and value is not None and not (value.__class__ is str and not value.strip()):
            return col, value
    return None


# The sheet's XML is cut into rows and cells by regular expressions rather than an XML parser:
# several times faster in Python, and these are all the shapes a worksheet's rows and cells take.
_ROWS = re.compile(r"<(?:\w+:)?row\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?row>)", re.S)
_ROW_START = re.compile(r"<(?:\w+:)?row\b")
_ROW_NUMBER = re.compile(r"""\br=["'](\d+)["']""")
_SI = re.compile(r"<(?:\w+:)?si\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?si>)", re.S)
_SI_START = re.compile(r"<(?:\w+:)?si\b")
_ROOT = re.compile(rb"<[^?!]")
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


def _elements(raw, pattern: re.Pattern, start: re.Pattern, what: str, chunk: int = 1 << 20):
    """The groups of each complete element ``pattern`` matches, reading the part a chunk at a time.

    Only an unfinished element is kept between chunks (what lies between elements is dropped), and
    one longer than MAX_ROW_XML refuses the part: memory stays flat whatever the file holds.
    """
    with raw:
        stream = io.TextIOWrapper(raw, encoding="utf-8")
        buffer = ""
        while True:
            data = stream.read(chunk)
            buffer += data
            end = 0
            for match in pattern.finditer(buffer):
                end = match.end()
                yield match.groups()
            buffer = buffer[end:]
            if len(buffer) > MAX_ROW_XML:
                unfinished = start.search(buffer)
                if unfinished is None:
                    buffer = buffer[-64:]  # nothing begun: keep only what may be the start of a tag
                elif len(buffer) - unfinished.start() > MAX_ROW_XML:
                    raise XlsxError(_("{what} of more than {limit} MB of XML; a workbook never has one").format(
                        what=what, limit=MAX_ROW_XML >> 20))
                else:
                    buffer = buffer[unfinished.start():]
            if not data:
                return


def _text(inner: str) -> str:
    if "rPh" in inner:
        inner = _PHONETIC.sub("", inner)
    return _unescape("".join(_TEXT.findall(inner)))


_ENTITY = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9A-Fa-f]{1,6}));|&[^&]{0,20}")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _unescape(text: str) -> str:
    return _ENTITY.sub(_entity, text) if "&" in text else text


def _entity(match: re.Match) -> str:
    """XML's five entities and character references; anything else is not XML (no entity is declared)."""
    name, decimal, hexadecimal = match.groups()
    if name:
        return _NAMED[name]
    code = int(decimal) if decimal else int(hexadecimal, 16) if hexadecimal else -1
    if not 0 < code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise XlsxError(_("“{entity}” is not an XML character or entity").format(
            entity=match.group(0).encode("unicode_escape").decode("ascii")))
    return chr(code)


def _number(text: str):
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:  # not a number after all: the cell parsers will say what is wrong with it
            return text


def _date(epoch: dt.datetime, serial, text: str):
    if isinstance(serial, str):
        return serial
    if epoch.year == 1899 and 1 <= serial < 61:  # Excel counts a 1900-02-29 (serial 60) that never was
        if serial >= 60:
            return BadCell(text, _("the date serial 60 is Excel's 1900-02-29, a day that does not exist"))
        serial += 1
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
