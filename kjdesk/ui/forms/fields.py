"""Input fields the forms share: an exact 万元 amount, a date, a combo of service choices."""
from __future__ import annotations

import datetime as dt
from typing import Iterable

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QWidget

from kjdesk.domain.errors import DomainError
from kjdesk.domain.money import fen_to_wan_str, wan_to_fen
from kjdesk.i18n import _, current_language

PROBLEM_STYLE = "color: #b00020;"
OK_STYLE = "color: #1b5e20;"
# A QDateEdit cannot be empty; its minimum date stands for "not given" (shown as specialValueText).
NO_DATE = QDate(1900, 1, 1)


class AmountField(QWidget):
    """An amount typed in 万元 and read back as exact fen; the reason shows live when it is not one.

    ``problem`` is a label of its own: add it to the form as a full-width row under the field
    (a wrapped label nested inside a form row gets one line's height and overlaps the next row).
    """

    changed = Signal()

    def __init__(self, required: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.required = required
        self.edit = QLineEdit()
        self.unit = QLabel()
        self.problem = QLabel()
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.problem.setWordWrap(True)
        self.problem.hide()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.unit)
        self.edit.textChanged.connect(self._check)
        self.retranslate()

    def retranslate(self) -> None:
        self.unit.setText(_("10k CNY"))
        self.edit.setPlaceholderText(_("e.g. 500 or 123.45") if self.required else _("optional"))
        self._check()

    def set_fen(self, fen: int | None) -> None:
        self.edit.setText("" if fen is None else fen_to_wan_str(fen))

    def fen(self) -> int | None:
        """The amount in fen, None when blank and optional; DomainError when it is not an amount."""
        text = self.edit.text().strip()
        if not text:
            if self.required:
                raise DomainError(_("enter an amount in 10k CNY"))
            return None
        return wan_to_fen(text)

    def problem_text(self) -> str | None:
        try:
            self.fen()
        except DomainError as exc:
            return exc.message
        return None

    def _check(self) -> None:
        problem = self.problem_text() if self.edit.text().strip() else None
        self.problem.setText(problem or "")
        self.problem.setVisible(bool(problem))
        self.changed.emit()


# Dates typed and shown like the lists show them (Babel's medium format): 2018年3月31日, Mar 31, 2018.
DATE_FORMATS = {"zh_CN": "yyyy年M月d日", "en": "MMM d, yyyy"}


class _OpenNear(QObject):
    """Turns an optional date's calendar to ``near`` when it opens while the date is “not given”
    (it would open in January 1900, the minimum that stands for it)."""

    def __init__(self, edit: QDateEdit, near: dt.date):
        super().__init__(edit)
        self.edit, self.near = edit, near

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Show and self.edit.date() == self.edit.minimumDate():
            watched.setCurrentPage(self.near.year, self.near.month)
        return False


def date_edit(value: dt.date | None = None, optional: bool = False, near: dt.date | None = None) -> QDateEdit:
    """A date field with a calendar; an optional one may be left at “not given”, and its calendar
    then opens at ``near`` (the working day, by default today)."""
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    if optional:
        edit.setMinimumDate(NO_DATE)
        calendar = edit.calendarWidget()
        calendar.installEventFilter(_OpenNear(edit, near or dt.date.today()))
    retranslate_date(edit)
    set_date(edit, value if value is not None or optional else dt.date.today())
    return edit


def retranslate_date(edit: QDateEdit) -> None:
    """Show the date the current language's way (call again after a language switch)."""
    edit.setLocale(QLocale())   # the language's month names; set as the default by the language switch
    edit.calendarWidget().setLocale(QLocale())
    edit.setDisplayFormat(DATE_FORMATS.get(current_language(), DATE_FORMATS["en"]))
    if edit.minimumDate() == NO_DATE:
        edit.setSpecialValueText(_("not given"))


def set_date(edit: QDateEdit, value: dt.date | None) -> None:
    edit.setDate(NO_DATE if value is None else QDate(value.year, value.month, value.day))


def get_date(edit: QDateEdit) -> dt.date | None:
    qd = edit.date()
    if edit.specialValueText() and qd == edit.minimumDate():
        return None
    return dt.date(qd.year(), qd.month(), qd.day())


def fill_combo(combo: QComboBox, choices: Iterable, none_label: str | None = None, keep: object = None,
               unchosen: bool = False) -> None:
    """Replace a combo's items by ``choices`` (``.key``/``.label``), keeping the selected key if it is still there.

    Otherwise the first item is selected, or none at all with ``unchosen`` (the combo then shows its
    placeholder text, and ``currentData()`` is None until the person chooses).
    """
    selected = combo.currentData() if keep is None else keep
    combo.blockSignals(True)
    combo.clear()
    if none_label is not None:
        combo.addItem(none_label, None)
    for choice in choices:
        combo.addItem(choice.label, choice.key)
    index = combo.findData(selected) if selected is not None else -1
    combo.setCurrentIndex(index if index >= 0 else -1 if unchosen else 0)
    combo.blockSignals(False)
