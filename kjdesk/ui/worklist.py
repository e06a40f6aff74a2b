"""The work list, the start page: what needs doing today. One click opens a case."""
from __future__ import annotations

import datetime as dt
from typing import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QTabBar, QTableView,
                               QVBoxLayout, QWidget)

from kjdesk.domain.timeline import Status
from kjdesk.i18n import _
from kjdesk.services import worklist
from kjdesk.services.settings import working_date
from kjdesk.services.worklist import Section, WorkItem
from kjdesk.ui.context import AppContext
from kjdesk.ui.formatting import format_date, format_int
from kjdesk.ui.paged_model import RIGHT, Column, PagedTableModel
from kjdesk.ui.stale import RefreshWhenShown

# Warning-line colours, on the warning-line cell; the rest of the row gets a light tint of it.
# Both light enough that black text stays readable on them.
LEVEL_COLORS = {
    30: QColor("#ffe680"),
    60: QColor("#ffb870"),
    90: QColor("#f28c8c"),
}
ROW_TINTS = {30: QColor("#fff6cc"), 60: QColor("#ffe3c4"), 90: QColor("#fbd3d3")}
TEXT_COLOR = QColor("#000000")
STALLED = (Section.AT_BANK, Section.FOLLOW_UP)


def level_colors(item: WorkItem, column: int) -> tuple[QColor, QColor] | None:
    colors = LEVEL_COLORS if column == 0 else ROW_TINTS
    color = colors.get(item.level)
    return (color, TEXT_COLOR) if color else None


def _level_text(item: WorkItem) -> str:
    return _("{days}+ days").format(days=item.level) if item.level else ""


STALLED_COLUMNS = (
    Column(lambda: _("Warning line"), _level_text),
    Column(lambda: _("Days at bank"), lambda i: format_int(i.days), align=RIGHT),
    Column(lambda: _("Reference"), lambda i: i.ref),
    Column(lambda: _("Enterprise"), lambda i: i.enterprise),
    Column(lambda: _("Bank"), lambda i: i.bank.name() if i.bank else ""),
    Column(lambda: _("At bank since"), lambda i: format_date(i.since)),
)
WAITING_COLUMNS = (
    Column(lambda: _("Days waiting"), lambda i: format_int(i.days), align=RIGHT),
    Column(lambda: _("Reference"), lambda i: i.ref),
    Column(lambda: _("Enterprise"), lambda i: i.enterprise),
    Column(lambda: _("Station"), lambda i: i.station.name() if i.station else ""),
    Column(lambda: _("Status"), lambda i: Status(i.status).label if i.status else ""),
    Column(lambda: _("Waiting since"), lambda i: format_date(i.since)),
)


class WorkListPage(RefreshWhenShown, QWidget):
    def __init__(self, ctx: AppContext, as_of: dt.date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._fixed_date = as_of
        self._as_of = as_of or dt.date.today()
        self.stale = False
        self._ids: dict[Section, list[int]] = {}
        self._counts: dict[Section, int] = {}

        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.legend = [QLabel() for _level in LEVEL_COLORS]
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        for label, color in zip(self.legend, LEVEL_COLORS.values()):
            label.setStyleSheet(f"background: {color.name()}; color: black; padding: 2px 8px; border-radius: 3px;")
            top.addWidget(label)

        self.tabs = QTabBar()
        self.tabs.setExpanding(False)
        self.tabs.setDrawBase(False)
        for _section in Section:
            self.tabs.addTab("")
        self.tabs.currentChanged.connect(self._show_section)

        self.table = QTableView()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.clicked.connect(self._open)      # one click opens the case
        self.table.activated.connect(self._open)    # and Enter does

        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.tabs)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)

        self.model: PagedTableModel | None = None
        ctx.data_changed.connect(self.data_changed)
        ctx.language_changed.connect(self.retranslate)
        self.refresh()

    def as_of(self) -> dt.date:
        """The day the list counts to: the database's working date (a demo is frozen on its own
        "today"), else the calendar's; tests pin it."""
        return self._as_of

    def section(self) -> Section:
        return list(Section)[max(self.tabs.currentIndex(), 0)]

    def refresh(self) -> None:
        """Re-read the counts of every section, and the ids of the one shown (the others' when
        their tab is chosen)."""
        self.stale = False
        with self.ctx.read() as session:
            as_of = self._as_of = self._fixed_date or working_date(session)
            self._counts = {section: worklist.waiting_count(session, section)
                            for section in worklist.WAITING_STATUSES}
            self._counts[Section.AT_BANK] = worklist.stalled_count(session, as_of)
            self._counts[Section.FOLLOW_UP] = worklist.follow_up_count(session, as_of)
        self._ids = {}
        self.retranslate()
        self._show_section()

    def _section_ids(self, section: Section) -> list[int]:
        with self.ctx.read() as session:
            if section is Section.AT_BANK:
                return worklist.stalled_ids(session, self._as_of)
            if section is Section.FOLLOW_UP:
                return worklist.follow_up_ids(session, self._as_of)
            return worklist.waiting_ids(session, section)

    def _show_section(self, *_args) -> None:
        section = self.section()
        if section not in self._ids:
            self._ids[section] = self._section_ids(section)
            if self._counts.get(section) != len(self._ids[section]):  # changed in between
                self._counts[section] = len(self._ids[section])
                self.retranslate()
        stalled = section in STALLED
        ids = self._ids[section]
        old = self.model
        self.model = PagedTableModel(STALLED_COLUMNS if stalled else WAITING_COLUMNS, lambda _sort, _desc: ids,
                                     self._stalled_rows if stalled else self._waiting_rows,
                                     colors=level_colors if stalled else None, parent=self)
        self.model.refresh()
        self.table.setModel(self.model)
        if old is not None:
            old.deleteLater()
        widths = (110, 100, 130, 300, 270) if stalled else (100, 130, 300, 200, 200)
        for column, width in enumerate(widths):
            self.table.setColumnWidth(column, width)
        self.table.setVisible(bool(ids))
        self.empty.setVisible(not ids)
        self.empty.setText(self._empty_text(section))

    def _stalled_rows(self, ids: Sequence[int]) -> dict[int, WorkItem]:
        with self.ctx.read() as session:
            return worklist.stalled_rows(session, ids, self.as_of())

    def _waiting_rows(self, ids: Sequence[int]) -> dict[int, WorkItem]:
        with self.ctx.read() as session:
            return worklist.waiting_rows(session, ids, self.as_of())

    def _open(self, index) -> None:
        app_id = self.model.id_at(index.row()) if self.model and index.isValid() else None
        if app_id is not None:
            self.ctx.open_case.emit(app_id)

    def _empty_text(self, section: Section) -> str:
        return _("Nothing here today.") if section in STALLED else _("No case is waiting here.")

    def retranslate(self) -> None:
        self.title.setText(_("Work list for {date}").format(date=format_date(self.as_of())))
        for label, level in zip(self.legend, LEVEL_COLORS):
            label.setText(_("{days}+ days").format(days=level))
        for index, section in enumerate(Section):
            count = self._counts.get(section, 0)
            self.tabs.setTabText(index, _("{section} ({count})").format(section=section.label,
                                                                      count=format_int(count)))
        if self.model is not None:
            self.model.retranslate()
        self.empty.setText(self._empty_text(self.section()))

