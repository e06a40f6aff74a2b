"""What the case and enterprise lists share: a search box that filters as you type, filter
combos, the count of matches and a lazily paged table that re-queries when the data changes."""
from __future__ import annotations

from typing import Any, Callable, Sequence

from PySide6.QtCore import QTimer, Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QTableView, QVBoxLayout, QWidget)

from kjdesk.ui.context import AppContext
from kjdesk.ui.paged_model import PagedTableModel

SEARCH_DELAY_MS = 150   # wait for a pause in typing before re-querying


class FilterCombo(QComboBox):
    """A filter: "all" first, then choices named in the current language; ``value()`` is the key."""

    def __init__(self, all_label: Callable[[], str], parent: QWidget | None = None):
        super().__init__(parent)
        self._all_label = all_label
        self._choices: list[tuple[Any, Callable[[], str]]] = []
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.addItem(all_label(), None)

    def set_choices(self, choices: Sequence[tuple[Any, Callable[[], str]]]) -> None:
        self._choices = list(choices)
        self.retranslate()

    def retranslate(self) -> None:
        """Rebuild the texts in the current language, keeping the selection (no signal)."""
        current = self.value()
        self.blockSignals(True)
        self.clear()
        self.addItem(self._all_label(), None)
        for key, name in self._choices:
            self.addItem(name(), key)
        found = self.findData(current) if current is not None else 0
        self.setCurrentIndex(max(found, 0))
        self.blockSignals(False)

    def value(self) -> Any:
        return self.currentData()


class ListPage(QWidget):
    """A search box, filters and a count above a paged table. Subclasses build the model."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._stale = False
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(330)
        self.count_label = QLabel()
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.filters = QHBoxLayout()
        self.filters.setSpacing(6)
        top = QHBoxLayout()
        top.addWidget(self.search)
        top.addLayout(self.filters)
        top.addStretch(1)
        top.addWidget(self.count_label)

        self.table = QTableView()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        # Fixed row heights: the view never measures rows it does not show.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionsMovable(True)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._sort_requested)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self._search_now)
        ctx.data_changed.connect(self._data_changed)

        self.model: PagedTableModel = self.build_model()
        self.table.setModel(self.model)
        self.table.activated.connect(self._activated)

    # -- for subclasses -----------------------------------------------------------------------
    def build_model(self) -> PagedTableModel:
        raise NotImplementedError

    def count_text(self, count: int) -> str:
        raise NotImplementedError

    def open_row(self, row: int) -> None:
        raise NotImplementedError

    def add_filter(self, combo: FilterCombo) -> FilterCombo:
        self.filters.addWidget(combo)
        combo.currentIndexChanged.connect(self.refresh)
        return combo

    # -- shared behaviour ---------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-query the ids with the current search, filters and sort."""
        self._search_timer.stop()
        self._stale = False
        self.model.refresh()
        self._show_sort()
        self.count_label.setText(self.count_text(self.model.rowCount()))

    def _show_sort(self) -> None:
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(self.model.sort_column(), self.model.sort_order())
        header.blockSignals(False)

    def retranslate(self) -> None:
        self.model.retranslate()
        self.count_label.setText(self.count_text(self.model.rowCount()))

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _search_now(self) -> None:
        self.refresh()
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    def _sort_requested(self, column: int, order) -> None:
        self.model.sort(column, order)  # re-queries the ids sorted by SQLite
        self._show_sort()

    def _activated(self, index) -> None:
        if index.isValid():
            self.open_row(index.row())

    def _data_changed(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event) -> None:
        if self._stale:
            self.refresh()
        super().showEvent(event)
