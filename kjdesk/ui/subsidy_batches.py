"""Granted without application (免申即享): choose the program and the period, see the proposed cases,
make them a batch (第 N 批), take cases out with a reason, approve the batch, export its payment list."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMessageBox, QPushButton, QTableView,
                               QVBoxLayout, QWidget)

from kjdesk.i18n import N_, _, current_language
from kjdesk.services import subsidy_batches as service
from kjdesk.services.settings import working_date
from kjdesk.services.subsidy_case import form_choices
from kjdesk.services.subsidy_report import budget_excess
from kjdesk.ui import settings
from kjdesk.ui.context import AppContext
from kjdesk.ui.forms.careful import CarefulDialog
from kjdesk.ui.formatting import format_date, format_int, format_wan, wan_header
from kjdesk.ui.jobs.runner import run_job, show_error
from kjdesk.ui.reports.rows_model import Column, RowsModel
from kjdesk.ui.subsidy_step import confirm_past_budget, status_label


def _wan(label: str):
    return lambda: wan_header(_(label))


PROPOSAL_COLUMNS = (
    Column(N_("Loan"), lambda p: p.loan_ref),
    Column(N_("Enterprise"), lambda p: p.enterprise),
    Column(N_("Credit code"), lambda p: p.credit_code),
    Column(N_("Disbursed on"), lambda p: format_date(p.disbursed_on)),
    Column(_wan(N_("Disbursed")), lambda p: format_wan(p.insured_fen, unit=False), numeric=True),
    Column(_wan(N_("Premium")), lambda p: format_wan(p.premium_fen, unit=False), numeric=True),
    Column(_wan(N_("Subsidy")), lambda p: format_wan(p.subsidy_fen, unit=False), numeric=True),
)
BATCH_COLUMNS = (
    Column(N_("Reference"), lambda r: r.ref),
    Column(N_("Enterprise"), lambda r: r.enterprise),
    Column(N_("Loan"), lambda r: r.loan),
    Column(_wan(N_("Premium")), lambda r: format_wan(r.premium_fen, unit=False), numeric=True),
    Column(_wan(N_("Subsidy")), lambda r: format_wan(r.subsidy_fen, unit=False), numeric=True),
    Column(N_("Status"), lambda r: status_label(r.status, granted=True)),
    Column(N_("Reason"), lambda r: r.reason),
)


def _table(model: RowsModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


def export_payment_list(session_factory, code: str, fmt: str, path: str, lang: str) -> str:
    """The batch's payment list as PDF or workbook (on a worker thread); returns the path."""
    from kjdesk.commands.tabular import write_xlsx
    from kjdesk.reports.payment_list import PAYMENT_COLUMNS, payment_records, payment_title, write_payment_pdf
    from kjdesk.services.subsidy_programs import program

    with session_factory() as session:
        listed = service.payment_list(session, code)
        row, _terms = program(session, listed.program)
    name = row.name_zh if lang == "zh_CN" else row.name_en or row.name_zh
    if fmt == "pdf":
        write_payment_pdf(listed, name, path, lang)
    else:
        records, total = payment_records(listed, lang)
        write_xlsx(path, payment_title(listed, name, lang), PAYMENT_COLUMNS, records + [total])
    return path


class ReasonDialog(CarefulDialog):
    """Why a case is taken out of its batch."""

    def __init__(self, ref: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Take {ref} out of the batch").format(ref=ref))
        self.setMinimumWidth(420)
        form = QFormLayout(self)
        self.reason = QLineEdit()
        form.addRow(_("Reason"), self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.make_save_default(buttons)
        self.remember_typed()


class SubsidyBatchDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.job = ctx, None
        self.setWindowTitle(_("Batches granted without application"))
        self.setMinimumSize(900, 620)
        with ctx.read() as session:
            self.today = working_date(session)
            programs, _stations = form_choices(session)
        self.program = QComboBox()
        for choice, terms in programs:
            if terms.automatic:
                self.program.addItem(choice.name(), choice.key)
        year = self.today.year
        self.date_from, self.date_to = self._date(dt.date(year, 1, 1)), self._date(self.today)
        self.propose_button = QPushButton(_("Show &proposals"))
        self.propose_button.clicked.connect(self.show_proposals)
        top = QHBoxLayout()
        for label, field in ((_("Program"), self.program), (_("From"), self.date_from), (_("To"), self.date_to)):
            top.addWidget(QLabel(label))
            top.addWidget(field)
        top.addWidget(self.propose_button)
        top.addStretch(1)
        self.proposal_model, self.batch_model = RowsModel(PROPOSAL_COLUMNS, self), RowsModel(BATCH_COLUMNS, self)
        self.proposal_view, self.batch_view = _table(self.proposal_model), _table(self.batch_model)
        self.proposal_total = QLabel()
        self.create_button = QPushButton(_("&Create the batch"))
        self.create_button.clicked.connect(self.create_batch)
        made = QHBoxLayout()
        made.addWidget(self.proposal_total, 1)
        made.addWidget(self.create_button)
        self.batch = QComboBox()
        self.batch.currentIndexChanged.connect(self.show_batch)
        self.batch_state = QLabel()
        self.take_out_button = QPushButton(_("&Take out…"))
        self.approve_button = QPushButton(_("&Approve the batch"))
        self.pdf_button, self.xlsx_button = QPushButton(_("Payment list &PDF…")), QPushButton(_("Payment list &workbook…"))
        self.take_out_button.clicked.connect(self.take_out)
        self.approve_button.clicked.connect(self.approve)
        self.pdf_button.clicked.connect(lambda: self.ask_export("pdf"))
        self.xlsx_button.clicked.connect(lambda: self.ask_export("xlsx"))
        batch_row = QHBoxLayout()
        batch_row.addWidget(QLabel(_("Batch")))
        batch_row.addWidget(self.batch)
        batch_row.addWidget(self.batch_state, 1)
        actions = QHBoxLayout()
        for button in (self.take_out_button, self.approve_button):
            actions.addWidget(button)
        actions.addStretch(1)
        for button in (self.pdf_button, self.xlsx_button):
            actions.addWidget(button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(self.proposal_view, 1)
        box.addLayout(made)
        box.addLayout(batch_row)
        box.addWidget(self.batch_view, 1)
        box.addLayout(actions)
        box.addWidget(close)
        self.program.currentIndexChanged.connect(self.program_chosen)
        self.program_chosen()

    def _date(self, day: dt.date):
        from kjdesk.ui.forms.fields import date_edit

        return date_edit(day)

    @staticmethod
    def _day(edit) -> dt.date:
        q: QDate = edit.date()
        return dt.date(q.year(), q.month(), q.day())

    def program_chosen(self) -> None:
        self.proposal_model.set_rows([])
        self.proposal_total.setText("")
        self.create_button.setEnabled(False)
        self.load_batches()

    def load_batches(self, select: str | None = None) -> None:
        code = self.program.currentData()
        with self.ctx.read() as session:
            found = service.program_batches(session, code) if code else []
        self.batch.blockSignals(True)
        self.batch.clear()
        for b in found:
            self.batch.addItem(_("No. {number} ({code}), made {date}").format(
                number=b.number, code=b.code, date=format_date(b.made_on)), b.code)
        if select:
            self.batch.setCurrentIndex(self.batch.findData(select))
        self.batch.blockSignals(False)
        self.show_batch()

    def show_proposals(self):
        """Ask for the proposals off the GUI thread (a year of loans takes a moment); the job."""
        program, start, end = self.program.currentData(), self._day(self.date_from), self._day(self.date_to)
        factory = self.ctx.session_factory
        self.proposal_total.setText(_("Counting…"))

        def ask(progress, cancelled):
            with factory() as session:
                return service.proposals(session, program, start, end)

        self.job = run_job(self, ask, title=_("Proposals"), on_done=self._proposed,
                           on_error=lambda exc: self.proposal_total.setText("") or False)  # then shown
        return self.job

    def _proposed(self, found: list) -> None:
        self.proposal_model.set_rows(found)
        self.proposal_total.setText(_("{n} loans without a case; subsidy {subsidy}").format(
            n=format_int(len(found)), subsidy=format_wan(sum(p.subsidy_fen for p in found))))
        self.create_button.setEnabled(bool(found))

    def create_batch(self) -> str | None:
        try:
            with self.ctx.write() as session:
                code = service.create_batch(session, self.program.currentData(), self._day(self.date_from),
                                            self._day(self.date_to), self.today, by=_("the center")).code
        except Exception as exc:  # refused input, the environment or a bug: show_error tells which
            show_error(self, _("Create the batch"), exc)
            return None
        self.show_proposals()
        self.load_batches(select=code)
        return code

    def show_batch(self) -> None:
        code = self.batch.currentData()
        rows, approved_on = [], None
        if code:
            with self.ctx.read() as session:
                rows = service.batch_rows(session, code)
                approved_on = service.batch_by_code(session, code).approved_on
        self.batch_model.set_rows(rows)
        pending = code is not None and approved_on is None
        self.batch_state.setText("" if code is None else _("approved on {date}").format(date=format_date(approved_on))
                                 if approved_on else _("waiting for approval"))
        self.take_out_button.setEnabled(pending)
        self.approve_button.setEnabled(pending)
        for button in (self.pdf_button, self.xlsx_button):
            button.setEnabled(approved_on is not None)

    def selected_case(self):
        rows = self.batch_view.selectionModel().selectedRows()
        return self.batch_model.rows[rows[0].row()] if rows else None

    def take_out(self, reason: str | None = None) -> bool:
        case = self.selected_case()
        if case is None:
            QMessageBox.information(self, _("Take out…"), _("Choose a case of the batch first."))
            return False
        if reason is None:
            dialog = ReasonDialog(case.ref, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            reason = dialog.reason.text()
        try:
            with self.ctx.write() as session:
                service.take_out(session, case.ref, self.today, reason=reason, by=_("the center"))
        except Exception as exc:  # refused input, the environment or a bug: show_error tells which
            show_error(self, _("Take {ref} out of the batch").format(ref=case.ref), exc)
            return False
        self.show_batch()
        return True

    def approve(self) -> bool:
        code = self.batch.currentData()
        if code is None:
            return False
        waiting = [r for r in self.batch_model.rows if r.status == "accepted"]
        answer = QMessageBox.question(
            self, _("Approve the batch"), _("Approve {n} cases of {batch} at their computed subsidy, {total}?").format(
                n=len(waiting), batch=code, total=format_wan(sum(r.subsidy_fen for r in waiting))),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        with self.ctx.read() as session:
            excess = budget_excess(session, self.program.currentData(), self.today,
                                   sum(r.subsidy_fen for r in waiting))
        if excess is not None and not confirm_past_budget(self, excess):
            return False
        try:
            with self.ctx.write() as session:
                service.approve_batch(session, code, self.today, by=_("the center"))
        except Exception as exc:  # refused input, the environment or a bug: show_error tells which
            show_error(self, _("Approve the batch"), exc)
            return False
        self.show_batch()
        return True

    def ask_export(self, fmt: str) -> None:
        code = self.batch.currentData()
        filters = _("PDF document (*.pdf)") if fmt == "pdf" else _("Excel workbook (*.xlsx)")
        path, _filter = QFileDialog.getSaveFileName(self, _("Export the payment list"),
                                                    settings.start_folder(f"{code}.{fmt}"), filters)
        settings.remember_folder(path)
        if path:
            self.export(fmt, path)

    def export(self, fmt: str, path: str):
        if not path.lower().endswith("." + fmt):
            path += "." + fmt
        code, lang, factory = self.batch.currentData(), current_language(), self.ctx.session_factory
        self.job = run_job(self, lambda progress, cancelled: export_payment_list(factory, code, fmt, path, lang),
                           title=_("Export the payment list"), on_done=self._exported, saves=True)
        return self.job

    def _exported(self, path: str) -> None:
        self.batch_state.setText(_("Saved {file}").format(file=Path(path).name))
