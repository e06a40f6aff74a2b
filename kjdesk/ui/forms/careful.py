"""A form a person can trust: typed text is never thrown away without asking, Enter saves.

Esc, Cancel, the window's close button and Enter on the focused Cancel button all come to
``reject``; when any text field differs from what the form opened with, it asks first, and
"Keep editing" is both the default and the Esc answer of that question.
"""
from __future__ import annotations

import re

from PySide6.QtWidgets import (QAbstractSpinBox, QComboBox, QDialog, QDialogButtonBox, QLineEdit, QMessageBox,
                               QPlainTextEdit, QWidget)

from kjdesk.i18n import _

# "银行授信(&A)…" → "银行授信", "Bank &approved…" → "Bank approved": a mnemonic belongs on a button, not a title.
_CJK_MNEMONIC = re.compile(r"\(&[^&)]\)")


def without_mnemonic(text: str) -> str:
    text = _CJK_MNEMONIC.sub("", text).replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.rstrip("…").rstrip()


class CarefulDialog(QDialog):
    """Call ``remember_typed()`` once the fields hold what the form opens with."""

    _opened_with: list[str] | None = None

    def _texts(self) -> list[str]:
        texts = []
        for field in self.findChildren(QWidget):
            if isinstance(field, QPlainTextEdit):
                texts.append(field.toPlainText())
            elif isinstance(field, QLineEdit) and not isinstance(field.parent(), (QAbstractSpinBox, QComboBox)):
                texts.append(field.text())   # a date's or a combo's own line edit is no typed text
        return texts

    def remember_typed(self) -> None:
        self._opened_with = self._texts()

    def has_typed_text(self) -> bool:
        return self._opened_with is not None and self._texts() != self._opened_with

    def make_save_default(self, buttons: QDialogButtonBox) -> None:
        """Enter anywhere but on another button saves (Enter on Cancel still asks before discarding)."""
        for button in buttons.buttons():
            if buttons.buttonRole(button) == QDialogButtonBox.ButtonRole.AcceptRole:
                button.setDefault(True)

    def confirm_discard(self) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, self.windowTitle(),
                          _("Discard what you typed in this form?"), parent=self)
        discard = box.addButton(_("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(_("Keep editing"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is discard

    def reject(self) -> None:
        if self.has_typed_text() and not self.confirm_discard():
            return
        super().reject()
