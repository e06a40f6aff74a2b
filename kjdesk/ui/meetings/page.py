"""The review meetings page: the meetings of a year, and what each one decided."""
from __future__ import annotations


from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget)

from kjdesk.i18n import N_, _, ngettext
from kjdesk.services import meetings
from kjdesk.services.settings import working_date
from kjdesk.ui.context import AppContext
from kjdesk.ui.formatting import format_date, format_int, format_wan, wan_header
from kjdesk.ui.meetings.dialogs import DecisionsDialog, MeetingDialog
from kjdesk.ui.reports.rows_model import Column, RowsModel

MEETING_COLUMNS = (
    Column(N_("Code"), lambda m: m.code),
    Column(N_("Date"), lambda m: format_date(m.date)),
    Column(N_("Passed"), lambda m: format_int(m.passed), numeric=True),
    Column(N_("Deferred"), lambda m: format_int(m.deferred), numeric=True),
    Column(N_("Rejected"), lambda m: format_int(m.rejected), numeric=True),
)
DECISION_COLUMNS = (
    Column(N_("Reference"), lambda d: d.ref),
    Column(N_("Enterprise"), lambda d: d.enterprise),
    Column(N_("Decision"), lambda d: d.type.label),
    Column(lambda: wan_header(_("Amount passed")), lambda d: format_wan(d.amount_fen, unit=False), numeric=True),
    Column(N_("Note or reason"), lambda d: d.note),
)


def _table(model: RowsModel) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.setSelectionMode(QAbstractItemView.SingleSelection)
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class MeetingsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        with ctx.read() as session:
            today = working_date(session)   # a demo is frozen on its own "today"
        self.today = lambda: today
        self.year = QComboBox()
        self.year.currentIndexChanged.connect(lambda _i: self.refresh())
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_meeting)
        self.decide_button = QPushButton()
        self.decide_button.clicked.connect(self.decide)
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit_meeting)
        self.year_label = QLabel()
        self.year_label.setBuddy(self.year)
        top = QHBoxLayout()
        for w in (self.year_label, self.year):
            top.addWidget(w)
        top.addStretch(1)
        for w in (self.new_button, self.edit_button, self.decide_button):
            top.addWidget(w)

        self.meetings_model = RowsModel(MEETING_COLUMNS, self)
        self.meetings_table = _table(self.meetings_model)
        self.meetings_table.horizontalHeader().setStretchLastSection(False)
        self.meetings_table.selectionModel().currentRowChanged.connect(lambda *_: self.show_meeting())
        self.meetings_table.activated.connect(lambda *_: self.decide())   # double-click or Enter
        self.detail_title = QLabel()
        self.detail_title.setStyleSheet("font-weight: bold;")
        self.detail_members = QLabel()
        self.detail_members.setWordWrap(True)
        self.detail_minutes = QLabel()
        self.detail_minutes.setWordWrap(True)
        self.detail_minutes.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.decisions_model = RowsModel(DECISION_COLUMNS, self)
        self.decisions_table = _table(self.decisions_model)
        self.decisions_table.activated.connect(self.open_case)   # double-click or Enter
        self.hint = QLabel()
        self.hint.setStyleSheet("color: palette(mid);")
        detail = QWidget()
        dbox = QVBoxLayout(detail)
        dbox.setContentsMargins(0, 0, 0, 0)
        for w in (self.detail_title, self.detail_members, self.detail_minutes):
            dbox.addWidget(w)
        dbox.addWidget(self.decisions_table, 1)
        dbox.addWidget(self.hint)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(self.meetings_table)
        split.addWidget(detail)
        split.setStretchFactor(0, 0)   # the list needs little width; the decisions take the rest
        split.setStretchFactor(1, 1)
        split.setSizes([340, 800])
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(split, 1)

        self._fill_years()
        self.retranslate_texts()
        ctx.data_changed.connect(self.refresh)
        ctx.language_changed.connect(self.retranslate)
        self.refresh()

    def _fill_years(self) -> None:
        with self.ctx.read() as session:
            years = sorted({m.date.year for m in meetings.list_meetings(session)} | {self.today().year}, reverse=True)
        current = self.year.currentData()
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItem("", None)  # all years; text set in retranslate_texts
        for y in years:
            self.year.addItem(str(y), y)
        index = self.year.findData(current) if current is not None else 1
        self.year.setCurrentIndex(max(index, 0))
        self.year.blockSignals(False)

    # -- data ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        selected = self.current_meeting()
        with self.ctx.read() as session:
            rows = meetings.list_meetings(session, self.year.currentData())
        self.meetings_model.set_rows(rows)
        ids = [m.id for m in rows]
        if rows:
            row = ids.index(selected.id) if selected and selected.id in ids else 0
            self.meetings_table.selectRow(row)
        self.show_meeting()

    def current_meeting(self) -> meetings.MeetingRow | None:
        return self.meetings_model.row(self.meetings_table.currentIndex())

    def select_meeting(self, meeting_id: int) -> None:
        for r, m in enumerate(self.meetings_model.rows):
            if m.id == meeting_id:
                self.meetings_table.selectRow(r)

    def show_meeting(self) -> None:
        meeting = self.current_meeting()
        self.edit_button.setEnabled(meeting is not None)
        self.decide_button.setEnabled(meeting is not None)
        if meeting is None:
            self.decisions_model.set_rows([])
        else:
            with self.ctx.read() as session:
                self.decisions_model.set_rows(meetings.decisions(session, meeting.id))
        self._detail_texts()

    # -- actions ------------------------------------------------------------------------------
    def new_meeting(self) -> MeetingDialog:
        dialog = MeetingDialog(self.ctx, self, today=self.today())
        dialog.finished.connect(dialog.deleteLater)
        dialog.accepted.connect(lambda: self._after_new(dialog.meeting_id))
        dialog.open()
        return dialog

    def _after_new(self, meeting_id: int) -> None:
        self._fill_years()
        with self.ctx.read() as session:
            year = next(m.date.year for m in meetings.list_meetings(session) if m.id == meeting_id)
        self.year.setCurrentIndex(max(0, self.year.findData(year)))
        self.refresh()
        self.select_meeting(meeting_id)

    def edit_meeting(self) -> MeetingDialog | None:
        meeting = self.current_meeting()
        if meeting is None:
            return None
        dialog = MeetingDialog(self.ctx, self, meeting=meeting)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def decide(self) -> DecisionsDialog | None:
        """The meeting's agenda, to record its decisions (not shown modally: tests fill and accept it)."""
        meeting = self.current_meeting()
        if meeting is None:
            return None
        dialog = DecisionsDialog(self.ctx, meeting, self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_case(self, index) -> None:
        decision = self.decisions_model.row(index)
        if decision is not None:
            self.ctx.open_case.emit(decision.app_id)

    # -- texts --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.retranslate_texts()
        self.meetings_model.retranslate()
        self.decisions_model.retranslate()

    def retranslate_texts(self) -> None:
        self.year_label.setText(_("&Year"))
        self.year.setItemText(0, _("All years"))
        self.new_button.setText(_("&New meeting…"))
        self.edit_button.setText(_("&Members and minutes…"))
        self.decide_button.setText(_("&Agenda and decisions…"))
        self.hint.setText(_("Double-click a case, or select it and press Enter, to open it."))
        self._detail_texts()

    def _detail_texts(self) -> None:
        meeting = self.current_meeting()
        if meeting is None:
            self.detail_title.setText(_("No review meeting yet: create one with “New meeting…”."))
            self.detail_members.setText("")
            self.detail_minutes.setText("")
            return
        self.detail_title.setText(ngettext("Review meeting {code}, {date}: {n} case decided",
                                           "Review meeting {code}, {date}: {n} cases decided", meeting.decided).format(
            code=meeting.code, date=format_date(meeting.date), n=format_int(meeting.decided)))
        self.detail_members.setText(_("Members: {members}").format(members=meeting.members or "—"))
        self.detail_minutes.setText(_("Minutes: {minutes}").format(minutes=meeting.minutes or "—"))
