"""A table model over a list of row ids, fetching the rows on screen in pages.

The model holds the ids from one query (filtered and sorted by SQLite), asks for the rows of a
page of ids when a cell of that page is first shown, and caches a bounded number of pages. No
query ever runs per cell, so 200,000 rows cost a list of ints and the pages looked at. Sorting
re-queries the ids; never put a QSortFilterProxyModel over this.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Column:
    title: Callable[[], str]             # the header, translated when asked (the language may switch)
    text: Callable[[Any], str]           # a row's cell text
    sort: str | None = None              # the service's sort key; None: not sortable
    align: Qt.AlignmentFlag = _LEFT


class PagedTableModel(QAbstractTableModel):
    PAGE_SIZE = 200
    PAGES_KEPT = 50          # at most 10,000 rows cached, however far the user scrolls

    def __init__(self, columns: Sequence[Column], query_ids: Callable[[str | None, bool], list[int]],
                 query_rows: Callable[[Sequence[int]], dict[int, Any]],
                 colors: Callable[[Any, int], tuple[QColor, QColor] | None] | None = None,
                 sort: str | None = None, descending: bool = False, parent=None):
        super().__init__(parent)
        self._columns = list(columns)
        self._query_ids = query_ids
        self._query_rows = query_rows
        self._colors = colors
        self._sort, self._descending = sort, descending
        self._ids: list[int] = []
        self._pages: OrderedDict[int, dict[int, Any]] = OrderedDict()
        # Cell texts already formatted (Babel is slow enough to matter at every repaint), by
        # (id, column); dropped with the pages and on a language switch.
        self._texts: dict[tuple[int, int], str] = {}

    # -- what the views ask -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            return None
        if role != Qt.ItemDataRole.BackgroundRole and role != Qt.ItemDataRole.ForegroundRole:
            key = (self._ids[index.row()], index.column())
            text = self._texts.get(key)
            if text is not None:
                return text
        row = self.row_at(index.row())
        if row is None:  # deleted since the ids were read; F5 re-reads
            return None
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            colors = self._colors(row, index.column()) if self._colors else None
            if colors is None:
                return None
            return QBrush(colors[0] if role == Qt.ItemDataRole.BackgroundRole else colors[1])
        text = self._texts[key] = column.text(row)
        return text

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._columns[section].title() if 0 <= section < len(self._columns) else None
        return section + 1

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self.set_sort(column, order):
            self.refresh()

    def set_sort(self, column: int, order: Qt.SortOrder) -> bool:
        """Choose the sort for the next query; False if ``column`` cannot be sorted."""
        if not 0 <= column < len(self._columns) or self._columns[column].sort is None:
            return False
        self._sort = self._columns[column].sort
        self._descending = order == Qt.SortOrder.DescendingOrder
        return True

    # -- what the screens use -----------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the ids (filters or data changed); cached rows are dropped."""
        self.beginResetModel()
        self._ids = list(self._query_ids(self._sort, self._descending))
        self._pages.clear()
        self._texts.clear()
        self.endResetModel()

    def set_ids(self, ids: list[int]) -> None:
        """Show these ids (read elsewhere, e.g. off the GUI thread, with this model's sort)."""
        self.beginResetModel()
        self._ids = list(ids)
        self._pages.clear()
        self._texts.clear()
        self.endResetModel()

    def sort_key(self) -> str | None:
        return self._sort

    def descending(self) -> bool:
        return self._descending

    def retranslate(self) -> None:
        """The language switched: headers and cells are asked again (rows carry both languages)."""
        self._texts.clear()
        if self._columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(self._columns) - 1))

    def sort_column(self) -> int:
        """The column the ids are sorted by (-1 if none), for the header's indicator."""
        return next((i for i, c in enumerate(self._columns) if c.sort and c.sort == self._sort), -1)

    def sort_order(self) -> Qt.SortOrder:
        return Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def ids(self) -> list[int]:
        return list(self._ids)

    def row_at(self, row: int) -> Any:
        """The fetched row behind view row ``row``; its page is read on first use."""
        number = row // self.PAGE_SIZE
        page = self._pages.get(number)
        if page is None:
            page = self._fetch_page(number)
        else:
            self._pages.move_to_end(number)
        return page.get(self._ids[row])

    def _fetch_page(self, number: int) -> dict[int, Any]:
        start = number * self.PAGE_SIZE
        page = self._query_rows(self._ids[start:start + self.PAGE_SIZE])
        self._pages[number] = page
        while len(self._pages) > self.PAGES_KEPT:
            self._pages.popitem(last=False)
            self._texts.clear()  # simpler than tracking which texts the dropped page had
        return page

    def cached_pages(self) -> int:
        return len(self._pages)
