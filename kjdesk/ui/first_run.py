"""Opening a database file, and the first run of a new one: demo data for trainers, or empty."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QMessageBox, QPushButton, QRadioButton, QVBoxLayout, QWidget)
from sqlalchemy.orm import Session, sessionmaker

from kjdesk.db.database import DatabaseProblem, ServerAddress, open_database
from kjdesk.db.errors import classify
from kjdesk.i18n import _, current_language
from kjdesk.ui.language import LANGUAGE_NAMES, apply_language


def demo_builder():
    """``kjdesk.demo.build_demo`` if this kjdesk has it, else None."""
    try:
        from kjdesk.demo import build_demo
    except ImportError:
        return None
    return build_demo


class FirstRunDialog(QDialog):
    """Asked once for a new database: its language, and demo data or an empty start."""

    def __init__(self, path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.path = Path(path)
        self.setMinimumWidth(520)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(current_language()), 0))
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.language_label = QLabel()
        self.demo = QRadioButton()
        self.demo_note = QLabel()
        self.demo_note.setWordWrap(True)
        self.demo_note.setIndent(24)
        self.empty = QRadioButton()
        self.empty_note = QLabel()
        self.empty_note.setWordWrap(True)
        self.empty_note.setIndent(24)
        self.choice = QButtonGroup(self)
        self.choice.addButton(self.demo)
        self.choice.addButton(self.empty)
        self.empty.setChecked(True)
        if demo_builder() is None:
            self.demo.setEnabled(False)

        buttons = QDialogButtonBox()
        self.start = QPushButton()
        self.start.setDefault(True)
        buttons.addButton(self.start, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)

        form = QFormLayout()
        form.addRow(self.language_label, self.language)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addSpacing(8)
        for widget in (self.demo, self.demo_note, self.empty, self.empty_note):
            layout.addWidget(widget)
        layout.addSpacing(8)
        layout.addWidget(buttons)
        self.retranslate()

    def wants_demo(self) -> bool:
        return self.demo.isChecked() and self.demo.isEnabled()

    def _language_chosen(self) -> None:
        apply_language(self.language.currentData())
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Welcome to kjdesk"))
        self.intro.setText(_("kjdesk has created a new database:\n{path}\n\nHow would you like to start?")
                           .format(path=self.path))
        self.language_label.setText(_("Language"))
        self.demo.setText(_("Load demo data (for trainers)"))
        self.demo_note.setText(_("Stations, banks, enterprises and loan cases of 2011–2017 that reproduce "
                                 "the published 2017 figures, for demonstrations and training.")
                               if self.demo.isEnabled() else _("This kjdesk has no demo data."))
        self.empty.setText(_("Start empty"))
        self.empty_note.setText(_("An empty database for real work: register enterprises and "
                                  "applications, or import a workbook."))
        self.start.setText(_("Start"))


def load_demo(session_factory: sessionmaker[Session], parent: QWidget | None = None) -> bool:
    """Build the demo data off the GUI thread with a progress dialog; True when it finished."""
    from kjdesk.ui.jobs.runner import run_job

    build_demo = demo_builder()
    outcome = {"ok": False}
    loop = QEventLoop()

    def done(_result) -> None:
        outcome["ok"] = True

    job = run_job(parent, lambda progress, _cancelled: build_demo(session_factory, progress=progress),
                  title=_("Loading the demo data…"), on_done=done, writes=True)
    job.ended.connect(loop.quit)
    if not job.done:
        loop.exec()
    return outcome["ok"]


def prepare_database(path: Path | ServerAddress, parent: QWidget | None = None) -> sessionmaker[Session] | None:
    """Open (creating if needed) the database at ``path``; a new file gets the first-run dialog.

    A database kjdesk cannot use is explained in a message box and None is returned. A database on
    the center's server is shared: the client never offers to fill it with demo data.
    """
    if isinstance(path, ServerAddress):
        new = False
    else:
        path = Path(path)
        new = not path.exists() or path.stat().st_size == 0
    try:
        session_factory = open_database(path, check=False)  # checked in the background once shown
    except DatabaseProblem as exc:
        QMessageBox.critical(parent, _("Cannot open the database"), str(exc))
        return None
    except Exception as exc:  # the environment (full, read-only, busy …) is told; a bug goes on to the log
        problem = classify(exc)
        if problem is None and not isinstance(exc, OSError):
            raise
        QMessageBox.critical(parent, _("Cannot open the database"), problem.message if problem else
                             _("{path} cannot be opened: {error}. Choose another place or check the "
                               "file's permissions.").format(path=path, error=exc.strerror or exc))
        return None
    if new:
        dialog = FirstRunDialog(path, parent)
        dialog.exec()
        if dialog.wants_demo():
            load_demo(session_factory, parent)
    return session_factory
