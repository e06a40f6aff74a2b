"""A subsidy case: its program's terms, the computed subsidy with the formula in numbers, the history
with who and when, the steps its status allows, and undo of the last step."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
                               QMessageBox, QPushButton, QTableView, QVBoxLayout, QWidget)

from kjdesk.domain.money import fen_to_wan
from kjdesk.domain.reference import QUALIFICATIONS
from kjdesk.domain.subsidy import BASES, Formula
from kjdesk.i18n import _, current_language
from kjdesk.services.settings import working_date
from kjdesk.services.subsidies import undo_last_step
from kjdesk.services.subsidy_case import CaseView, Step, case_view
from kjdesk.ui.context import AppContext
from kjdesk.ui.formatting import format_date, format_decimal, format_wan
from kjdesk.ui.jobs.runner import show_error
from kjdesk.ui.subsidy_step import SubsidyStepDialog, status_label

# What each step's button says, in the order of a case's path.
ACTIONS = {"accepted": lambda: _("&Accept…"), "returned": lambda: _("Return for &material…"),
           "submitted": lambda: _("&Resubmit…"), "expert_review": lambda: _("Send to &expert review…"),
           "approved": lambda: _("A&pprove…"), "rejected": lambda: _("Re&ject…"), "paid": lambda: _("Pa&y…")}


def formula_text(f: Formula) -> str:
    """min(base × rate, cap) = subsidy in numbers: "min(120.5 × 50 %, 50) = 50 万元"."""
    base, rate = format_decimal(fen_to_wan(f.base)), format_decimal(f.rate * 100)
    result = format_wan(f.subsidy)
    if f.cap is None:
        return f"{base} × {rate} % = {result}"
    return f"min({base} × {rate} %, {format_decimal(fen_to_wan(f.cap))}) = {result}"


def window_text(opens: dt.date | None, closes: dt.date | None) -> str:
    if not (opens or closes):
        return _("any time")
    return _("{opens} to {closes}").format(opens=format_date(opens) or "…", closes=format_date(closes) or "…")


class HistoryModel(QAbstractTableModel):
    """The case's steps, oldest first: date, step, who, note."""
    HEADERS = (lambda: _("Date"), lambda: _("Step"), lambda: _("By"), lambda: _("Note or reason"))

    def __init__(self, parent=None):
        super().__init__(parent)
        self.steps: list[Step] = []
        self.granted = False

    def set_steps(self, steps: list[Step], granted: bool = False) -> None:
        self.beginResetModel()
        self.steps, self.granted = list(steps), granted
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.steps)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        step = self.steps[index.row()]
        return (format_date(step.date), status_label(step.status, self.granted), step.by, step.note)[index.column()]

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]()
        return None


class SubsidyCaseDialog(QDialog):
    def __init__(self, ctx: AppContext, case_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.case_id = ctx, case_id
        self.view: CaseView | None = None
        self.setMinimumSize(760, 640)
        box = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        box.addWidget(self.heading)
        columns = QHBoxLayout()
        box.addLayout(columns)
        self.terms_box, self.case_box = QGroupBox(), QGroupBox()
        self.terms, self.details = QFormLayout(self.terms_box), QFormLayout(self.case_box)
        for form in (self.terms, self.details):
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        columns.addWidget(self.terms_box, 1)
        columns.addWidget(self.case_box, 1)
        self.history_box = QGroupBox()
        history = QVBoxLayout(self.history_box)
        self.history_model = HistoryModel(self)
        self.history = QTableView()
        self.history.setModel(self.history_model)
        self.history.verticalHeader().hide()
        self.history.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        history.addWidget(self.history)
        box.addWidget(self.history_box, 1)
        actions, self.step_row = QHBoxLayout(), QHBoxLayout()
        box.addLayout(actions)
        actions.addLayout(self.step_row)
        actions.addStretch(1)
        self.action_buttons: dict[str, QPushButton] = {}
        self.undo_button = QPushButton()
        self.undo_button.clicked.connect(self.ask_undo)
        actions.addWidget(self.undo_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        box.addWidget(close)
        self.reload()

    def reload(self) -> None:
        with self.ctx.read() as session:
            self.view = case_view(session, self.case_id)
        self.show_case()

    def show_case(self) -> None:
        v = self.view
        self.setWindowTitle(_("Subsidy case {ref}").format(ref=v.ref))
        self.heading.setText(_("{ref} · {enterprise} ({credit_code}) · {status} since {date}").format(
            ref=v.ref, enterprise=v.enterprise, credit_code=v.credit_code, status=status_label(v.status, v.granted),
            date=format_date(v.status_date)))
        self.terms_box.setTitle(_("Program: {name}").format(name=v.program_name.name()))
        self.case_box.setTitle(_("The case"))
        self.history_box.setTitle(_("History"))
        p = v.program
        quals = [q.name() for q in QUALIFICATIONS if q.code in p.qualifications]
        comma = "、" if current_language() == "zh_CN" else ", "
        self._fill(self.terms, [
            (_("Base"), _(BASES[p.base])),
            (_("Rate"), f"{format_decimal(p.rate * 100)} %"),
            (_("Cap per case"), format_wan(p.cap) if p.cap is not None else _("none")),
            (_("Window"), window_text(p.opens, p.closes)),
            (_("Budget a year"), format_wan(p.budget) if p.budget is not None else _("not set")),
            (_("Qualifications"), comma.join(quals) if quals else _("none")),
            (_("Classes"), comma.join(c.name() for c in p.classes) if p.classes else _("any")),
            (_("Linked loan"), _("required") if p.product else _("none")),
            (_("Granted without application"), _("yes") if p.automatic else _("no")),
            (_("Reviewer"), v.reviewer),
            (_("Eligibility"), v.eligibility)])
        classes = {c.code: c.name() for c in p.classes}
        approved = format_wan(v.approved_fen) if v.approved_fen is not None else ""
        self._fill(self.details, [
            (_(BASES[p.base]).capitalize() if p.base else "", format_wan(v.formula.base)),
            (_("Policy starts on") if p.base == "premium" else _("Arose on"), format_date(v.started)),
            (_("Computed subsidy"), formula_text(v.formula)),
            (_("Approved amount"), approved),
            (_("Reason"), v.reason),
            (_("Policy"), " · ".join(t for t in (v.policy_no, v.insurer) if t)),
            (_("Insured amount"), format_wan(v.insured_fen)),
            (_("Class"), classes.get(v.class_code, v.class_code)),
            (_("Loan"), v.loan_ref),
            (_("Batch"), v.batch),
            (_("Station"), v.station.name() if v.station else "")])
        self.history_model.set_steps(v.history, v.granted)
        self.history.resizeColumnsToContents()
        self._show_actions()

    def _fill(self, form: QFormLayout, rows: list[tuple[str, str]]) -> None:
        while form.rowCount():
            form.removeRow(0)
        for label, value in rows:
            if value:
                text = QLabel(value)
                text.setWordWrap(True)
                text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                form.addRow(label, text)

    def _show_actions(self) -> None:
        for button in self.action_buttons.values():
            self.step_row.removeWidget(button)
            button.deleteLater()
        self.action_buttons = {}
        for status in self.view.next_statuses:
            button = QPushButton(ACTIONS[status]())
            button.clicked.connect(lambda _checked=False, s=status: self.take_step(s))
            self.step_row.addWidget(button)
            self.action_buttons[status] = button
        self.undo_button.setText(_("&Undo last step"))
        self.undo_button.setEnabled(len(self.view.history) > 1)

    def take_step(self, status: str) -> bool:
        with self.ctx.read() as session:
            today = working_date(session)
        done = SubsidyStepDialog(self.ctx, self.case_id, self.view.ref, self, today=today,
                                 only=status).exec() == QDialog.DialogCode.Accepted
        if done:
            self.reload()
        return done

    def ask_undo(self) -> None:
        if self.view is None or len(self.view.history) <= 1:
            return
        last = self.view.history[-1]
        answer = QMessageBox.question(
            self, _("Undo last step"), _("Remove the last step of {ref}, “{step}” of {date}?").format(
                ref=self.view.ref, step=status_label(last.status), date=format_date(last.date)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.undo()

    def undo(self) -> None:
        try:
            with self.ctx.write() as session:
                undo_last_step(session, self.view.ref)
        except Exception as exc:  # refused input, the environment or a bug: show_error tells which
            show_error(self, _("Undo last step"), exc)
        self.reload()
