"""The next step of a subsidy case: the statuses the case may go to, and only the fields a step needs."""
from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (QComboBox, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QMessageBox, QVBoxLayout,
                               QWidget)

from kjdesk.domain.errors import DomainError
from kjdesk.domain.reference import SUBSIDY_STATUSES
from kjdesk.domain.subsidy import NEEDS_REASON
from kjdesk.i18n import _
from kjdesk.services.subsidies import case_by_ref, next_statuses, take_step
from kjdesk.services.subsidy_report import budget_excess
from kjdesk.ui.context import AppContext
from kjdesk.ui.forms.careful import CarefulDialog
from kjdesk.ui.forms.fields import AmountField, date_edit, get_date
from kjdesk.ui.formatting import format_wan
from kjdesk.ui.jobs.runner import show_error


def status_label(status: str, granted: bool = False) -> str:
    """A status in words. A case granted without application (免申即享) was never accepted by a
    station: its "accepted" is its place in a batch awaiting approval, and says so."""
    if granted and status == "accepted":
        return _("In a 免申即享 batch")
    return _(SUBSIDY_STATUSES[status]) if status in SUBSIDY_STATUSES else status


class SubsidyStepDialog(CarefulDialog):
    """OK records the step in one transaction, or says why it cannot and keeps what was entered.
    ``only`` offers just that step (a case view's action button)."""

    def __init__(self, ctx: AppContext, case_id: int, ref: str, parent: QWidget | None = None,
                 today: dt.date | None = None, only: str | None = None):
        super().__init__(parent)
        self.ctx, self.ref = ctx, ref
        self.setWindowTitle(_("Next step of {ref}").format(ref=ref))
        self.setMinimumWidth(420)
        box = QVBoxLayout(self)
        form = QFormLayout()
        box.addLayout(form)
        self.status = QComboBox()
        with ctx.read() as session:
            for status in next_statuses(session, case_id):
                if only is None or status == only:
                    self.status.addItem(status_label(status), status)
        self.date = date_edit(today)
        self.amount = AmountField(required=False)
        self.reason = QLineEdit()
        self.batch = QLineEdit()
        self.by = QLineEdit()
        self.amount_label, self.reason_label = QLabel(_("Approved amount")), QLabel(_("Reason"))
        self.batch_label = QLabel(_("Payment batch"))
        form.addRow(_("Status"), self.status)
        form.addRow(_("Date"), self.date)
        form.addRow(self.amount_label, self.amount)
        form.addRow(self.amount.problem)
        form.addRow(self.reason_label, self.reason)
        form.addRow(self.batch_label, self.batch)
        form.addRow(_("By"), self.by)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        self.make_save_default(buttons)
        self.status.currentIndexChanged.connect(self._show_fields)
        self._show_fields()
        self.remember_typed()

    def _show_fields(self) -> None:
        status = self.status.currentData()
        for label, field, shown in ((self.amount_label, self.amount, status == "approved"),
                                    (self.batch_label, self.batch, status == "paid")):
            label.setVisible(shown)
            field.setVisible(shown)
        self.reason_label.setText(_("Reason") if status in NEEDS_REASON else _("Reason or note"))

    def accept(self) -> None:
        try:
            status = self.status.currentData()
            if status is None:
                raise DomainError(_("this case takes no further step"))
            amount = self.amount.fen() if status == "approved" else None
            text = self.reason.text().strip()
            if status == "approved" and not self.within_budget(amount):
                return
            with self.ctx.write() as session:
                # A reason is kept on the case for a rejection or a lower approval; otherwise it is the step's note.
                take_step(session, self.ref, status, get_date(self.date), by=self.by.text().strip(), amount_fen=amount,
                          reason=text if status in NEEDS_REASON or amount is not None else "", note=text,
                          batch=self.batch.text())
        except Exception as exc:  # refused input, the environment or a bug: show_error tells which
            show_error(self, _("Next step of {ref}").format(ref=self.ref), exc)
            return
        super().accept()

    def within_budget(self, amount: int | None) -> bool:
        """True when the approval stays within the program's budget for the year, or the person
        approves past it after the warning."""
        day = get_date(self.date)
        with self.ctx.read() as session:
            case = case_by_ref(session, self.ref)
            excess = budget_excess(session, case.program_code, day,
                                   amount if amount is not None else case.subsidy_fen or 0)
        return excess is None or confirm_past_budget(self, excess)


def confirm_past_budget(parent: QWidget, excess) -> bool:
    """Ask before an approval passes the program's budget; No is the default."""
    answer = QMessageBox.question(
        parent, _("Past the budget"),
        _("{program} has {approved} approved in {year}; approving {adding} more passes its budget of {budget}. "
          "Approve anyway?").format(program=excess.program, approved=format_wan(excess.approved_fen), year=excess.year,
                                    adding=format_wan(excess.adding_fen), budget=format_wan(excess.budget_fen)),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
