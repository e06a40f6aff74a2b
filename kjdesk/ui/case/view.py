"""The case view: who applied for what, where the case stands, its timeline, and the actions it allows."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QGridLayout, QHBoxLayout, QHeaderView, QLabel,
                               QMessageBox, QPushButton, QTableView, QTabWidget, QVBoxLayout, QWidget)

from kjdesk.domain.errors import DomainError
from kjdesk.domain.timeline import EventType, allowed_events, warning_level
from kjdesk.i18n import N_, _
from kjdesk.services import registry
from kjdesk.services.cases import delete_application, undo_last_event
from kjdesk.services.registry import CaseFile, TimelineRow
from kjdesk.services.settings import working_date
from kjdesk.ui.case.actions import ACTION_LABELS, EventDialog
from kjdesk.ui.context import AppContext
from kjdesk.ui.formatting import format_date, format_int, format_wan, wan_header
from kjdesk.ui.history import HistoryPanel
from kjdesk.ui.jobs.runner import show_error

# Colours of the warning lines (30, 60, 90 days at a bank).
WARNING_COLOURS = {30: "#8a6d00", 60: "#c25e00", 90: "#b00020"}

TIMELINE_COLUMNS = (N_("Date"), N_("What"), N_("Bank"), N_("Amount"), N_("Who"), N_("Note"))


class TimelineModel(QAbstractTableModel):
    """The events of one case, oldest first (a case has tens of events: all held in memory)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[TimelineRow] = []

    def set_rows(self, rows: list[TimelineRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(TIMELINE_COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role != Qt.DisplayRole:
            return None
        if orientation == Qt.Vertical:
            return str(section + 1)
        if section == 3:
            return wan_header(_("Amount"))
        return _(TIMELINE_COLUMNS[section])

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == Qt.DisplayRole:
            return (format_date(row.date), row.type.label, f"{row.bank} ({row.bank_code})" if row.bank_code else "",
                    format_wan(row.amount_fen, unit=False), row.who, row.note)[col]
        if role == Qt.ToolTipRole and col == 5 and row.note:
            return row.note
        if role == Qt.TextAlignmentRole and col == 3:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None


class CaseView(QWidget):
    """One case; refreshes whenever any write commits (``ctx.data_changed``)."""

    def __init__(self, ctx: AppContext, app_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.app_id = ctx, app_id
        self.case: CaseFile | None = None
        self._working_date = dt.date.today()
        self.today = lambda: self._working_date  # the clock for "days at the bank" (tests set it)
        self.dialog: EventDialog | None = None
        self.buttons: dict[EventType, QPushButton] = {}

        self.title = QLabel()
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.edit_enterprise_button = QPushButton()
        self.edit_enterprise_button.clicked.connect(self.edit_enterprise)
        self.facts = QGridLayout()
        self.fact_labels: dict[str, QLabel] = {}
        self.fact_values: dict[str, QLabel] = {}
        for i, key in enumerate(("enterprise", "credit_code", "district", "product", "station", "specialist",
                                 "requested", "first_loan", "passed", "approved", "status", "bank")):
            name, value = QLabel(), QLabel()
            value.setTextInteractionFlags(Qt.TextSelectableByMouse)
            value.setWordWrap(True)
            self.fact_labels[key], self.fact_values[key] = name, value
            self.facts.addWidget(name, i // 2, (i % 2) * 2, Qt.AlignTop)
            self.facts.addWidget(value, i // 2, (i % 2) * 2 + 1, Qt.AlignTop)
        self.facts.setColumnStretch(1, 1)
        self.facts.setColumnStretch(3, 1)

        self.actions_label = QLabel()
        self.actions_layout = QHBoxLayout()
        self.undo_button = QPushButton()
        self.undo_button.clicked.connect(self.ask_undo)
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self.ask_delete)
        undo_key = QShortcut(QKeySequence.Undo, self)
        # Window-wide like the buttons' Alt keys; only the shown case tab's shortcut is live.
        undo_key.setContext(Qt.WindowShortcut)
        undo_key.activated.connect(self.ask_undo)

        self.timeline_label = QLabel()
        self.model = TimelineModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)

        box = QVBoxLayout(self)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.edit_enterprise_button, 0, Qt.AlignTop)
        box.addLayout(title_row)
        box.addLayout(self.facts)
        box.addSpacing(6)
        box.addWidget(self.actions_label)
        box.addLayout(self.actions_layout)
        box.addSpacing(6)
        self.timeline_label.hide()  # the tab says it
        # The timeline, and the history: who recorded, changed or removed what, from the audit trail.
        self.history = HistoryPanel(ctx, "applications", app_id)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, "")
        self.tabs.addTab(self.history, "")
        box.addWidget(self.tabs, 1)

        ctx.data_changed.connect(self.refresh)
        ctx.language_changed.connect(self.retranslate)
        self.refresh()

    # -- data ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        try:
            with self.ctx.read() as session:
                # The database's working date: a demo is frozen on its own "today".
                self._working_date = working_date(session)
                self.case = registry.case_file(session, self.app_id)
        except DomainError:  # the case is gone (an import replaced the database, say)
            self.case = None
        self.model.set_rows(self.case.timeline if self.case else [])
        self._rebuild_actions()
        self.retranslate_texts()

    def _rebuild_actions(self) -> None:
        while self.actions_layout.count():
            item = self.actions_layout.takeAt(0)
            if item.widget() is not None and item.widget() not in (self.undo_button, self.delete_button):
                item.widget().hide()  # at once: deletion waits for the event loop
                item.widget().deleteLater()
        self.buttons = {}
        if self.case is not None:
            for event in allowed_events(self.case.status, self.case.path):
                button = QPushButton()
                button.clicked.connect(lambda _checked=False, e=event: self.start_action(e))
                self.buttons[event] = button
                self.actions_layout.addWidget(button)
        self.actions_layout.addStretch(1)
        self.actions_layout.addWidget(self.undo_button)
        self.actions_layout.addWidget(self.delete_button)
        self.undo_button.setEnabled(self.case is not None and len(self.case.timeline) > 1)
        self.delete_button.setEnabled(self.case is not None and self.case.deletable)

    # -- actions ------------------------------------------------------------------------------
    def action_dialog(self, event: EventType) -> EventDialog:
        """The dialog for ``event``, filled with proposals, not yet shown (tests fill and accept it)."""
        if event not in self.buttons:
            raise DomainError(_("this action is not possible for the case now"))
        return EventDialog(self.ctx, self.case, event, self, today=self.today())

    def start_action(self, event: EventType) -> None:
        self.dialog = self.action_dialog(event)
        self.dialog.setAttribute(Qt.WA_DeleteOnClose)
        self.dialog.open()

    def edit_enterprise(self) -> None:
        """Correct the applicant's record (name, credit code, district…); every view shows the change."""
        from kjdesk.ui.forms.enterprise import EnterpriseDialog

        if self.case is not None:
            EnterpriseDialog(self.ctx, self, enterprise_id=self.case.enterprise_id).exec()

    def ask_undo(self) -> None:
        if self.case is None or len(self.case.timeline) <= 1:
            return
        last = self.case.timeline[-1]
        answer = QMessageBox.question(
            self, _("Undo last action"),
            _("Remove the last event of {ref}, “{event}” of {date}?").format(
                ref=self.case.ref, event=last.type.label, date=format_date(last.date)),
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer == QMessageBox.Yes:
            self.undo()

    def undo(self) -> None:
        try:
            with self.ctx.write() as session:
                undo_last_event(session, self.app_id)
        except Exception as exc:  # refused input, the environment or a bug: show_error tells which
            show_error(self, _("Undo last action"), exc)

    def ask_delete(self) -> None:
        if self.case is None or not self.case.deletable:
            return
        answer = QMessageBox.question(
            self, _("Delete application"),
            _("Delete application {ref} of {enterprise} with its {n} events? This cannot be undone.").format(
                ref=self.case.ref, enterprise=self.case.enterprise, n=len(self.case.timeline)),
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer == QMessageBox.Yes:
            self.delete()

    def delete(self) -> None:
        try:
            with self.ctx.write() as session:
                delete_application(session, self.app_id)
        except Exception as exc:  # refused input, the environment or a bug: show_error tells which
            show_error(self, _("Delete application"), exc)

    # -- texts --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Names (districts, banks, products) follow the language too, so read the case again."""
        self.refresh()

    def retranslate_texts(self) -> None:
        names = {"enterprise": _("Enterprise"), "credit_code": _("Credit code"), "district": _("District"),
                 "product": _("Product"), "station": _("Station"), "specialist": _("Specialist"),
                 "requested": _("Requested"), "first_loan": _("First bank loan"), "status": _("State"),
                 "passed": _("Passed at review"), "approved": _("Approved amount"),
                 "bank": _("Bank")}
        for key, label in self.fact_labels.items():
            label.setText(_("{label}:").format(label=names[key]))
        self.actions_label.setText(_("Actions"))
        self.edit_enterprise_button.setText(_("Edit &enterprise…"))
        self.edit_enterprise_button.setEnabled(self.case is not None)
        self.timeline_label.setText(_("Timeline"))
        self.tabs.setTabText(0, _("Timeline"))
        self.tabs.setTabText(1, _("History"))
        self.undo_button.setText(_("&Undo last action"))
        self.undo_button.setToolTip(_("Remove the latest event (Ctrl+Z)"))
        self.delete_button.setText(_("De&lete application…"))
        self.delete_button.setToolTip(_("Delete an application taken by mistake; only before any decision on it"))
        for event, button in self.buttons.items():
            button.setText(_(ACTION_LABELS[event]))
        case = self.case
        if case is None:
            self.title.setText(_("This case no longer exists."))
            for value in self.fact_values.values():
                value.setText("")
            return
        self.title.setText(f"{case.ref} · {case.enterprise}")
        v = self.fact_values
        v["enterprise"].setText(case.enterprise)
        v["credit_code"].setText(case.credit_code)
        v["district"].setText(case.district)
        v["product"].setText(case.product)
        v["station"].setText(case.station or "—")
        v["specialist"].setText(case.specialist or "—")
        v["requested"].setText(format_wan(case.requested_fen) or "—")
        v["first_loan"].setText(_("yes") if case.first_bank_loan else _("no"))
        v["passed"].setText(format_wan(case.latest_amount(EventType.REVIEW_PASSED)) or "—")
        v["approved"].setText(format_wan(case.latest_amount(EventType.BANK_APPROVED)) or "—")
        v["status"].setText(case.status.label if case.status else "—")
        v["bank"].setText(self._bank_text(case))
        level = warning_level(self._days_at_bank(case))
        v["bank"].setStyleSheet(f"color: {WARNING_COLOURS[level]}; font-weight: bold;" if level else "")

    def _days_at_bank(self, case: CaseFile) -> int | None:
        if case.status is None or case.status.value != "at_bank" or case.bank_since is None:
            return None
        return (self.today() - case.bank_since).days

    def _bank_text(self, case: CaseFile) -> str:
        if not case.bank_code:
            return "—"
        bank = f"{case.bank} ({case.bank_code})"
        days = self._days_at_bank(case)
        if days is None:
            return bank
        return _("{bank}, since {date}: {days} days").format(bank=bank, date=format_date(case.bank_since),
                                                             days=format_int(days))
