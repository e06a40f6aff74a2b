"""The Stations page: every station's year in numbers; for the chosen station its specialists'
counts, its work log for the year (add, change, remove with confirmation) and its visit
allowance statement for a month or quarter, printed to PDF."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMessageBox, QPushButton,
                               QSpinBox, QSplitter, QTableView, QTabWidget, QVBoxLayout, QWidget)
from PySide6.QtCore import Qt

from kjdesk.domain.errors import DomainError
from kjdesk.domain.reference import ACTIVITY_TYPES, EVENT_ACTIVITY_TYPES
from kjdesk.domain.workload import COUNT_TITLES, SPECIALIST_COUNTS, STATION_COUNTS
from kjdesk.i18n import N_, _
from kjdesk.ui.context import AppContext
from kjdesk.ui.formatting import format_date
from kjdesk.ui.formatting import format_int
from kjdesk.ui.reports.rows_model import Column, RowsModel
from kjdesk.ui.stale import RefreshWhenShown

FIRST_YEAR = 2011


def _counts(keys):
    return tuple(Column(COUNT_TITLES[k], lambda r, k=k: format_int(r[k]), numeric=True) for k in keys)


STATION_COLUMNS = (Column(N_("Station"), lambda r: r["name"]),) + _counts(STATION_COUNTS)
SPECIALIST_COLUMNS = (Column(N_("Specialist"), lambda r: r["name"]), Column(N_("Code"), lambda r: r["code"])) + \
    _counts(SPECIALIST_COUNTS)
LOG_COLUMNS = (Column(N_("Date"), lambda e: format_date(e.date)), Column(N_("Type"), lambda e: e.type_label),
               Column(N_("Attendees"), lambda e: "" if e.attendees is None else format_int(e.attendees), numeric=True),
               Column(N_("Title"), lambda e: e.title))
ALLOWANCE_COLUMNS = (Column(N_("Date"), lambda ln: format_date(ln.date) + (" " + _("(late entry)") if ln.late else "")),
                     Column(N_("Case"), lambda ln: ln.ref), Column(N_("Enterprise"), lambda ln: ln.enterprise),
                     Column(N_("Specialist"), lambda ln: ln.specialist))


def _view(model: RowsModel, stretch_last: bool = False) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.setSelectionMode(QAbstractItemView.SingleSelection)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(stretch_last)
    return view


class LogEntryDialog(QDialog):
    """One work log entry: date, type, attendees (events only), title."""

    def __init__(self, parent=None, entry=None, year: int | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Work log entry"))
        self.date = QDateEdit(calendarPopup=True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        day = entry.date if entry else dt.date(year or dt.date.today().year, dt.date.today().month, 1)
        self.date.setDate(QDate(day.year, day.month, day.day))
        self.type = QComboBox()
        for code, label in ACTIVITY_TYPES.items():
            self.type.addItem(_(label), code)
        if entry:
            self.type.setCurrentIndex(self.type.findData(entry.type))
        self.attendees = QSpinBox()
        self.attendees.setRange(0, 100_000)
        self.attendees.setValue(entry.attendees or 0 if entry else 0)
        self.title = QLineEdit(entry.title if entry else "")
        form = QFormLayout(self)
        form.addRow(_("&Date"), self.date)
        form.addRow(_("&Type"), self.type)
        form.addRow(_("&Attendees"), self.attendees)
        form.addRow(_("T&itle"), self.title)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.type.currentIndexChanged.connect(self._attendees_enabled)
        self._attendees_enabled()

    def _attendees_enabled(self) -> None:
        self.attendees.setEnabled(self.type.currentData() in EVENT_ACTIVITY_TYPES)

    def values(self) -> tuple:
        q = self.date.date()
        type_ = self.type.currentData()
        attendees = self.attendees.value() if type_ in EVENT_ACTIVITY_TYPES else None
        return dt.date(q.year(), q.month(), q.day()), type_, attendees, self.title.text()


class StationsPage(RefreshWhenShown, QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.year_label = QLabel()
        self.year = QSpinBox()
        self.year.setRange(FIRST_YEAR, dt.date.today().year + 1)
        self.year.setGroupSeparatorShown(False)
        self.year_label.setBuddy(self.year)
        self.status = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.year_label)
        top.addWidget(self.year)
        top.addWidget(self.status, 1)

        self.stations = RowsModel(STATION_COLUMNS, self)
        self.specialists = RowsModel(SPECIALIST_COLUMNS, self)
        self.log = RowsModel(LOG_COLUMNS, self)
        self.allowance = RowsModel(ALLOWANCE_COLUMNS, self)
        self.station_view = _view(self.stations)
        self.log_view = _view(self.log, stretch_last=True)

        self.add_button, self.edit_button, self.remove_button = QPushButton(), QPushButton(), QPushButton()
        self.add_button.clicked.connect(self.add_entry)
        self.edit_button.clicked.connect(self.edit_entry)
        self.remove_button.clicked.connect(self.remove_entry)
        log_page = QWidget()
        log_box = QVBoxLayout(log_page)
        log_buttons = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.remove_button):
            log_buttons.addWidget(b)
        log_buttons.addStretch(1)
        log_box.addLayout(log_buttons)
        log_box.addWidget(self.log_view)

        self.period_label = QLabel()
        self.period = QLineEdit()
        self.period.setPlaceholderText("2017-06 / 2017-Q2")
        self.period_label.setBuddy(self.period)
        self.show_button, self.pdf_button = QPushButton(), QPushButton()
        self.period.returnPressed.connect(self.show_statement)
        self.show_button.clicked.connect(self.show_statement)
        self.pdf_button.clicked.connect(self.ask_pdf)
        self.statement_text = QLabel()
        self.statement_text.setWordWrap(True)
        allowance_page = QWidget()
        allowance_box = QVBoxLayout(allowance_page)
        period_row = QHBoxLayout()
        for w in (self.period_label, self.period, self.show_button, self.pdf_button):
            period_row.addWidget(w)
        period_row.addStretch(1)
        allowance_box.addLayout(period_row)
        allowance_box.addWidget(self.statement_text)
        allowance_box.addWidget(_view(self.allowance, stretch_last=True))

        self.tabs = QTabWidget()
        self.tabs.addTab(_view(self.specialists), "")
        self.tabs.addTab(log_page, "")
        self.tabs.addTab(allowance_page, "")
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.station_view)
        split.addWidget(self.tabs)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(split, 1)

        with ctx.read() as session:
            from kjdesk.services.registry import last_complete_year

            self.year.setValue(last_complete_year(session) or dt.date.today().year)
        self.period.setText(f"{self.year.value()}-Q1")
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.station_view.selectionModel().currentRowChanged.connect(lambda *_a: self.show_station())
        ctx.data_changed.connect(self.data_changed)
        ctx.language_changed.connect(self.retranslate)
        self.retranslate_texts()
        self.refresh()

    # -- data ---------------------------------------------------------------------------------
    def station_code(self) -> str | None:
        row = self.stations.row(self.station_view.currentIndex())
        return row["code"] if row else None

    def refresh(self) -> None:
        from kjdesk.domain.workload import year_period
        from kjdesk.services.workload import workload

        self.stale = False
        code = self.station_code()
        with self.ctx.read() as session:
            self.data = workload(session, year_period(self.year.value()))
        self.stations.set_rows(self.data.stations)
        codes = [r["code"] for r in self.data.stations]
        if codes:
            self.station_view.selectRow(codes.index(code) if code in codes else 0)
        self.show_station()

    def show_station(self) -> None:
        from kjdesk.services import station_log

        code = self.station_code()
        self.specialists.set_rows([r for r in self.data.specialists if r["station"] == code])
        if code is None:
            self.log.set_rows([])
            return
        with self.ctx.read() as session:
            self.log.set_rows(station_log.entries(session, code, self.year.value()))
        self.show_statement()

    def show_statement(self):
        from kjdesk.domain.allowances import fen_to_yuan
        from kjdesk.services import allowances

        code = self.station_code()
        self.statement = None
        self.allowance.set_rows([])
        if code is None:
            return None
        try:
            with self.ctx.read() as session:
                self.statement = allowances.statement(session, code, self.period.text())
        except DomainError as exc:
            self.statement_text.setText(str(exc))
            return None
        st = self.statement
        self.allowance.set_rows(st.lines)
        issued = (_("Issued on {date} by {by}").format(date=format_date(st.issued_on), by=st.issued_by)
                  if st.issued_on else _("Not issued yet: the figures may still change"))
        self.statement_text.setText(_("{visits} visits × {rate} CNY = {total} CNY. {issued}").format(
            visits=len(st.lines), rate=f"{fen_to_yuan(st.per_visit_fen):,.2f}",
            total=f"{fen_to_yuan(st.total_fen):,.2f}", issued=issued))
        return st

    # -- the work log ----------------------------------------------------------------------------
    def _entry(self):
        return self.log.row(self.log_view.currentIndex())

    def _write(self, action) -> bool:
        try:
            with self.ctx.write() as session:
                action(session)
        except DomainError as exc:
            QMessageBox.warning(self, _("Work log"), str(exc))
            return False
        if self.stale or not self.isVisible():
            self.refresh()   # a shown page was refreshed by data_changed already
        return True

    def add_entry(self, values: tuple | None = None) -> bool:
        from kjdesk.services import station_log

        code = self.station_code()
        if code is None:
            return False
        if values is None:
            dialog = LogEntryDialog(self, year=self.year.value())
            if dialog.exec() != QDialog.Accepted:
                return False
            values = dialog.values()
        return self._write(lambda s: station_log.add(s, code, *values))

    def edit_entry(self, values: tuple | None = None) -> bool:
        from kjdesk.services import station_log

        entry = self._entry()
        if entry is None:
            return False
        if values is None:
            dialog = LogEntryDialog(self, entry)
            if dialog.exec() != QDialog.Accepted:
                return False
            values = dialog.values()
        return self._write(lambda s: station_log.change(s, entry.id, *values))

    def remove_entry(self, confirm=None) -> bool:
        from kjdesk.services import station_log

        entry = self._entry()
        if entry is None:
            return False
        ask = confirm or (lambda text: QMessageBox.question(self, _("Work log"), text) == QMessageBox.Yes)
        if not ask(_("Remove the entry “{type}” of {date}?").format(type=entry.type_label, date=format_date(entry.date))):
            return False
        return self._write(lambda s: station_log.remove(s, entry.id))

    # -- printing ----------------------------------------------------------------------------
    def ask_pdf(self) -> None:
        st = self.show_statement()
        if st is None:
            return
        path, _filter = QFileDialog.getSaveFileName(self, _("Print statement"), f"allowances-{st.station}-{st.period}.pdf",
                                                    _("PDF document (*.pdf)"))
        if path:
            self.print_pdf(path)

    def print_pdf(self, path: str) -> str | None:
        from kjdesk.reports.allowance_statement import write_statements_pdf

        if self.statement is None:
            return None
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        write_statements_pdf([self.statement], path)
        self.status.setText(_("Saved {file}").format(file=path))
        return path

    # -- language ----------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.retranslate_texts()
        self.refresh()

    def retranslate_texts(self) -> None:
        self.year_label.setText(_("&Year"))
        self.tabs.setTabText(0, _("Specialists"))
        self.tabs.setTabText(1, _("Work log"))
        self.tabs.setTabText(2, _("Visit allowances"))
        self.add_button.setText(_("&Add…"))
        self.edit_button.setText(_("&Edit…"))
        self.remove_button.setText(_("&Remove…"))
        self.period_label.setText(_("&Period"))
        self.show_button.setText(_("&Show"))
        self.pdf_button.setText(_("&Print PDF…"))
        for model in (self.stations, self.specialists, self.log, self.allowance):
            model.retranslate()
