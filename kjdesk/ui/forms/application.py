"""A new loan application: who applies, for which product, at which station; saved with its submission."""
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
from kjdesk.ui.forms.fields import AmountField, date_edit, fill_combo, get_date
from kjdesk.ui.jobs.runner import show_error

SEARCH_DELAY_MS = 200   # wait for a pause in typing before asking the database
SEARCH_LIMIT = 50


class ApplicationDialog(QDialog):
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
        self.amount = AmountField(required=False)
        self.first_loan = QCheckBox()
        if today is None:
            with ctx.read() as session:
                today = working_date(session)   # a demo is frozen on its own "today"
        self.submitted = date_edit(today)

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
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.find_enterprises)
        self.search.textChanged.connect(self.timer.start)
        self.station.currentIndexChanged.connect(self.fill_specialists)
        self.enterprise.currentIndexChanged.connect(self._update_ok)
        self.retranslate()
        if enterprise_id is not None:
            self.select_enterprise(enterprise_id)
        ctx.language_changed.connect(self.retranslate)

    # -- choices ------------------------------------------------------------------------------
    def find_enterprises(self) -> None:
        with self.ctx.read() as session:
            found = registry.search_enterprises(session, self.search.text(), SEARCH_LIMIT)
        fill_combo(self.enterprise, found)
        self._update_ok()

    def select_enterprise(self, enterprise_id: int) -> None:
        with self.ctx.read() as session:
            ent = registry.enterprise_record(session, enterprise_id)
        self.search.blockSignals(True)
        self.search.setText(ent.credit_code)
        self.search.blockSignals(False)
        self.find_enterprises()
        self.enterprise.setCurrentIndex(max(0, self.enterprise.findData(enterprise_id)))

    def create_enterprise(self) -> None:
        from kjdesk.ui.forms.enterprise import EnterpriseDialog

        dialog = EnterpriseDialog(self.ctx, self)
        if dialog.exec() == QDialog.Accepted:
            self.select_enterprise(dialog.enterprise_id)

    def fill_specialists(self) -> None:
        with self.ctx.read() as session:
            choices = registry.specialists(session, self.station.currentData())
        fill_combo(self.specialist, choices, none_label="—")

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(self.enterprise.currentData() is not None)

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
        self.amount.retranslate()
        with self.ctx.read() as session:
            products, stations = registry.products(session), registry.stations(session)
        fill_combo(self.product, products)
        fill_combo(self.station, stations, none_label="—")
        self.fill_specialists()
        self.find_enterprises()
        self.buttons.button(QDialogButtonBox.Ok).setText(_("Submit"))
        self.buttons.button(QDialogButtonBox.Cancel).setText(_("Cancel"))

    # -- saving -------------------------------------------------------------------------------
    def values(self) -> dict:
        if self.enterprise.currentData() is None:
            raise DomainError(_("choose the enterprise that applies"))
        return dict(enterprise_id=self.enterprise.currentData(), product_code=self.product.currentData(),
                    station_id=self.station.currentData(), specialist_id=self.specialist.currentData(),
                    requested_fen=self.amount.fen(), first_bank_loan=self.first_loan.isChecked(),
                    submitted_on=get_date(self.submitted))

    def accept(self) -> None:
        try:
            values = self.values()
            with self.ctx.write() as session:
                self.app_id = registry.create_application(session, **values).id
        except Exception as exc:  # refused input, the environment or a bug: show_error tells which
            show_error(self, self.windowTitle(), exc)
            return
        super().accept()
        self.ctx.open_case.emit(self.app_id)
