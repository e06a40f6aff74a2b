"""One small dialog per workflow action on a case; each records one event in one transaction."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (QComboBox, QDialogButtonBox, QFormLayout, QLabel, QMessageBox, QPlainTextEdit,
                               QVBoxLayout, QWidget)

from kjdesk.domain.errors import DomainError
from kjdesk.domain.timeline import EventType as E, Status
from kjdesk.i18n import N_, _
from kjdesk.services import registry
from kjdesk.services.cases import check_event, record_event
from kjdesk.services.meetings import Decision, record_decisions
from kjdesk.services.registry import CaseFile
from kjdesk.ui.context import AppContext
from kjdesk.ui.formatting import format_date
from kjdesk.ui.forms.careful import CarefulDialog, without_mnemonic
from kjdesk.ui.forms.fields import AmountField, date_edit, fill_combo, get_date, retranslate_date, set_date
from kjdesk.ui.jobs.runner import show_error

# Button texts of the actions, each with a keyboard mnemonic (Alt+letter) unique among the actions
# one state allows, and none on F, V or H, which open the main window's menus.
ACTION_LABELS = {
    E.PRELIMINARY_PASSED: N_("&Pass preliminary review…"),
    E.PRELIMINARY_RETURNED: N_("&Return at preliminary review…"),
    E.INVESTIGATED: N_("Record site v&isit…"),
    E.REVIEW_PASSED: N_("Review meeting: p&ass…"),
    E.REVIEW_DEFERRED: N_("Review meeting: &defer…"),
    E.REVIEW_REJECTED: N_("Review meeting: re&ject…"),
    E.RECOMMENDED: N_("Recommend to &bank…"),
    E.BANK_APPROVED: N_("Bank &approved…"),
    E.BANK_DECLINED: N_("Bank de&clined…"),
    E.BANK_SWITCHED: N_("&Switch bank…"),
    E.FOLLOWED_UP: N_("Follo&w-up note…"),
    E.DISBURSED: N_("Dis&bursed…"),
    E.REPAID: N_("Re&paid…"),
    E.OVERDUE: N_("&Overdue…"),
    E.WITHDRAWN: N_("&Withdraw…"),
}

AMOUNT_REQUIRED = {E.REVIEW_PASSED, E.RECOMMENDED, E.BANK_APPROVED}
AMOUNT_OPTIONAL = {E.DISBURSED, E.REPAID, E.OVERDUE}
REVIEW = {E.REVIEW_PASSED, E.REVIEW_DEFERRED, E.REVIEW_REJECTED}
NOTE_REQUIRED = {E.BANK_SWITCHED, E.FOLLOWED_UP, E.PRELIMINARY_RETURNED}
# These record a reason rather than a remark.
REASON = {E.PRELIMINARY_RETURNED, E.REVIEW_DEFERRED, E.REVIEW_REJECTED, E.BANK_DECLINED, E.BANK_SWITCHED,
          E.WITHDRAWN}
# Which earlier amount an action proposes, so a typical pass → recommend → approve needs no typing.
PROPOSED_FROM = {
    E.REVIEW_PASSED: (),
    E.RECOMMENDED: (E.REVIEW_PASSED,),
    E.BANK_APPROVED: (E.RECOMMENDED,),
    E.DISBURSED: (E.BANK_APPROVED,),
    E.REPAID: (E.DISBURSED,),
    E.OVERDUE: (E.DISBURSED,),
}


def action_title(event: E) -> str:
    return without_mnemonic(_(ACTION_LABELS[event]))


class EventDialog(CarefulDialog):
    """The fields an action needs and nothing else; OK records the event or says why it cannot."""

    def __init__(self, ctx: AppContext, case: CaseFile, event: E, parent: QWidget | None = None,
                 today: dt.date | None = None):
        super().__init__(parent)
        self.ctx, self.case, self.event_type = ctx, case, event
        self.recorded = False
        self.setMinimumWidth(440)
        box = QVBoxLayout(self)  # installed first, so every widget added below gets a parent at once
        form = QFormLayout()
        box.addLayout(form)
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.form = form
        self.labels: dict[str, QLabel] = {}
        self.case_label = QLabel()
        self.case_label.setWordWrap(True)
        self._row("case", self.case_label)

        with ctx.read() as session:
            bank_choices = registry.banks(session)
            # The case's own station's specialists (all of them if it has none on record).
            specialist_choices = (case.station_id is not None and registry.specialists(session, case.station_id)
                                  or registry.specialists(session))
            meeting_choices = registry.meetings(session, case.last_event_on, format_date) if event in REVIEW else []

        self.meeting = self.date = self.bank = self.amount = self.specialist = None
        if event in REVIEW:
            self.meeting = QComboBox()
            fill_combo(self.meeting, meeting_choices)
            self._row("meeting", self.meeting)
            self.no_meeting = QLabel()
            self.no_meeting.setWordWrap(True)
            self.no_meeting.setVisible(not meeting_choices)
            form.addRow(self.no_meeting)
        else:
            self.date = date_edit(max(today or dt.date.today(), case.last_event_on or dt.date.min))
            if case.last_event_on:  # an earlier date would be refused anyway: don't offer it
                last = case.last_event_on
                self.date.setMinimumDate(QDate(last.year, last.month, last.day))
            self._row("date", self.date)
        if event in (E.RECOMMENDED, E.BANK_SWITCHED):
            self.bank = QComboBox()
            choices = [c for c in bank_choices if not (event is E.BANK_SWITCHED and c.key == case.bank_code)]
            fill_combo(self.bank, choices)
            self._row("bank", self.bank)
        elif self._bank_is_the_cases() and case.bank_code:
            self.bank_label = QLabel(f"{case.bank} ({case.bank_code})")
            self._row("bank", self.bank_label)
        if event in AMOUNT_REQUIRED | AMOUNT_OPTIONAL:
            self.amount = AmountField(required=event in AMOUNT_REQUIRED)
            proposed = case.latest_amount(*PROPOSED_FROM[event]) if PROPOSED_FROM[event] else case.requested_fen
            self.amount.set_fen(proposed)
            self._row("amount", self.amount)
            form.addRow(self.amount.problem)
        if event in (E.INVESTIGATED, E.FOLLOWED_UP):
            self.specialist = QComboBox()
            fill_combo(self.specialist, specialist_choices,
                       none_label=None if event is E.INVESTIGATED else "—", keep=case.specialist_id)
            self._row("specialist", self.specialist)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(80)
        self._row("note", self.note)

        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)
        self.make_save_default(self.buttons)
        first = self._first_focus()
        first.setFocus()
        if first is self.amount_edit():
            first.selectAll()   # typing replaces the proposed amount
        self.retranslate()
        self.remember_typed()
        ctx.language_changed.connect(self.retranslate)

    def amount_edit(self) -> QWidget | None:
        return self.amount.edit if self.amount is not None else None

    def _first_focus(self) -> QWidget:
        """Start where the person types first: a required note or reason, else the amount, else a reason,
        else the date (which proposes the working date); Alt+key reaches the others."""
        if self.event_type in NOTE_REQUIRED:
            return self.note
        if self.amount is not None:
            return self.amount.edit
        if self.event_type in REASON:
            return self.note
        return self.date if self.date is not None else self.meeting

    def _bank_is_the_cases(self) -> bool:
        """A decision is the current bank's; a follow-up of a pending case names the bank it chases."""
        return self.event_type in (E.BANK_APPROVED, E.BANK_DECLINED) or (
            self.event_type is E.FOLLOWED_UP and self.case.status is Status.AT_BANK)

    def _row(self, key: str, field: QWidget) -> None:
        self.labels[key] = QLabel()
        self.labels[key].setBuddy(field)
        self.form.addRow(self.labels[key], field)

    def retranslate(self) -> None:
        self.setWindowTitle(action_title(self.event_type))
        self.case_label.setText(f"{self.case.ref} · {self.case.enterprise}")
        texts = {"case": _("Case"), "meeting": _("Review &meeting"), "date": _("&Date"), "bank": _("Ban&k"),
                 "amount": _("&Amount"), "specialist": _("&Specialist"),
                 "note": _("&Reason") if self.event_type in REASON else _("&Note")}
        if self.event_type is E.BANK_SWITCHED:
            texts["bank"] = _("New ban&k")
        for key, label in self.labels.items():
            label.setText(texts[key])
        if self.meeting is not None:
            self.no_meeting.setText(_("No review meeting on or after {date} yet: create it on the "
                                      "Review meetings page first.").format(
                date=format_date(self.case.last_event_on)))
            self.no_meeting.setStyleSheet("color: #b00020;")
            self.buttons.button(QDialogButtonBox.Ok).setEnabled(self.meeting.count() > 0)
        if self.amount is not None:
            self.amount.retranslate()
        if self.date is not None:
            retranslate_date(self.date)
        if self.date is not None and self.case.last_event_on:
            self.date.setToolTip(_("Not before the last event, {date}").format(
                date=format_date(self.case.last_event_on)))
        self.buttons.button(QDialogButtonBox.Ok).setText(_("Record"))
        self.buttons.button(QDialogButtonBox.Cancel).setText(_("Cancel"))

    def values(self) -> dict:
        """The event's fields as ``record_event`` takes them; DomainError when one is missing or wrong."""
        note = self.note.toPlainText().strip()
        if self.event_type in NOTE_REQUIRED and not note:
            raise DomainError(_("enter the reason") if self.event_type in REASON else _("enter a note"))
        values = dict(note=note)
        if self.meeting is not None:
            if self.meeting.currentData() is None:
                raise DomainError(_("choose the review meeting that decided"))
            values["meeting_id"] = self.meeting.currentData()
        if self.bank is not None:
            values["bank_code"] = self.bank.currentData()
        elif self._bank_is_the_cases():
            values["bank_code"] = self.case.bank_code
        if self.amount is not None:
            values["amount_fen"] = self.amount.fen()
        if self.specialist is not None:
            values["specialist_id"] = self.specialist.currentData()
            if self.event_type is E.INVESTIGATED and values["specialist_id"] is None:
                raise DomainError(_("choose the specialist who visited"))
        return values

    def confirm(self, warnings: list[str]) -> bool:
        """Ask before recording what the rules allow but is usually a slip (an approval above the
        recommendation); True to record it anyway."""
        answer = QMessageBox.question(
            self, action_title(self.event_type),
            "\n".join(warnings) + "\n\n" + _("Record it anyway?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def set_date(self, value: dt.date) -> None:
        set_date(self.date, value)

    def accept(self) -> None:
        """Record the event; on a refusal say why and keep the dialog open with what was entered.
        What the rules allow but is usually a slip is asked about first, outside any transaction."""
        try:
            values = self.values()
            if self.meeting is None:
                date = get_date(self.date)
                with self.ctx.read() as session:
                    warnings = check_event(session, self.case.id, self.event_type, date, note=values["note"],
                                           bank_code=values.get("bank_code"), amount_fen=values.get("amount_fen"))[2]
                if warnings and not self.confirm(warnings):
                    return
            with self.ctx.write() as session:
                if self.meeting is not None:  # dated the meeting's day, like the meetings page
                    meeting_id = values.pop("meeting_id")
                    record_decisions(session, meeting_id, [Decision(self.case.id, self.event_type, **values)])
                else:
                    record_event(session, self.case.id, self.event_type, date, **values)
            self.recorded = True
        except Exception as exc:  # refused input, the environment or a bug: show_error tells which
            show_error(self, action_title(self.event_type), exc)
            return
        super().accept()

