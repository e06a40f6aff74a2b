"""The reports page: the district table (附录四), the 3+X table (表4) and the subsidy table for a year,
on screen and exported.

The figures come from ``kjdesk.services.statistics`` (the same computation the CLI, the PDF and the
workbook use), read off the GUI thread so a large database never freezes the window.
"""
from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QSpinBox, QTableView, QTabWidget, QVBoxLayout, QWidget)

from kjdesk.i18n import N_, _
from kjdesk.ui import settings
from kjdesk.ui.context import AppContext
from kjdesk.ui.formatting import format_decimal, format_int, format_wan, wan_header
from kjdesk.ui.jobs.runner import run_job
from kjdesk.ui.reports.rows_model import Column, RowsModel
from kjdesk.ui.stale import RefreshWhenShown

FIRST_YEAR = 2011  # the network's first year of 科技履约贷


def _wan(label: str):
    return lambda: wan_header(_(label))


def _pct(value) -> str:
    if value is None:
        return "—"
    return _("{pct}%").format(pct=("+" if value > 0 else "") + format_int(value))


DISTRICT_COLUMNS = (
    Column(N_("District"), lambda r: r.district),
    Column(N_("Applications"), lambda r: format_int(r.applications), numeric=True),
    Column(N_("Recommended"), lambda r: format_int(r.recommended_count), numeric=True),
    Column(_wan(N_("Recommended amount")), lambda r: format_wan(r.recommended_fen, unit=False), numeric=True),
    Column(N_("Deferred"), lambda r: format_int(r.deferred_count), numeric=True),
    Column(N_("Approved by banks"), lambda r: format_int(r.approved_count), numeric=True),
    Column(_wan(N_("Approved amount")), lambda r: format_wan(r.approved_fen, unit=False), numeric=True),
)
PRODUCT_COLUMNS = (
    Column(N_("Product"), lambda r: r.product),
    Column(_wan(N_("Approved credit")), lambda r: format_wan(r.approved_fen, unit=False), numeric=True),
    Column(N_("Loans"), lambda r: format_int(r.loans), numeric=True),
    Column(_wan(N_("Last year")), lambda r: format_wan(r.approved_fen_last, unit=False), numeric=True),
    Column(N_("Loans last year"), lambda r: format_int(r.loans_last), numeric=True),
    Column(N_("Change"), lambda r: _pct(r.change_pct_rounded), numeric=True),
    Column(_wan(N_("Cumulative")), lambda r: format_wan(r.cumulative_fen, unit=False), numeric=True),
    Column(N_("Cumulative loans"), lambda r: format_int(r.cumulative_loans), numeric=True),
)
SUBSIDY_COLUMNS = (
    Column(N_("Program"), lambda r: r.program),
    Column(N_("Enterprises"), lambda r: format_int(r.enterprises), numeric=True),
    Column(N_("Cases accepted"), lambda r: format_int(r.cases), numeric=True),
    Column(_wan(N_("Approved")), lambda r: format_wan(r.approved_fen, unit=False), numeric=True),
    Column(_wan(N_("Insured")), lambda r: format_wan(r.insured_fen, unit=False), numeric=True),
    Column(_wan(N_("Paid")), lambda r: format_wan(r.paid_fen, unit=False), numeric=True),
    Column(_wan(N_("Budget")), lambda r: format_wan(r.budget_fen, unit=False), numeric=True),
    Column(N_("Budget used"), lambda r: "" if r.budget_used_percent is None else
           _("{pct}%").format(pct=format_decimal(r.budget_used_percent)), numeric=True),
)
TABLES = ("districts", "products", "subsidies")


def pdf_available() -> bool:
    """Printing comes with the assessment work (kjdesk.reports.tables); until then, workbooks only."""
    try:
        return importlib.util.find_spec("kjdesk.reports.tables") is not None
    except ModuleNotFoundError:
        return False


def _table_view(model: RowsModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(False)  # figures stay next to their names
    return view


def export_table(session_factory, table: str, year: int, path: str, fmt: str) -> str:
    """Write one table as a workbook or PDF (on a worker thread); returns the path."""
    from kjdesk.services.statistics import table_records, table_title

    with session_factory() as session:
        columns, records, total = table_records(session, table, year)
    title = table_title(table, year)
    if fmt == "pdf":
        from kjdesk.reports.tables import write_table_pdf

        write_table_pdf(title, columns, records, total, path)
    else:
        from kjdesk.commands.tabular import write_xlsx

        write_xlsx(path, title, columns, records + [total])
    return path


class ReportsPage(RefreshWhenShown, QWidget):
    loaded = Signal()   # the tables on screen are filled for the chosen year

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.job = None
        self.year_label = QLabel()
        self.year = QSpinBox()
        self.year.setRange(FIRST_YEAR, dt.date.today().year + 1)
        self.year.setGroupSeparatorShown(False)
        self.year_label.setBuddy(self.year)
        self.xlsx_button = QPushButton()
        self.xlsx_button.clicked.connect(lambda: self.ask_export("xlsx"))
        self.pdf_button = QPushButton()
        self.pdf_button.clicked.connect(lambda: self.ask_export("pdf"))
        self.pdf_button.setVisible(pdf_available())
        self.status = QLabel()
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold;")
        top = QHBoxLayout()
        top.addWidget(self.year_label)
        top.addWidget(self.year)
        top.addWidget(self.status, 1)
        top.addWidget(self.xlsx_button)
        top.addWidget(self.pdf_button)

        self.models = {"districts": RowsModel(DISTRICT_COLUMNS, self), "products": RowsModel(PRODUCT_COLUMNS, self),
                       "subsidies": RowsModel(SUBSIDY_COLUMNS, self)}
        self.tabs = QTabWidget()
        for table in TABLES:
            self.tabs.addTab(_table_view(self.models[table]), "")
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(self.title)
        box.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(lambda _i: self._title())

        with ctx.read() as session:
            from kjdesk.services.registry import last_complete_year
            from kjdesk.services.settings import working_date

            self.year.setValue(last_complete_year(session) or working_date(session).year)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.stale = False
        self._generation = 0
        ctx.data_changed.connect(self.data_changed)
        ctx.language_changed.connect(self.retranslate)
        self.retranslate_texts()
        self.refresh()


    def current_table(self) -> str:
        return TABLES[self.tabs.currentIndex()]

    def refresh(self) -> None:
        """Compute the tables for the chosen year off the GUI thread; names follow the language."""
        from kjdesk.i18n import current_language

        year, lang, factory = self.year.value(), current_language(), self.ctx.session_factory
        self.stale = False
        self._generation += 1  # only the newest question's answer is shown
        generation = self._generation

        def compute(progress, cancelled):
            from kjdesk.services import statistics
            from kjdesk.services.subsidy_report import subsidy_table

            with factory() as session:
                return generation, {"districts": statistics.district_table(session, year, lang),
                                    "products": statistics.product_table(session, year, lang),
                                    "subsidies": subsidy_table(session, year, lang)}

        self.status.setText(_("Counting…"))
        self.job = run_job(self, compute, title=_("Reports"), on_done=self._show)

    def _show(self, result) -> None:
        generation, tables = result
        if generation != self._generation:  # another year, a write or a language switch asked since
            return
        for name, table in tables.items():
            self.models[name].set_rows(table.rows + [table.total], bold_last=True)
        self.status.setText("")
        self._title()
        self.loaded.emit()

    def _title(self) -> None:
        from kjdesk.services.statistics import table_title

        self.title.setText(table_title(self.current_table(), self.year.value()))

    def ask_export(self, fmt: str) -> None:
        table = self.current_table()
        suggested = f"{table}-{self.year.value()}.{fmt}"
        filters = _("Excel workbook (*.xlsx)") if fmt == "xlsx" else _("PDF document (*.pdf)")
        path, _filter = QFileDialog.getSaveFileName(self, _("Export table"), settings.start_folder(suggested), filters)
        settings.remember_folder(path)
        if path:
            self.export(table, fmt, path)

    def export(self, table: str, fmt: str, path: str):
        if not path.lower().endswith("." + fmt):
            path += "." + fmt
        year, factory = self.year.value(), self.ctx.session_factory
        self.job = run_job(self, lambda progress, cancelled: export_table(factory, table, year, path, fmt),
                           title=_("Export table"), on_done=self._exported, saves=True)
        return self.job

    def _exported(self, path: str) -> None:
        self.status.setText(_("Saved {file}").format(file=Path(path).name))

    def retranslate(self) -> None:
        self.retranslate_texts()
        self.refresh()

    def retranslate_texts(self) -> None:
        self.year_label.setText(_("&Year"))
        self.tabs.setTabText(0, _("By district (performance-guarantee loan)"))
        self.tabs.setTabText(1, _("3+X credit products"))
        self.tabs.setTabText(2, _("Subsidies"))
        self.xlsx_button.setText(_("Export &workbook…"))
        self.pdf_button.setText(_("Export &PDF…"))
        for model in self.models.values():
            model.retranslate()
        self._title()
