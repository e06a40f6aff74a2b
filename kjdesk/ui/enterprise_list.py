"""Enterprises: searched by name or credit code as you type; Enter shows an enterprise's cases,
“Edit enterprise…” (or F2) corrects the selected one."""
from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QPushButton, QWidget

from kjdesk.domain.reference import QUALIFICATIONS
from kjdesk.i18n import _, current_language
from kjdesk.services import queries
from kjdesk.services.queries import EnterpriseFilter, EnterpriseRow
from kjdesk.ui.context import AppContext
from kjdesk.ui.formatting import format_date, format_int
from kjdesk.ui.list_page import FilterCombo, ListPage
from kjdesk.ui.paged_model import RIGHT, Column, PagedTableModel

_QUALIFICATION_BY_CODE = {q.code: q for q in QUALIFICATIONS}


def _qualifications(row: EnterpriseRow) -> str:
    names = [_QUALIFICATION_BY_CODE[q].name() if q in _QUALIFICATION_BY_CODE else q for q in row.qualifications]
    return ("、" if current_language() == "zh_CN" else ", ").join(names)


COLUMNS = (
    Column(lambda: _("Enterprise"), lambda r: r.name, "name"),
    Column(lambda: _("Credit code"), lambda r: r.credit_code, "credit_code"),
    Column(lambda: _("District"), lambda r: r.district.name(), "district"),
    Column(lambda: _("Park"), lambda r: r.park, "park"),
    Column(lambda: _("Founded"), lambda r: format_date(r.founded), "founded"),
    Column(lambda: _("Applications"), lambda r: format_int(r.applications), None, RIGHT),
    Column(lambda: _("Qualifications"), _qualifications),
)


class EnterpriseListPage(ListPage):
    show_cases = Signal(str)   # credit code: show this enterprise's cases

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.district = self.add_filter(FilterCombo(lambda: _("All districts")))
        self.qualification = self.add_filter(FilterCombo(lambda: _("All qualifications")))
        self.qualification.set_choices([(q.code, q.name) for q in QUALIFICATIONS])
        with ctx.read() as session:
            districts = queries.filter_choices(session).districts
        self.district.set_choices([(c.key, c.name) for c in districts])
        self.edit_button = QPushButton()
        self.edit_button.setEnabled(False)
        self.edit_button.clicked.connect(self.edit_current)
        self.top.addWidget(self.edit_button)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_a: self.edit_button.setEnabled(self.current_enterprise_id() is not None))
        edit_key = QShortcut(QKeySequence(Qt.Key.Key_F2), self.table, self.edit_current)
        edit_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.retranslate()
        self.refresh()
        self.set_column_widths((280, 170, 80, 180, 110, 80))

    def build_model(self) -> PagedTableModel:
        return PagedTableModel(COLUMNS, self.query_ids, self._rows, sort="name", parent=self)

    def fitted_values(self) -> dict[int, list[str]]:
        return {2: [self.district.itemText(i) for i in range(1, self.district.count())]}

    def current_filter(self) -> EnterpriseFilter:
        return EnterpriseFilter(district=self.district.value(), qualification=self.qualification.value(),
                                search=self.search.text())

    def ids_for(self, session, f: EnterpriseFilter, sort: str | None, descending: bool) -> list[int]:
        return queries.enterprise_ids(session, f, sort or "name", descending)

    def _rows(self, ids: Sequence[int]) -> dict[int, EnterpriseRow]:
        with self.ctx.read() as session:
            return queries.enterprise_rows(session, ids)

    def count_text(self, count: int) -> str:
        return _("Matching enterprises: {count}").format(count=format_int(count))

    def open_row(self, row: int) -> None:
        enterprise = self.model.row_at(row)
        if enterprise is not None:
            self.show_cases.emit(enterprise.credit_code)

    def current_enterprise_id(self) -> int | None:
        index = self.table.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        return row.id if row is not None else None

    def edit_current(self) -> None:
        """Correct the selected enterprise (the credit code is checked again); the list shows the change."""
        from kjdesk.ui.forms.enterprise import EnterpriseDialog

        enterprise_id = self.current_enterprise_id()
        if enterprise_id is not None:
            EnterpriseDialog(self.ctx, self, enterprise_id=enterprise_id).exec()

    def retranslate(self) -> None:
        self.edit_button.setText(_("&Edit enterprise…"))
        self.edit_button.setToolTip(_("Correct the selected enterprise (F2)"))
        self.search.setPlaceholderText(_("Search enterprise name or credit code"))
        self.district.retranslate()
        self.qualification.retranslate()
        super().retranslate()
