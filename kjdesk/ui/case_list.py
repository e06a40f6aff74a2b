"""Loan cases: every application, filtered and searched as you type, fast at 200,000 cases."""
from __future__ import annotations

from typing import Sequence

from PySide6.QtWidgets import QWidget

from kjdesk.domain.timeline import Status
from kjdesk.i18n import _
from kjdesk.services import queries
from kjdesk.services.queries import CaseFilter, CaseRow
from kjdesk.ui.context import AppContext
from kjdesk.ui.formatting import format_date, format_int, format_wan, wan_header
from kjdesk.ui.list_page import FilterCombo, ListPage
from kjdesk.ui.paged_model import RIGHT, Column, PagedTableModel


def _status_text(row: CaseRow) -> str:
    return Status(row.status).label if row.status else ""


COLUMNS = (
    Column(lambda: _("Reference"), lambda r: r.ref, "ref"),
    Column(lambda: _("Enterprise"), lambda r: r.enterprise, "enterprise"),
    Column(lambda: _("Product"), lambda r: r.product.name(), "product"),
    Column(lambda: _("Status"), _status_text, "status"),
    Column(lambda: wan_header(_("Requested")), lambda r: format_wan(r.requested_fen, unit=False), "requested", RIGHT),
    Column(lambda: _("Bank"), lambda r: r.bank.name() if r.bank else "", "bank"),
    Column(lambda: _("Station"), lambda r: r.station.name() if r.station else "", "station"),
    Column(lambda: _("District"), lambda r: r.district.name(), "district"),
    Column(lambda: _("Submitted on"), lambda r: format_date(r.submitted_on), "submitted"),
    Column(lambda: _("Last event"), lambda r: format_date(r.last_event_on), "last_event"),
)


class CaseListPage(ListPage):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.status = self.add_filter(FilterCombo(lambda: _("All statuses")))
        self.status.set_choices([(s.value, lambda s=s: s.label) for s in Status])
        self.product = self.add_filter(FilterCombo(lambda: _("All products")))
        self.station = self.add_filter(FilterCombo(lambda: _("All stations")))
        self.bank = self.add_filter(FilterCombo(lambda: _("All banks")))
        self.district = self.add_filter(FilterCombo(lambda: _("All districts")))
        self.year = self.add_filter(FilterCombo(lambda: _("All years")))
        self.load_choices()
        self.retranslate()
        self.refresh()
        self.set_column_widths((110, 220, 0, 0, 100, 150, 0, 0, 105))

    def build_model(self) -> PagedTableModel:
        return PagedTableModel(COLUMNS, self.query_ids, self._rows, sort="submitted", descending=True, parent=self)

    def load_choices(self) -> None:
        with self.ctx.read() as session:
            choices = queries.filter_choices(session)
        self.product.set_choices([(c.key, c.name) for c in choices.products])
        self.station.set_choices([(c.key, c.name) for c in choices.stations])
        self.bank.set_choices([(c.key, c.name) for c in choices.banks])
        self.district.set_choices([(c.key, c.name) for c in choices.districts])
        self.year.set_choices([(y, lambda y=y: str(y)) for y in choices.years])

    def fitted_values(self) -> dict[int, list[str]]:
        def names(combo: FilterCombo) -> list[str]:
            return [combo.itemText(i) for i in range(1, combo.count())]   # (0 is "all")

        return {2: names(self.product), 3: [s.label for s in Status], 6: names(self.station), 7: names(self.district)}

    def current_filter(self) -> CaseFilter:
        return CaseFilter(status=self.status.value(), product=self.product.value(),
                          station_id=self.station.value(), bank_id=self.bank.value(),
                          district=self.district.value(), year=self.year.value(), search=self.search.text())

    def ids_for(self, session, f: CaseFilter, sort: str | None, descending: bool) -> list[int]:
        return queries.case_ids(session, f, sort or "submitted", descending)

    def _rows(self, ids: Sequence[int]) -> dict[int, CaseRow]:
        with self.ctx.read() as session:
            return queries.case_rows(session, ids)

    def count_text(self, count: int) -> str:
        return _("Matching cases: {count}").format(count=format_int(count))

    def open_row(self, row: int) -> None:
        app_id = self.model.id_at(row)
        if app_id is not None:
            self.ctx.open_case.emit(app_id)

    def show_enterprise(self, credit_code: str) -> None:
        """Show the cases of one enterprise: clear the filters, search its credit code."""
        for combo in (self.status, self.product, self.station, self.bank, self.district, self.year):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.setText(credit_code)
        self.search.blockSignals(False)
        self.refresh()

    def data_changed(self) -> None:
        self.load_choices()  # a new bank or station may have arrived
        super().data_changed()

    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Search enterprise name, credit code or reference"))
        for combo in (self.status, self.product, self.station, self.bank, self.district, self.year):
            combo.retranslate()
        super().retranslate()
