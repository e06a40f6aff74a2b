"""The banner that says a database is opened for reading only (damaged, or on read-only media).

The file's pages are checked (quick_check) off the GUI thread once the window is shown, so start-up
does not wait for it; a write that comes first waits for the check itself (Database.write).
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from kjdesk.i18n import _
from kjdesk.ui.context import AppContext
from kjdesk.ui.jobs.runner import run_job


class HealthBanner(QFrame):
    """Hidden while the database may be written; otherwise says why not and what to do."""

    export_requested = Signal()
    open_requested = Signal()
    full_check_requested = Signal()
    writable_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("health_banner")
        self.setStyleSheet("#health_banner { background: #fdecea; border-bottom: 1px solid #e0a8a0; }")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export_requested)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_requested)
        self.check_button = QPushButton()
        self.check_button.clicked.connect(self.full_check_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label, 1)
        for button in (self.export_button, self.check_button, self.open_button):
            layout.addWidget(button)
        self.ctx: AppContext | None = None
        self.hide()

    def watch(self, ctx: AppContext) -> None:
        """Show what is known of ``ctx``'s database now, and check its pages in the background."""
        self.ctx = ctx
        self.show_state()
        db = ctx.session_factory
        if not getattr(db, "checked", True):
            run_job(self.window(), lambda _progress, _cancelled: db.check(), title=_("Checking the database"),
                    on_done=lambda _damage: self.show_state() if self.ctx is ctx else None, show_after_ms=10_000)

    def run_full_check(self) -> None:
        """The full integrity check, on demand (minutes on a very large file)."""
        ctx = self.ctx
        run_job(self.window(), lambda _progress, _cancelled: ctx.session_factory.check(full=True),
                title=_("Checking the whole database"),
                on_done=lambda damage: self._told(damage) if self.ctx is ctx else None)

    def _told(self, damage: str | None) -> None:
        from PySide6.QtWidgets import QMessageBox

        self.show_state()
        if damage is None:
            QMessageBox.information(self.window(), _("Checking the whole database"),
                                    _("The database is intact: every page and index was checked."))

    def show_state(self) -> None:
        db = self.ctx.session_factory if self.ctx else None
        damage, read_only = getattr(db, "damage", None), getattr(db, "read_only", False)
        if damage is not None:
            self.label.setText(_("This database is damaged. It is open for reading only: nothing will be written "
                                 "to it. Export what can be read, then open or restore a backup."))
            self.label.setToolTip(damage[:500])  # SQLite's own words, in English: for support, not on the banner
        elif read_only:
            self.label.setText(_("This database is on a read-only disk or folder: it is open for reading only. "
                                 "Copy it to a folder you may write to in order to work in it."))
        self.export_button.setText(_("Export what can be read…"))
        self.open_button.setText(_("Open another database or backup…"))
        self.check_button.setText(_("Check the whole file"))
        self.export_button.setVisible(damage is not None)
        self.check_button.setVisible(damage is not None)
        self.setVisible(damage is not None or read_only)
        self.writable_changed.emit(db is not None and damage is None and not read_only)
