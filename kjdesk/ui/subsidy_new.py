"""A new subsidy case: the enterprise found by name or credit code, the program, the base and its day;
whether the case is eligible (or why not) and the computed subsidy show as the person types."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from kjdesk.domain.errors import DomainError
from kjdesk.domain.subsidy import BASES, formula
from kjdesk.i18n import _
from kjdesk.services import registry
from kjdesk.services.settings import working_date
from kjdesk.services.subsidies import check_case, register_case
from kjdesk.services.subsidy_case import form_choices
from kjdesk.ui.context import AppContext
from kjdesk.ui.forms.careful import CarefulDialog
from kjdesk.ui.forms.fields import OK_STYLE, PROBLEM_STYLE, AmountField, date_edit, fill_combo, get_date
from kjdesk.ui.jobs.runner import show_error
from kjdesk.ui.subsidy_case import formula_text

CHECK_DELAY_MS = 150  # wait for a pause in typing before asking the database
SEARCH_LIMIT = 50


class NewSubsidyCaseDialog(CarefulDialog):
    """After OK, ``ref`` is the new case's reference."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, today: dt.date | None = None):
        super().__init__(parent)
        self.ctx, self.ref = ctx, None
        self.setWindowTitle(_("New subsidy case"))
        self.setMinimumWidth(620)
        with ctx.read() as session:
            today = today or working_date(session)
            programs, stations = form_choices(session)
        self.terms = {choice.key: terms for choice, terms in programs}
        self.program = QComboBox()
        for choice, _terms in programs:
            self.program.addItem(choice.name(), choice.key)
        self.program.setCurrentIndex(-1)
        self.program.setPlaceholderText(_("choose the program"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("name or credit code"))
        self.search.setClearButtonEnabled(True)
        self.enterprise = QComboBox()
        self.enterprise.setMinimumContentsLength(30)
        self.enterprise.setPlaceholderText(_("choose the enterprise (find it above)"))
        self.base = AmountField(required=True)
        self.started = date_edit(today)
        self.submitted = date_edit(today)
        self.klass = QComboBox()
        self.loan = QLineEdit()
        self.loan.setPlaceholderText(_("the loan's reference, e.g. LY20170001"))
        self.policy_no, self.insurer = QLineEdit(), QLineEdit()
        self.insured = AmountField(required=False)
        self.station = QComboBox()
        fill_combo(self.station, stations, none_label=_("(none)"))
        self.by, self.note = QLineEdit(), QLineEdit()
        self.eligibility, self.subsidy = QLabel(), QLabel()
        self.eligibility.setWordWrap(True)

        box = QVBoxLayout(self)
        form = QFormLayout()
        box.addLayout(form)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.base_label, self.class_label, self.loan_label = QLabel(), QLabel(_("Class")), QLabel(_("Loan"))
        self.started_label = QLabel(_("Arose on"))
        for label, field in ((_("Program"), self.program), (_("Find enterprise"), self.search),
                             (_("Enterprise"), self.enterprise), (self.base_label, self.base)):
            form.addRow(label, field)
        form.addRow(self.base.problem)
        for label, field in ((self.started_label, self.started), (_("Submitted on"), self.submitted),
                             (self.class_label, self.klass), (self.loan_label, self.loan),
                             (_("Policy number"), self.policy_no), (_("Insurer"), self.insurer),
                             (_("Insured amount"), self.insured)):
            form.addRow(label, field)
        form.addRow(self.insured.problem)
        for label, field in ((_("Station"), self.station), (_("By"), self.by), (_("Note"), self.note),
                             (_("Eligibility"), self.eligibility), (_("Computed subsidy"), self.subsidy)):
            form.addRow(label, field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Register"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        self.make_save_default(buttons)

        self.search_timer, self.check_timer = QTimer(self), QTimer(self)
        for timer, slot in ((self.search_timer, self.find_enterprises), (self.check_timer, self.check)):
            timer.setSingleShot(True)
            timer.setInterval(CHECK_DELAY_MS)
            timer.timeout.connect(slot)
        self.search.textChanged.connect(self.search_timer.start)
        self.program.currentIndexChanged.connect(self.program_chosen)
        for signal in (self.enterprise.currentIndexChanged, self.base.edit.textChanged, self.started.dateChanged,
                       self.klass.currentIndexChanged, self.loan.textChanged, self.insured.edit.textChanged):
            signal.connect(self.check_timer.start)
        self.find_enterprises()
        self.program_chosen()
        self.remember_typed()

    def find_enterprises(self) -> None:
        with self.ctx.read() as session:
            found = registry.search_enterprises(session, self.search.text(), SEARCH_LIMIT)
        fill_combo(self.enterprise, found, unchosen=True)
        if self.search.text().strip() and len(found) == 1:   # typed its name or credit code: that one
            self.enterprise.setCurrentIndex(0)
        self.check_timer.start()

    def program_chosen(self) -> None:
        """Only the fields the program asks for: its base, its classes, a loan when it has a product."""
        terms = self.terms.get(self.program.currentData())
        self.base_label.setText(_(BASES[terms.base if terms else "premium"]).capitalize())
        self.started_label.setText(_("Policy starts on") if not terms or terms.base == "premium" else _("Arose on"))
        self.klass.clear()
        if terms and terms.classes:
            self.klass.addItem(_("choose the class"), None)
            for c in terms.classes:
                self.klass.addItem(c.name(), c.code)
        for label, field, shown in ((self.class_label, self.klass, bool(terms and terms.classes)),
                                    (self.loan_label, self.loan, bool(terms and terms.product))):
            label.setVisible(shown)
            field.setVisible(shown)
        self.check()

    def _values(self) -> dict:
        """What register_case is given; DomainError names what is missing."""
        code = self.program.currentData()
        if code is None:
            raise DomainError(_("choose the program"))
        if self.enterprise.currentData() is None:
            raise DomainError(_("choose the enterprise"))
        with self.ctx.read() as session:
            credit = registry.enterprise_record(session, self.enterprise.currentData()).credit_code
        terms = self.terms[code]
        return dict(program=code, credit_code=credit, started=get_date(self.started),
                    insured_fen=self.insured.fen(), class_code=self.klass.currentData() if terms.classes else None,
                    loan_ref=self.loan.text().strip() if terms.product else None)

    def check(self) -> None:
        """Eligible or why not, and the subsidy min(base × rate, cap) in numbers, from what is typed now."""
        self.subsidy.setText("")
        try:
            values = self._values()
            base = self.base.fen() if self.base.edit.text().strip() else 0
            with self.ctx.read() as session:
                checked = check_case(session, base_fen=base or 0, **values)
            if base:
                self.subsidy.setText(formula_text(formula(checked.terms, base)))
            self.eligibility.setText(_("eligible"))
            self.eligibility.setStyleSheet(OK_STYLE)
        except DomainError as exc:
            self.eligibility.setText(exc.message)
            self.eligibility.setStyleSheet(PROBLEM_STYLE)
            terms = self.terms.get(self.program.currentData())
            try:   # not eligible, yet the person sees what the base would give
                if terms and self.base.edit.text().strip():
                    self.subsidy.setText(formula_text(formula(terms, self.base.fen())))
            except DomainError:
                pass   # the amount field says what is wrong with it

    def accept(self) -> None:
        try:
            values = self._values()
            with self.ctx.write() as session:
                self.ref = register_case(session, base_fen=self.base.fen(), submitted=get_date(self.submitted),
                                         station_code=self.station.currentData(), by=self.by.text().strip(),
                                         policy_no=self.policy_no.text().strip(), insurer=self.insurer.text().strip(),
                                         note=self.note.text().strip(), **values).ref
        except Exception as exc:  # refused input, the environment or a bug: show_error tells which
            show_error(self, self.windowTitle(), exc)
            return
        super().accept()
