"""A new loan application: who applies, for which product, at which station; saved with its submission.

Nothing is chosen in advance: Enter on a fresh form names the first field still missing and
creates nothing."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QVBoxLayout, QWidget)

from kjdesk.domain.errors import DomainError
from kjdesk.i18n import _
from kjdesk.services import registry
from kjdesk.services.settings import working_date
from kjdesk.ui.context import AppContext
from kjdesk.ui.forms.careful import CarefulDialog
from kjdesk.ui.forms.fields import PROBLEM_STYLE, AmountField, date_edit, fill_combo, get_date, retranslate_date
from kjdesk.ui.jobs.runner import show_error

SEARCH_DELAY_MS = 200   # wait for a pause in typing before asking the database
SEARCH_LIMIT = 50


class MissingField(DomainError):
    """Input the form itself refuses; ``field`` is where to fix it."""

    def __init__(self, message: str, field: QWidget):
        super().__init__(message)
        self.field = field


class ApplicationDialog(CarefulDialog):
    """After OK, ``app_id`` is the new application and the case opens (``ctx.open_case``)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, enterprise_id: int | None = None,
                 today: dt.date | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.app_id: int | None = None
        self.setMinimumWidth(560)

        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.enterprise = QComboBox()
        self.enterprise.setMinimumContentsLength(30)
        self.new_enterprise = QPushButton()
        self.new_enterprise.clicked.connect(self.create_enterprise)
        ent_row = QHBoxLayout()
        ent_row.addWidget(self.enterprise, 1)
        ent_row.addWidget(self.new_enterprise)
        self.product = QComboBox()
        self.station = QComboBox()
        self.specialist = QComboBox()
        self.amount = AmountField(required=True)
        self.first_loan = QCheckBox()
        if today is None:
            with ctx.read() as session:
                today = working_date(session)   # a demo is frozen on its own "today"
        self.submitted = date_edit(today)
        self.problem = QLabel()
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.problem.setWordWrap(True)
        self.problem.hide()

        box = QVBoxLayout(self)  # installed first, so every widget added below gets a parent at once
        self.form = QFormLayout()
        box.addLayout(self.form)
        self.form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.labels: dict[str, QLabel] = {}
        for key, field, buddy in (("search", self.search, self.search), ("enterprise", ent_row, self.enterprise),
                                  ("product", self.product, self.product), ("station", self.station, self.station),
                                  ("specialist", self.specialist, self.specialist),
                                  ("amount", self.amount, self.amount.edit), ("first_loan", self.first_loan, None),
                                  ("submitted", self.submitted, self.submitted)):
            self.labels[key] = QLabel()
            if buddy is not None:
                self.labels[key].setBuddy(buddy)
            self.form.addRow(self.labels[key], field)
            if field is self.amount:
                self.form.addRow(self.amount.problem)
        box.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)
        self.make_save_default(self.buttons)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.find_enterprises)
        self.search.textChanged.connect(self.timer.start)
        self.station.currentIndexChanged.connect(self.fill_specialists)
        self.retranslate()
        if enterprise_id is not None:
            self.select_enterprise(enterprise_id)
        self.search.setFocus()
        self.remember_typed()
        ctx.language_changed.connect(self.retranslate)

    # -- choices ------------------------------------------------------------------------------
    def find_enterprises(self) -> None:
        with self.ctx.read() as session:
            found = registry.search_enterprises(session, self.search.text(), SEARCH_LIMIT)
        fill_combo(self.enterprise, found, unchosen=True)
        if self.search.text().strip() and len(found) == 1:   # typed its name or credit code: that one
            self.enterprise.setCurrentIndex(0)

    def select_enterprise(self, enterprise_id: int) -> None:
        with self.ctx.read() as session:
            ent = registry.enterprise_record(session, enterprise_id)
        self.search.blockSignals(True)
        self.search.setText(ent.credit_code)
        self.search.blockSignals(False)
        self.find_enterprises()
        self.enterprise.setCurrentIndex(self.enterprise.findData(enterprise_id))

    def create_enterprise(self) -> None:
        from kjdesk.ui.forms.enterprise import EnterpriseDialog

        dialog = EnterpriseDialog(self.ctx, self)
        if dialog.exec() == QDialog.Accepted:
            self.select_enterprise(dialog.enterprise_id)

    def fill_specialists(self) -> None:
        with self.ctx.read() as session:
            station = self.station.currentData()
            choices = registry.specialists(session, station) if station is not None else []
        fill_combo(self.specialist, choices, unchosen=True)
        self.specialist.setPlaceholderText(_("choose the station first") if station is None
                                           else _("choose the specialist"))

    def retranslate(self) -> None:
        self.setWindowTitle(_("New loan application"))
        texts = {"search": _("&Find enterprise"), "enterprise": _("&Enterprise"), "product": _("&Product"),
                 "station": _("&Station"), "specialist": _("Spe&cialist"), "amount": _("&Requested amount"),
                 "first_loan": _("First bank loan"), "submitted": _("Su&bmitted on")}
        for key, label in self.labels.items():
            label.setText(texts[key])
        self.search.setPlaceholderText(_("name or credit code"))
        self.new_enterprise.setText(_("&New enterprise…"))
        self.first_loan.setText(_("the enterprise has never borrowed from a bank"))
        for combo, text in ((self.enterprise, _("choose the enterprise (find it above)")),
                            (self.product, _("choose the product")), (self.station, _("choose the station"))):
            combo.setPlaceholderText(text)
        self.problem.hide()   # (its text was in the other language)
        self.amount.retranslate()
        retranslate_date(self.submitted)
        with self.ctx.read() as session:
            products, stations = registry.products(session), registry.stations(session)
        fill_combo(self.product, products, unchosen=True)
        fill_combo(self.station, stations, unchosen=True)
        self.fill_specialists()
        self.find_enterprises()
        self.buttons.button(QDialogButtonBox.Ok).setText(_("Submit"))
        self.buttons.button(QDialogButtonBox.Cancel).setText(_("Cancel"))

    # -- saving -------------------------------------------------------------------------------
    def values(self) -> dict:
        """The application's fields; MissingField names the first one missing or wrong, in form order."""
        for combo, problem in ((self.enterprise, _("Enterprise: choose the enterprise that applies")),
                               (self.product, _("Product: choose the product applied for")),
                               (self.station, _("Station: choose the station that takes the application")),
                               (self.specialist, _("Specialist: choose the specialist in charge"))):
            if combo.currentData() is None:
                raise MissingField(problem, combo)
        try:
            requested = self.amount.fen()
        except DomainError as exc:
            raise MissingField(_("Requested amount: {reason}").format(reason=exc.message), self.amount.edit) from None
        return dict(enterprise_id=self.enterprise.currentData(), product_code=self.product.currentData(),
                    station_id=self.station.currentData(), specialist_id=self.specialist.currentData(),
                    requested_fen=requested, first_bank_loan=self.first_loan.isChecked(),
                    submitted_on=get_date(self.submitted))

    def accept(self) -> None:
        """Create the application, or name the field to fix (and go there) and create nothing."""
        try:
            values = self.values()
        except MissingField as exc:
            self.problem.setText(exc.message)
            self.problem.show()
            exc.field.setFocus()
            return
        self.problem.hide()
        try:
            with self.ctx.write() as session:
                self.app_id = registry.create_application(session, **values).id
        except Exception as exc:  # refused input, the environment or a bug: show_error tells which
            show_error(self, self.windowTitle(), exc)
            return
        super().accept()
        self.ctx.open_case.emit(self.app_id)
