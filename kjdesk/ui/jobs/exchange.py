"""File › Import / Export / Template: the exchange workbook, run through the jobs runner.

An import is all-or-nothing (kjdesk.services.exchange); when it is refused, every problem is listed
(sheet, row, column, value, reason) so the user can fix the workbook and try again.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog, QHeaderView, QLabel,
                               QMessageBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from kjdesk.i18n import _, current_language
from kjdesk.ui import settings
from kjdesk.ui.context import AppContext
from kjdesk.ui.jobs.runner import Job, run_job

PROBLEM_FIELDS = ("sheet", "row", "column", "value", "reason")


def _workbook_filter() -> str:
    return _("Excel workbook (*.xlsx)")


class ProblemsDialog(QDialog):
    """Every problem of a refused workbook, one per line, to fix in the workbook."""

    def __init__(self, problems, parent: QWidget | None = None):
        super().__init__(parent)
        self.problems = list(problems)
        self.resize(900, 480)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = QTableWidget(len(self.problems), len(PROBLEM_FIELDS))
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(True)
        for r, problem in enumerate(self.problems):
            for c, text in enumerate(problem_cells(problem)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.Close)
        box = QVBoxLayout(self)
        box.addWidget(self.intro)
        box.addWidget(self.table, 1)
        box.addWidget(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Import refused"))
        self.intro.setText(_("The workbook was not imported and the database is unchanged. Fix these {n} problems "
                             "in the workbook, then import it again.").format(n=len(self.problems)))
        self.table.setHorizontalHeaderLabels([_("Sheet"), _("Row"), _("Column"), _("Value"), _("Reason")])
        self.close_button.setText(_("Close"))


def problem_cells(problem) -> list[str]:
    """A problem as its five cells; a problem that is only a message fills the reason."""
    if all(hasattr(problem, f) for f in PROBLEM_FIELDS):
        return ["" if getattr(problem, f) is None else str(getattr(problem, f)) for f in PROBLEM_FIELDS]
    if isinstance(problem, dict):
        return ["" if problem.get(f) is None else str(problem.get(f)) for f in PROBLEM_FIELDS]
    return ["", "", "", "", str(problem)]


def _ask_path(parent, title: str, save: bool, suggested: str = "") -> str | None:
    """A workbook to save or open, starting in the folder used last (else the documents folder)."""
    if save:
        path, _f = QFileDialog.getSaveFileName(parent, title, settings.start_folder(Path(suggested).name),
                                               _workbook_filter())
        if path and not path.lower().endswith(".xlsx"):
            path += ".xlsx"
    else:
        path, _f = QFileDialog.getOpenFileName(parent, title, settings.start_folder(), _workbook_filter())
    settings.remember_folder(path)
    return path or None


def import_dialog(ctx: AppContext, parent: QWidget | None = None, path: str | None = None) -> Job | None:
    """Ask for a workbook and import it on the database worker; ``path`` skips the question."""
    title = _("Import workbook")
    path = path or _ask_path(parent, title, save=False)
    if not path:
        return None
    factory = ctx.session_factory

    def work(progress, cancelled):
        from kjdesk.services.exchange import import_workbook

        return import_workbook(factory, path, progress=progress, cancelled=cancelled)

    def refused(exc: BaseException) -> bool:
        problems = getattr(exc, "problems", None)
        if not problems:
            return False
        dialog = ProblemsDialog(problems, parent)
        dialog.open()
        job.problems_dialog = dialog
        return True

    def done(summary) -> None:
        ctx.data_changed.emit()
        QMessageBox.information(parent, title, _("{file} was imported.").format(file=Path(path).name)
                                + _summary_text(summary))

    job = run_job(parent, work, title=title, on_done=done, on_error=refused, writes=True)
    job.problems_dialog = None
    return job


def _summary_text(summary) -> str:
    """What the import added and updated, sheet by sheet (ImportSummary.lines)."""
    lines = summary.lines() if hasattr(summary, "lines") else []
    return "\n\n" + "\n".join(lines) if lines else ""


def export_dialog(ctx: AppContext, parent: QWidget | None = None, path: str | None = None) -> Job | None:
    """Write the whole database as an exchange workbook (a readable backup)."""
    title = _("Export workbook")
    path = path or _ask_path(parent, title, save=True, suggested="kjdesk-export.xlsx")
    if not path:
        return None
    factory = ctx.session_factory

    cut_short: list[tuple[str, int]] = []  # sheets a damaged database let be read only in part

    def work(progress, cancelled):
        from kjdesk.services.exchange import export_workbook

        rescue = getattr(factory, "damage", None) is not None
        with factory() as session:
            return export_workbook(session, path, progress=progress,
                                   on_damage=(lambda sheet, n: cut_short.append((sheet, n))) if rescue else None)

    def done(_result) -> None:
        message = _("The database was written to {file}.").format(file=path)
        for sheet, n in cut_short:
            message += "\n" + _("The {sheet} sheet is incomplete: the database is damaged after its row {n}.").format(
                sheet=sheet, n=n)
        QMessageBox.information(parent, title, message)

    return run_job(parent, work, title=title, on_done=done, saves=True)


def template_dialog(ctx: AppContext, parent: QWidget | None = None, path: str | None = None) -> Job | None:
    """A blank workbook with the headers and an instructions sheet, in the current language."""
    title = _("Blank workbook template")
    path = path or _ask_path(parent, title, save=True, suggested="kjdesk-template.xlsx")
    if not path:
        return None
    lang = current_language()

    def work(progress, cancelled):
        from kjdesk.services.exchange import write_template

        return write_template(path, lang)

    def done(_result) -> None:
        QMessageBox.information(parent, title, _("The template was written to {file}.").format(file=path))

    return run_job(parent, work, title=title, on_done=done, saves=True)
