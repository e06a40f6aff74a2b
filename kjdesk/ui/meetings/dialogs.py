"""A review meeting's record (date, members, minutes) and its agenda with every decision in one place."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialogButtonBox, QFormLayout, QHeaderView,
                               QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from kjdesk.domain.errors import DomainError
from kjdesk.domain.money import fen_to_wan_str, wan_to_fen
from kjdesk.domain.timeline import EventType as E
from kjdesk.i18n import N_, _
from kjdesk.services import meetings
from kjdesk.ui.context import AppContext
from kjdesk.ui.formatting import format_date, format_wan, wan_header
from kjdesk.ui.forms.careful import CarefulDialog
from kjdesk.ui.forms.fields import date_edit, get_date, retranslate_date
from kjdesk.ui.jobs.runner import show_error

DECISIONS = (None, E.REVIEW_PASSED, E.REVIEW_DEFERRED, E.REVIEW_REJECTED)
DECISION_LABELS = {None: N_("— not on the agenda"), E.REVIEW_PASSED: N_("Pass"),
                   E.REVIEW_DEFERRED: N_("Defer"), E.REVIEW_REJECTED: N_("Reject")}


def _refuse(parent: QWidget, title: str, exc: Exception) -> None:
    if isinstance(exc, DomainError):
        QMessageBox.warning(parent, title, exc.message)
    else:
        show_error(parent, title, exc)


class MeetingDialog(CarefulDialog):
    """A new meeting, or ``meeting`` (a MeetingRow) to complete its members and minutes."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, meeting: meetings.MeetingRow | None = None,
                 today: dt.date | None = None):
        super().__init__(parent)
        self.ctx, self.existing = ctx, meeting
        self.meeting_id = meeting.id if meeting else None
        self.setMinimumWidth(480)
        box = QVBoxLayout(self)
        form = QFormLayout()
        box.addLayout(form)
        self.date = date_edit(meeting.date if meeting else today or dt.date.today())
        self.date.setEnabled(meeting is None)  # decisions carry the date
        self.code = QLineEdit(meeting.code if meeting else "")
        self.code.setEnabled(meeting is None)
        self.members = QLineEdit(meeting.members if meeting else "")
        self.minutes = QPlainTextEdit(meeting.minutes if meeting else "")
        self.minutes.setTabChangesFocus(True)
        self.labels = {}
        for key, field in (("date", self.date), ("code", self.code), ("members", self.members),
                           ("minutes", self.minutes)):
            self.labels[key] = QLabel()
            self.labels[key].setBuddy(field)
            form.addRow(self.labels[key], field)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)
        self.make_save_default(self.buttons)
        self.retranslate()
        self.remember_typed()
        ctx.language_changed.connect(self.retranslate)

    def retranslate(self) -> None:
        retranslate_date(self.date)
        self.setWindowTitle(_("Review meeting {code}").format(code=self.existing.code) if self.existing
                            else _("New review meeting"))
        for key, text in (("date", _("&Date")), ("code", _("&Code")), ("members", _("&Members")),
                          ("minutes", _("M&inutes"))):
            self.labels[key].setText(text)
        self.code.setPlaceholderText(_("leave empty for the next number, e.g. PS2017-01"))
        self.members.setPlaceholderText(_("names, separated by commas"))
        self.buttons.button(QDialogButtonBox.Save).setText(_("Save"))
        self.buttons.button(QDialogButtonBox.Cancel).setText(_("Cancel"))

    def accept(self) -> None:
        try:
            with self.ctx.write() as session:
                if self.existing:
                    meetings.update_meeting(session, self.meeting_id, members=self.members.text(),
                                            minutes=self.minutes.toPlainText())
                else:
                    self.meeting_id = meetings.create_meeting(session, get_date(self.date), self.members.text(),
                                                              self.minutes.toPlainText(), self.code.text()).id
        except Exception as exc:
            _refuse(self, self.windowTitle(), exc)
            return
        super().accept()


class DecisionsDialog(CarefulDialog):
    """The meeting's agenda: every case awaiting review on its date, each with a decision to choose.

    The cases given a decision are the agenda; Record writes all their decisions in one transaction.
    """

    COLS = ("ref", "enterprise", "state", "requested", "decision", "amount", "note")

    def __init__(self, ctx: AppContext, meeting: meetings.MeetingRow, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.meeting = ctx, meeting
        self.resize(1000, 560)
        with ctx.read() as session:
            self.cases = meetings.awaiting_review(session, meeting.date)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.filter_rows)
        self.table = QTableWidget(len(self.cases), len(self.COLS))
        self.table.setSelectionMode(QAbstractItemView.NoSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.combos: list[QComboBox] = []
        self.amounts: list[QLineEdit] = []
        self.notes: list[QLineEdit] = []
        for r, case in enumerate(self.cases):
            for c, text in enumerate((case.ref, case.enterprise, "", format_wan(case.requested_fen, unit=False))):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemIsEnabled)
                if c == 3:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.table.setItem(r, c, item)
            combo, amount, note = QComboBox(), QLineEdit(), QLineEdit()
            combo.currentIndexChanged.connect(lambda _i, row=r: self._decision_changed(row))
            amount.setEnabled(False)
            self.combos.append(combo)
            self.amounts.append(amount)
            self.notes.append(note)
            self.table.setCellWidget(r, 4, combo)
            self.table.setCellWidget(r, 5, amount)
            self.table.setCellWidget(r, 6, note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.intro)
        box.addWidget(self.search)
        box.addWidget(self.table, 1)
        box.addWidget(self.buttons)
        self.make_save_default(self.buttons)
        self.retranslate()
        self.remember_typed()
        ctx.language_changed.connect(self.retranslate)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Decisions of review meeting {code}").format(code=self.meeting.code))
        self.intro.setText(_("Cases awaiting review on {date}: give each case on the agenda a decision. "
                             "Cases left at “—” stay waiting for a later meeting.").format(
            date=format_date(self.meeting.date)) if self.cases else
            _("No case awaits review on {date}.").format(date=format_date(self.meeting.date)))
        self.search.setPlaceholderText(_("Find by enterprise or reference"))
        self.table.setHorizontalHeaderLabels([_("Reference"), _("Enterprise"), _("State"), wan_header(_("Requested")),
                                              _("Decision"), wan_header(_("Amount passed")), _("Note or reason")])
        for r, case in enumerate(self.cases):
            self.table.item(r, 2).setText(case.status.label)
            combo = self.combos[r]
            index = combo.currentIndex()
            combo.blockSignals(True)
            combo.clear()
            for decision in DECISIONS:
                combo.addItem(_(DECISION_LABELS[decision]), decision.value if decision else None)
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)
        self.buttons.button(QDialogButtonBox.Ok).setText(_("Record decisions"))
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(bool(self.cases))
        self.buttons.button(QDialogButtonBox.Cancel).setText(_("Cancel"))

    def filter_rows(self, text: str) -> None:
        text = text.strip().lower()
        for r, case in enumerate(self.cases):
            found = text in case.ref.lower() or text in case.enterprise.lower()
            self.table.setRowHidden(r, bool(text) and not found)

    def _decision_changed(self, row: int) -> None:
        passed = self.combos[row].currentData() == E.REVIEW_PASSED.value
        self.amounts[row].setEnabled(passed)
        if passed and not self.amounts[row].text() and self.cases[row].requested_fen is not None:
            self.amounts[row].setText(fen_to_wan_str(self.cases[row].requested_fen))

    def set_decision(self, app_id: int, decision: E | None, amount: str | None = None, note: str = "") -> None:
        """Choose a case's decision as a user would (tests use it too)."""
        row = next(r for r, case in enumerate(self.cases) if case.app_id == app_id)
        self.combos[row].setCurrentIndex(DECISIONS.index(decision))
        if amount is not None:
            self.amounts[row].setText(amount)
        self.notes[row].setText(note)

    def decisions(self) -> list[meetings.Decision]:
        result = []
        for r, case in enumerate(self.cases):
            value = self.combos[r].currentData()
            if value is None:
                continue
            event = E(value)
            amount = None
            if event is E.REVIEW_PASSED:
                try:
                    amount = wan_to_fen(self.amounts[r].text())
                except DomainError as exc:
                    raise DomainError(_("case {ref}: {reason}").format(ref=case.ref, reason=exc.message)) from None
            result.append(meetings.Decision(case.app_id, event, amount, self.notes[r].text().strip()))
        return result

    def accept(self) -> None:
        try:
            items = self.decisions()
            with self.ctx.write() as session:
                meetings.record_decisions(session, self.meeting.id, items)
        except Exception as exc:
            _refuse(self, self.windowTitle(), exc)
            return
        super().accept()
