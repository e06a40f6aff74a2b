"""File › Back up now and File › Restore: a consistent copy where the person picks, and a restore
that checks the file, shows what it holds, and backs up the current database before replacing it."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from kjdesk.i18n import N_, _
from kjdesk.services import backups
from kjdesk.ui.formatting import format_int
from kjdesk.ui.jobs.runner import run_job, show_error

FILTER = N_("kjdesk database (*.sqlite *.bak);;All files (*)")
COUNT_LABELS = {"enterprises": N_("enterprises"), "applications": N_("loan cases"), "events": N_("events"),
                "subsidy_cases": N_("subsidy cases"), "users": N_("users"), "audit": N_("lines of the audit trail")}


def back_up_now(parent: QMainWindow, current: Path, target: Path | None = None):
    """Ask where (unless ``target``), then copy the database there off the GUI thread."""
    if target is None:
        chosen, _filter = QFileDialog.getSaveFileName(parent, _("Back up now"),
                                                      str(current.parent / backups.default_name(current)), _(FILTER))
        if not chosen:
            return None
        target = Path(chosen)
    def done(path: Path) -> None:
        parent.statusBar().showMessage(_("The database was copied to {path}.").format(path=path))

    return run_job(parent, lambda progress, cancelled: backups.back_up_to(current, target), title=_("Back up now"),
                   saves=True, on_done=done)


def summary(info: backups.BackupInfo) -> str:
    counts = ", ".join(f"{format_int(n)} {_(COUNT_LABELS[t])}" for t, n in info.counts.items())
    text = _("{path}\nsaved {date}\nholds {counts}").format(path=info.path, date=info.modified.strftime(
        "%Y-%m-%d %H:%M"), counts=counts)
    note = backups.schema_note(info)
    return text + ("\n" + note if note else "")


def restore_from(window, source: Path | None = None, confirm=None):
    """Check the file, show what it holds, and after a yes replace the current database by it."""
    current = window.ctx.db_path
    if source is None:
        chosen, _filter = QFileDialog.getOpenFileName(window, _("Restore"), str(current.parent), _(FILTER))
        if not chosen:
            return None
        source = Path(chosen)
    try:
        info = backups.describe(source)
    except Exception as exc:  # not kjdesk's, damaged, newer: say which
        show_error(window, _("Restore"), exc)
        return None
    question = _("Replace the current database by this backup?\n\n{summary}\n\nThe current database is "
                 "backed up first, beside it.").format(summary=summary(info))
    ask = confirm or (lambda text: QMessageBox.question(window, _("Restore"), text) == QMessageBox.Yes)
    if not ask(question) or not window.may_leave_running_work():
        return None
    window.ctx.session_factory.kw["bind"].dispose()  # every connection closed before the file is replaced

    def done(kept: Path) -> None:
        window.switch_database(current)
        window.statusBar().showMessage(_("Restored; the database as it was is kept in {path}").format(path=kept))

    return run_job(window, lambda progress, cancelled: backups.restore(current, source), title=_("Restore"),
                   writes=True, on_done=done)
