"""What the case and enterprise lists share: a search box that filters as you type, filter
combos, the count of matches and a lazily paged table that re-queries when the data changes."""
from __future__ import annotations

import logging
from typing import Any, Callable, Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRunnable, QThreadPool, QTimer, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QTableView, QVBoxLayout, QWidget)

from kjdesk.i18n import _
from kjdesk.ui.context import AppContext
from kjdesk.ui.paged_model import PagedTableModel
from kjdesk.ui.stale import RefreshWhenShown

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 150   # wait for a pause in typing before re-querying
FIT_CAP = 250           # the widest a column of known values grows


class FilterCombo(QComboBox):
    """A filter: "all" first, then choices named in the current language; ``value()`` is the key."""

    def __init__(self, all_label: Callable[[], str], parent: QWidget | None = None):
        super().__init__(parent)
        self._all_label = all_label
        self._choices: list[tuple[Any, Callable[[], str]]] = []
        # Compact in the filter row (bank and station names are long); the open list is as wide
        # as its longest entry.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(7)
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
        self.view().setMinimumWidth(self.view().sizeHintForColumn(0) + 24)
        self.setToolTip(self.currentText())

    def value(self) -> Any:
        return self.currentData()


class _Answer(QObject):
    """Carries a background query's ids to the GUI thread (a queued signal)."""
    ready = Signal(int, object)


class _IdQuery(QRunnable):
    """Reads the ids for one search off the GUI thread; skipped if a newer search came first."""

    def __init__(self, page: "ListPage", generation: int, query: Callable[[], list[int]]):
        super().__init__()
        self.page, self.generation, self.query = page, generation, query

    def run(self) -> None:
        if self.generation != self.page._generation:  # typed on since: this answer is not wanted
            return
        try:
            ids = self.query()
        except Exception:  # a bug or a locked file: logged; the list keeps its last answer
            log.exception("searching the list failed")
            ids = None
        self.page._answer.ready.emit(self.generation, ids)


class ListPage(RefreshWhenShown, QWidget):
    """A search box, filters and a count above a paged table. Subclasses build the model.

    Typing, choosing a filter and sorting re-query off the GUI thread (a broad search over
    200,000 cases takes a few hundred milliseconds; the user must never wait for it), and the
    newest question wins. ``refresh()`` (F5, a write elsewhere) queries at once.
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.stale = False
        self._widths: list[int] = []
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(300)
        self.count_label = QLabel()
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.filters = QHBoxLayout()
        self.filters.setSpacing(6)
        self.top = top = QHBoxLayout()   # subclasses may add a button after the count
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
        self._search_timer.timeout.connect(self._search_in_background)
        self._generation = 0
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._answer = _Answer(self)
        self._answer.ready.connect(self._search_answered)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self._search_now)
        ctx.data_changed.connect(self.data_changed)
        ctx.language_changed.connect(self.retranslate)

        self.model: PagedTableModel = self.build_model()
        self.table.setModel(self.model)
        self.table.activated.connect(self._activated)

    # -- for subclasses -----------------------------------------------------------------------
    def build_model(self) -> PagedTableModel:
        """The page's model; its ``query_ids`` should call ``self.query_ids``."""
        raise NotImplementedError

    def current_filter(self) -> Any:
        """The filter the widgets show (read on the GUI thread)."""
        raise NotImplementedError

    def ids_for(self, session, f: Any, sort: str | None, descending: bool) -> list[int]:
        """The service query for ``f`` (may run on a worker thread: no widgets here)."""
        raise NotImplementedError

    def query_ids(self, sort: str | None, descending: bool) -> list[int]:
        with self.ctx.read() as session:
            return self.ids_for(session, self.current_filter(), sort, descending)

    def count_text(self, count: int) -> str:
        raise NotImplementedError

    def open_row(self, row: int) -> None:
        raise NotImplementedError

    def add_filter(self, combo: FilterCombo) -> FilterCombo:
        self.filters.addWidget(combo)
        combo.currentIndexChanged.connect(self._requery)
        combo.currentTextChanged.connect(combo.setToolTip)
        return combo

    def fitted_values(self) -> dict[int, list[str]]:
        """Columns whose values are a small known set (products, states, stations…), each with every
        value in the current language: such a column is as wide as its widest value."""
        return {}

    def set_column_widths(self, widths: Sequence[int]) -> None:
        """Preferred widths, widened where the header (in the current language) needs more; a column of
        known values fits the widest (up to ``FIT_CAP``; a longer value shows whole in its tooltip)."""
        self._widths = list(widths)
        header = self.table.horizontalHeader()
        fitted = self.fitted_values()
        metrics = self.table.fontMetrics()
        for column, width in enumerate(self._widths):
            if column in fitted:
                width = min(FIT_CAP, max((metrics.horizontalAdvance(v) for v in fitted[column]), default=0) + 16)
            self.table.setColumnWidth(column, max(width, header.sectionSizeHint(column)))

    # -- shared behaviour ---------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-query the ids with the current search, filters and sort, now."""
        self._search_timer.stop()
        self._generation += 1  # a search still running in the background is not wanted any more
        self.stale = False
        self.model.refresh()
        self._show_results()

    def _requery(self) -> None:
        self._search_timer.stop()
        self._search_in_background()

    def _search_in_background(self) -> None:
        self._generation += 1
        self.count_label.setText(_("Searching…"))
        f, sort, descending = self.current_filter(), self.model.sort_key(), self.model.descending()

        def query() -> list[int]:
            with self.ctx.read() as session:
                return self.ids_for(session, f, sort, descending)

        self._pool.start(_IdQuery(self, self._generation, query))

    def _search_answered(self, generation: int, ids: list[int] | None) -> None:
        if generation == self._generation:
            if ids is not None:
                self.model.set_ids(ids)
            self._show_results()

    def wait_for_search(self) -> None:
        """Let a pending search finish and show its answer (closing the page, or tests)."""
        if self._search_timer.isActive():
            self._requery()
        self._pool.waitForDone()
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)  # deliver the answer now

    def _show_results(self) -> None:
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
        if self._widths:
            self.set_column_widths(self._widths)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _search_now(self) -> None:
        self.refresh()
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    def _sort_requested(self, column: int, order) -> None:
        if self.model.set_sort(column, order):
            self._requery()  # SQLite sorts
        else:
            self._show_sort()

    def _activated(self, index) -> None:
        if index.isValid():
            self.open_row(index.row())

