"""Register an enterprise (or correct one): the credit code is checked as it is typed."""
from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialogButtonBox, QFormLayout, QGridLayout, QGroupBox, QLabel,
                               QLineEdit, QVBoxLayout, QWidget)

from kjdesk.domain.creditcode import credit_code_problem
from kjdesk.domain.reference import QUALIFICATIONS
from kjdesk.i18n import _
from kjdesk.services import registry
from kjdesk.services.settings import working_date
from kjdesk.ui.context import AppContext
from kjdesk.ui.forms.careful import CarefulDialog
from kjdesk.ui.forms.fields import (OK_STYLE, PROBLEM_STYLE, date_edit, fill_combo, get_date, retranslate_date,
                                    set_date)
from kjdesk.ui.jobs.runner import show_error


class EnterpriseDialog(CarefulDialog):
    """New enterprise, or ``enterprise_id`` to edit one; ``enterprise_id`` holds the saved one after OK."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, enterprise_id: int | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.enterprise_id = enterprise_id
        self.editing = enterprise_id is not None
        self.setMinimumWidth(520)

        self.code = QLineEdit()
        self.code.setMaxLength(18)
        self.code.setFont(self._mono(self.code.font()))
        self.code_status = QLabel()
        self.code_status.setWordWrap(True)
        self.name = QLineEdit()
        self.district = QComboBox()
        self.park = QLineEdit()
        with ctx.read() as session:
            today = working_date(session)   # the founding date's calendar opens there, not in 1900
        self.founded = date_edit(None, optional=True, near=today)
        self.quals_box = QGroupBox()
        grid = QGridLayout(self.quals_box)
        self.quals: dict[str, QCheckBox] = {}
        for i, q in enumerate(QUALIFICATIONS):
            self.quals[q.code] = QCheckBox()
            grid.addWidget(self.quals[q.code], i // 2, i % 2)

        box = QVBoxLayout(self)  # installed first, so every widget added below gets a parent at once
        self.form = QFormLayout()
        box.addLayout(self.form)
        self.form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.labels = {}
        for key, field in (("code", self.code), ("", self.code_status), ("name", self.name),
                           ("district", self.district), ("park", self.park), ("founded", self.founded)):
            if key:
                self.labels[key] = QLabel()
                self.labels[key].setBuddy(field)
                self.form.addRow(self.labels[key], field)
            else:
                self.form.addRow("", field)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.quals_box)
        self.history_box = None
        if self.editing:  # who registered and changed it, from the audit trail
            from kjdesk.ui.history import HistoryPanel

            self.history_box = QGroupBox()
            self.history = HistoryPanel(ctx, "enterprises", enterprise_id)
            QVBoxLayout(self.history_box).addWidget(self.history)
            box.addWidget(self.history_box, 1)
        box.addWidget(self.buttons)
        self.make_save_default(self.buttons)

        self.code.textEdited.connect(self._upper)
        self.code.textChanged.connect(self.check_code)
        self.name.textChanged.connect(self._update_save)
        self.retranslate()
        if self.editing:
            self._load()
        (self.name if self.editing else self.code).setFocus()
        self.remember_typed()
        ctx.language_changed.connect(self.retranslate)

    @staticmethod
    def _mono(font):
        font.setFamilies(["Monospace", "DejaVu Sans Mono"] + font.families())
        return font

    def _load(self) -> None:
        with self.ctx.read() as session:
            ent = registry.enterprise_record(session, self.enterprise_id)
        self.code.setText(ent.credit_code)
        self.name.setText(ent.name)
        self.district.setCurrentIndex(max(0, self.district.findData(ent.district_code)))
        self.park.setText(ent.park)
        set_date(self.founded, ent.founded)
        for code in ent.qualifications:
            if code in self.quals:
                self.quals[code].setChecked(True)

    def _upper(self, text: str) -> None:
        if text != text.upper():
            pos = self.code.cursorPosition()
            self.code.setText(text.upper())
            self.code.setCursorPosition(pos)

    def code_problem(self) -> str | None:
        return credit_code_problem(self.code.text().strip().upper())

    def check_code(self) -> None:
        """Live check: the reason while the code is wrong, a tick once it is right."""
        text = self.code.text().strip()
        problem = self.code_problem() if text else None
        if not text:
            self.code_status.setText(_("18 characters, as on the business licence"))
            self.code_status.setStyleSheet("")
        elif problem:
            self.code_status.setText(problem)
            self.code_status.setStyleSheet(PROBLEM_STYLE)
        else:
            self.code_status.setText("✓ " + _("valid credit code"))
            self.code_status.setStyleSheet(OK_STYLE)
        self._update_save()

    def _update_save(self) -> None:
        ok = bool(self.code.text().strip()) and self.code_problem() is None and bool(self.name.text().strip())
        self.buttons.button(QDialogButtonBox.Save).setEnabled(ok)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Edit enterprise") if self.editing else _("New enterprise"))
        texts = {"code": _("&Credit code"), "name": _("&Name"), "district": _("&District"),
                 "park": _("&Park"), "founded": _("&Founded")}
        for key, label in self.labels.items():
            label.setText(texts[key])
        self.code.setPlaceholderText(_("unified social credit code"))
        self.park.setPlaceholderText(_("optional"))
        retranslate_date(self.founded)
        self.quals_box.setTitle(_("Qualifications"))
        if self.history_box is not None:
            self.history_box.setTitle(_("History"))
        for q in QUALIFICATIONS:
            self.quals[q.code].setText(q.name())
        with self.ctx.read() as session:
            choices = registry.districts(session)
        fill_combo(self.district, choices)
        self.buttons.button(QDialogButtonBox.Save).setText(_("Save"))
        self.buttons.button(QDialogButtonBox.Cancel).setText(_("Cancel"))
        self.check_code()

    def values(self) -> dict:
        return dict(credit_code=self.code.text(), name=self.name.text(), district_code=self.district.currentData(),
                    park=self.park.text(), founded=get_date(self.founded),
                    qualifications=[code for code, box in self.quals.items() if box.isChecked()])

    def accept(self) -> None:
        try:
            with self.ctx.write() as session:
                if self.editing:
                    registry.update_enterprise(session, self.enterprise_id, **self.values())
                else:
                    self.enterprise_id = registry.create_enterprise(session, **self.values()).id
        except Exception as exc:  # refused input, the environment or a bug: show_error tells which
            show_error(self, self.windowTitle(), exc)
            return
        super().accept()
