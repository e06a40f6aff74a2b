"""A table model over a short list of plain rows (a report, a meeting's decisions).

For lists that stay small (tens to a few hundred rows); the long case lists page through SQL instead.
Texts are produced at call time, so a language switch only needs ``retranslate()``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QFont

from kjdesk.i18n import _


@dataclass(frozen=True)
class Column:
    title: str | Callable[[], str]      # an N_-marked text, or a function giving the translated title
    value: Callable[[Any], str]         # the cell's text for a row
    numeric: bool = False               # right-aligned

    def header(self) -> str:
        return self.title() if callable(self.title) else _(self.title)


class RowsModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []
        self.bold_rows: set[int] = set()   # e.g. a totals row

    def set_rows(self, rows: Sequence[Any], bold_last: bool = False) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.bold_rows = {len(self.rows) - 1} if bold_last and self.rows else set()
        self.endResetModel()

    def row(self, index: QModelIndex) -> Any:
        return self.rows[index.row()] if index.isValid() else None

    def retranslate(self) -> None:
        if self.columns:
            self.headerDataChanged.emit(Qt.Horizontal, 0, len(self.columns) - 1)
        if self.rows and self.columns:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1))

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role != Qt.DisplayRole:
            return None
        if orientation == Qt.Vertical:
            return str(section + 1)
        return self.columns[section].header()

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        if role in (Qt.DisplayRole, Qt.ToolTipRole):
            return column.value(self.rows[index.row()])
        if role == Qt.TextAlignmentRole:
            return int((Qt.AlignRight if column.numeric else Qt.AlignLeft) | Qt.AlignVCenter)
        if role == Qt.FontRole and index.row() in self.bold_rows:
            font = QFont()
            font.setBold(True)
            return font
        return None
