"""Reading the workbook: which sheets it has, their columns by title, and each row's cells parsed.

The workbook is read row by row (xlsx.py), so a million event rows take seconds and no more memory
than one row, and a row only as wide as the sheet's titled columns. Every problem is collected,
never raised one at a time, so a refused import can list them all; what a problem shows of the
file is escaped, so no control character of a cell reaches a terminal.
"""
from __future__ import annotations

import os
import zipfile
import zlib
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from openpyxl.utils import get_column_letter

from kjdesk.domain.errors import DomainError
from kjdesk.i18n import _
from kjdesk.services.exchange.cells import PARSERS, CellProblem, is_blank, printable, shown, text_problem
from kjdesk.services.exchange.sheets import SHEETS, Sheet, column_for_title, is_instructions, sheet_for_title
from kjdesk.services.exchange.xlsx import BadCell, XlsxBook, XlsxError

# A column the sheet does not have (as opposed to a blank cell, None): an update leaves it alone.
ABSENT = object()
# A cell that could not be read; its problem is recorded, and nothing else is said about it.
BAD = object()


@dataclass(frozen=True)
class Problem:
    """One reason a workbook was refused: where (sheet, row, column), the value, and why."""
    sheet: str | None
    row: int | None
    column: str | None
    value: str
    reason: str

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(_("sheet {sheet}").format(sheet=self.sheet))
        if self.row:
            where.append(_("row {row}").format(row=self.row))
        if self.column:
            where.append(_("column {column}").format(column=self.column))
        if self.value not in (None, ""):
            where.append(_("value “{value}”").format(value=self.value))
        return _("{where}: {reason}").format(where=_(", ").join(where), reason=self.reason) if where else self.reason


class WorkbookUnreadable(DomainError):
    """The file is missing or is not a workbook."""


class Problems(list):
    """The problems found so far; ``add`` keeps the signature short at the many call sites."""

    def add(self, sheet: str | None, row: int | None, column: str | None, value, reason: str) -> None:
        self.append(Problem(sheet and printable(sheet), row, column and printable(column), shown(value),
                            printable(reason)))


def open_workbook(path) -> Workbook:
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise WorkbookUnreadable(_("{path}: there is no such file").format(path=path))
    try:
        book = XlsxBook(path)
    # SyntaxError: ElementTree's ParseError; BadZipFile, zlib.error, EOFError: a damaged or lying zip
    except (XlsxError, KeyError, ValueError, SyntaxError, zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise WorkbookUnreadable(_("{path} is not an Excel workbook (.xlsx) that can be read: {reason}").format(
            path=printable(path), reason=printable(str(exc)))) from None
    return Workbook(book)


def _readable(rows: Iterable[tuple[int, list, tuple | None]], title: str
              ) -> Iterator[tuple[int, list, tuple | None]]:
    """The rows of a sheet; a sheet that cannot be decoded refuses the import, naming the sheet."""
    try:
        yield from rows
    except (XlsxError, UnicodeDecodeError, zipfile.BadZipFile, zlib.error, EOFError, SyntaxError, ValueError) as exc:
        raise WorkbookUnreadable(_("sheet {sheet} cannot be read: {reason}").format(
            sheet=printable(title), reason=printable(str(exc)))) from None


class Workbook:
    """The sheets of a workbook by their canonical name; unknown sheets are problems."""

    def __init__(self, book):
        self.book = book
        self.titles: dict[str, str] = {}  # canonical name → title in the workbook
        self.unknown: list[str] = []
        self.hidden = [title for title in book.sheet_names if title in book.hidden]  # never read
        for title in book.sheet_names:
            if title in book.hidden:
                continue
            sheet = sheet_for_title(title)
            if sheet is not None and sheet.name not in self.titles:
                self.titles[sheet.name] = title
            elif not is_instructions(title):
                self.unknown.append(title)

    def check_sheets(self, problems: Problems) -> None:
        known = ", ".join(s.name for s in SHEETS)
        for title in self.hidden:
            problems.add(title, None, None, "", _("a hidden sheet; unhide or delete it"))
        for title in self.unknown:
            reason = (_("the workbook has this sheet twice") if sheet_for_title(title)
                      else _("unknown sheet; the sheets are {known}").format(known=known))
            problems.add(title, None, None, "", reason)

    def has(self, name: str) -> bool:
        return name in self.titles

    def rows(self, sheet: Sheet, problems: Problems, *, tick: Callable[[int], None] | None = None
             ) -> tuple[tuple[str, ...], Iterator[tuple[int, list]]]:
        """(the sheet's columns present, rows as (row number, cells in canonical order)).

        A cell of a column the sheet lacks is ABSENT; a blank cell is None; a cell that cannot be
        read is BAD, with its problem recorded.
        """
        title = self.titles[sheet.name]
        sheet_rows = self.book.rows(title)
        rows = _readable(sheet_rows, title)
        first_row, header, _stray = next(rows, (1, [], None))
        index: dict[int, int] = {}  # workbook column → position in sheet.columns
        untitled: set[int] = set()
        seen: dict[str, str] = {}
        for pos, cell in enumerate(header):
            if is_blank(cell):
                untitled.add(pos)
                continue
            column = column_for_title(sheet, str(cell))
            if column is None:
                problems.add(sheet.name, first_row, str(cell), "", _(
                    "unknown column; the columns of {sheet} are {columns}").format(
                    sheet=sheet.name, columns=", ".join(sheet.column_names)))
            elif column.name in seen:
                problems.add(sheet.name, first_row, str(cell), "", _(
                    "the column {column} appears twice (also as “{other}”)").format(
                    column=column.name, other=seen[column.name]))
            else:
                seen[column.name] = str(cell)
                index[pos] = sheet.columns.index(column)
        present = tuple(c.name for c in sheet.columns if c.name in seen)
        # Rows are read only as wide as the titled columns; a value beyond them comes as the row's stray.
        sheet_rows.width = max(index, default=-1) + 1
        untitled = sorted(pos for pos in untitled if pos < sheet_rows.width)
        return present, self._cells(sheet, rows, index, untitled, header, first_row, problems, tick)

    @staticmethod
    def _cells(sheet, rows, index, untitled, header, first_row, problems, tick):
        columns = sheet.columns
        parsers = [PARSERS[c.kind] for c in columns]
        texts = {i for i, c in enumerate(columns) if c.kind == "text"}
        limits = [c.limit for c in columns]
        template = [ABSENT] * len(columns)
        for pos in index.values():
            template[pos] = None
        pairs = tuple(index.items())
        warned: set[int] = set()
        for count, (row_no, raw, stray) in enumerate(rows, start=1):
            if tick is not None and count % 5000 == 0:
                tick(count)
            cells = list(template)
            empty = True
            for pos, target in pairs:
                if pos >= len(raw):
                    continue
                value = raw[pos]
                if value == "" or value is None or (value.__class__ is str and not value.strip()):
                    continue
                empty = False
                if value.__class__ is str and target in texts:
                    value = value.strip()
                    if len(value) > limits[target] or not value.isprintable():
                        reason = text_problem(value, limits[target], columns[target].is_code)
                        if reason is not None:
                            problems.add(sheet.name, row_no, columns[target].name, value, reason)
                            cells[target] = BAD
                            continue
                    cells[target] = value
                    continue
                if value.__class__ is BadCell:
                    problems.add(sheet.name, row_no, columns[target].name, value.text, value.reason)
                    cells[target] = BAD
                    continue
                try:
                    cells[target] = parsers[target](value)
                except CellProblem as exc:
                    problems.add(sheet.name, row_no, columns[target].name, value, str(exc))
                    cells[target] = BAD
            for pos in untitled:
                if pos >= len(raw):
                    break
                if not is_blank(raw[pos]) and pos not in warned:
                    warned.add(pos)
                    problems.add(sheet.name, row_no, get_column_letter(pos + 1), raw[pos],
                                 _("this column has no title in row {row}").format(row=first_row))
            if stray is not None:
                pos, value = stray
                if pos not in warned and (pos >= len(header) or is_blank(header[pos])):  # else: an unknown title
                    warned.add(pos)
                    problems.add(sheet.name, row_no, get_column_letter(pos + 1), value,
                                 _("this column has no title in row {row}").format(row=first_row))
            if not empty:
                yield row_no, cells

