"""Subsidy cases: every case of every program, filtered and searched; a double click opens the case's
view, Next step… takes the selected case on."""
from __future__ import annotations

from typing import Sequence

from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QWidget

from kjdesk.domain.reference import SUBSIDY_STATUSES
from kjdesk.services.settings import working_date
from kjdesk.i18n import _
from kjdesk.services import subsidy_list as service
from kjdesk.services.subsidy_list import SubsidyFilter, SubsidyRow
from kjdesk.services.subsidy_report import subsidy_table
from kjdesk.ui.context import AppContext
from kjdesk.ui.formatting import format_date, format_decimal, format_int, format_wan, wan_header
from kjdesk.ui.list_page import FilterCombo, ListPage
from kjdesk.ui.paged_model import RIGHT, Column, PagedTableModel
from kjdesk.ui.subsidy_batches import SubsidyBatchDialog
from kjdesk.ui.subsidy_case import SubsidyCaseDialog
from kjdesk.ui.subsidy_new import NewSubsidyCaseDialog
from kjdesk.ui.subsidy_step import SubsidyStepDialog, status_label


COLUMNS = (
    Column(lambda: _("Reference"), lambda r: r.ref, "ref"),
    Column(lambda: _("Program"), lambda r: r.program.name(), "program"),
    Column(lambda: _("Enterprise"), lambda r: r.enterprise, "enterprise"),
    # Only a case granted without application is "accepted" with a batch: one applied for gets it when paid.
    Column(lambda: _("Status"), lambda r: status_label(r.status, granted=bool(r.batch)), "status"),
    Column(lambda: _("Since"), lambda r: format_date(r.status_date), "status_date"),
    Column(lambda: wan_header(_("Base")), lambda r: format_wan(r.premium_fen, unit=False), "premium", RIGHT),
    Column(lambda: wan_header(_("Subsidy")), lambda r: format_wan(r.subsidy_fen, unit=False), "subsidy", RIGHT),
    Column(lambda: _("Batch"), lambda r: r.batch, "batch"),
    Column(lambda: _("Station"), lambda r: r.station.name() if r.station else ""),
)


class SubsidyListPage(ListPage):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.program = self.add_filter(FilterCombo(lambda: _("All programs")))
        self.status = self.add_filter(FilterCombo(lambda: _("All statuses")))
        self.status.set_choices([(code, lambda code=code: status_label(code)) for code in SUBSIDY_STATUSES])
        self.year = self.add_filter(FilterCombo(lambda: _("All years")))
        self.step_button, self.new_button, self.batch_button = QPushButton(), QPushButton(), QPushButton()
        self.batch_button.clicked.connect(lambda: SubsidyBatchDialog(self.ctx, self).exec())
        self.step_button.clicked.connect(self.take_step)
        self.new_button.clicked.connect(self.new_case)
        self.filters.addWidget(self.step_button)
        self.filters.addWidget(self.new_button)
        self.filters.addWidget(self.batch_button)
        self.budgets = QLabel()
        self.budgets.setWordWrap(True)
        self.layout().insertWidget(1, self.budgets)
        self.load_choices()
        self.retranslate()
        self.refresh()
        self.set_column_widths((110, 200, 230, 120, 105, 90, 90, 200))

    def build_model(self) -> PagedTableModel:
        return PagedTableModel(COLUMNS, self.query_ids, self._rows, sort="status_date", descending=True, parent=self)

    def load_choices(self) -> None:
        with self.ctx.read() as session:
            programs = service.program_choices(session)
            years = service.subsidy_years(session)
        self.program.set_choices([(c.key, c.name) for c in programs])
        self.year.set_choices([(y, lambda y=y: str(y)) for y in years])
        self.show_budgets()

    def show_budgets(self) -> None:
        """One line per program with a budget: approved and paid this year against it."""
        with self.ctx.read() as session:
            year = working_date(session).year
            rows = [r for r in subsidy_table(session, year).rows if r.budget_fen]
        self.budgets.setText("\n".join(_("{year} {program}: approved {approved}, paid {paid} of the budget {budget} "
                                          "({pct}% approved)").format(
            year=year, program=r.program, approved=format_wan(r.approved_fen), paid=format_wan(r.paid_fen),
            budget=format_wan(r.budget_fen), pct=format_decimal(r.budget_used_percent)) for r in rows))

    def current_filter(self) -> SubsidyFilter:
        return SubsidyFilter(program=self.program.value(), status=self.status.value(), year=self.year.value(),
                             search=self.search.text())

    def ids_for(self, session, f: SubsidyFilter, sort: str | None, descending: bool) -> list[int]:
        return service.subsidy_ids(session, f, sort or "status_date", descending)

    def _rows(self, ids: Sequence[int]) -> dict[int, SubsidyRow]:
        with self.ctx.read() as session:
            return service.subsidy_rows(session, ids)

    def count_text(self, count: int) -> str:
        return _("Matching subsidy cases: {count}").format(count=format_int(count))

    def open_row(self, row: int) -> None:
        """The case's view: its program's terms, the formula, the history and its next steps."""
        case_id = self.model.id_at(row)
        if case_id is not None:
            SubsidyCaseDialog(self.ctx, case_id, self).exec()

    def take_step(self) -> bool:
        """The next step of the selected case; True when one was recorded."""
        rows = self.table.selectionModel().selectedRows()
        row = self.model.row_at(rows[0].row()) if rows else None
        if row is None:
            QMessageBox.information(self, _("Next step…"), _("Choose a subsidy case first."))
            return False
        with self.ctx.read() as session:
            today = working_date(session)
        return SubsidyStepDialog(self.ctx, row.id, row.ref, self, today=today).exec() == SubsidyStepDialog.DialogCode.Accepted

    def new_case(self) -> str | None:
        """Register a case applied for; its reference, or None when the form was closed."""
        dialog = NewSubsidyCaseDialog(self.ctx, self)
        return dialog.ref if dialog.exec() == NewSubsidyCaseDialog.DialogCode.Accepted else None

    def data_changed(self) -> None:
        self.load_choices()
        super().data_changed()

    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Search enterprise, credit code, reference or batch"))
        self.step_button.setText(_("Next step…"))
        self.new_button.setText(_("New subsidy case…"))
        self.batch_button.setText(_("Batches (免申即享)…"))
        for combo in (self.program, self.status, self.year):
            combo.retranslate()
        self.show_budgets()
        super().retranslate()
