"""A record's history from the audit trail: who changed which field, from what to what, and when."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from kjdesk.i18n import N_, _
from kjdesk.services.audit import Line, history
from kjdesk.ui.context import AppContext

HISTORY_COLUMNS = (N_("When"), N_("Who"), N_("What"), N_("Record"), N_("Field"), N_("Old value"),
                   N_("New value"), N_("Note"))
ACTION_NAMES = {"insert": N_("added"), "update": N_("changed"), "delete": N_("removed"), "import": N_("imported")}
# The fields a case's, an enterprise's and a subsidy case's history shows most; others by their column name.
FIELD_LABELS = {
    "ref": N_("Reference"), "enterprise_id": N_("Enterprise"), "product_code": N_("Product"),
    "station_id": N_("Station"), "specialist_id": N_("Specialist"), "requested_fen": N_("Requested (fen)"),
    "first_bank_loan": N_("First bank loan"), "status": N_("State"), "bank_id": N_("Bank"),
    "bank_since": N_("At the bank since"), "submitted_on": N_("Submitted on"), "last_event_on": N_("Last event on"),
    "application_id": N_("Case"), "seq": N_("Order"), "date": N_("Date"), "type": N_("What"),
    "amount_fen": N_("Amount (fen)"), "meeting_id": N_("Review meeting"), "note": N_("Note"),
    "credit_code": N_("Credit code"), "name": N_("Name"), "district_code": N_("District"), "park": N_("Park"),
    "founded": N_("Founded"), "qualifications": N_("Qualifications"), "id": N_("Number"),
}
RECORD_NAMES = {"applications": N_("case"), "events": N_("event"), "enterprises": N_("enterprise"),
                "subsidy_cases": N_("subsidy case"), "subsidy_status_history": N_("subsidy step")}


class HistoryModel(QAbstractTableModel):
    """The trail's lines about one record, oldest first (a record has at most a few hundred)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[Line] = []

    def set_rows(self, rows: list[Line]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HISTORY_COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role != Qt.DisplayRole:
            return None
        if orientation == Qt.Vertical:
            return str(section + 1)
        return _(HISTORY_COLUMNS[section])

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or role not in (Qt.DisplayRole, Qt.ToolTipRole):
            return None
        line = self.rows[index.row()]
        record = _(RECORD_NAMES[line.table]) if line.table in RECORD_NAMES else line.table
        field = _(FIELD_LABELS[line.field]) if line.field in FIELD_LABELS else line.field or ""
        values = (line.at.strftime("%Y-%m-%d %H:%M:%S"), line.user, _(ACTION_NAMES[line.action]),
                  f"{record} {line.record_id}" if line.record_id else record, field,
                  line.old or "", line.new or "", line.note)
        return values[index.column()]


class HistoryPanel(QWidget):
    """The history of ``table``/``record_id``, read when first shown (opening a case does not read
    its trail until asked) and again whenever a write commits."""

    def __init__(self, ctx: AppContext, table: str, record_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.table_name, self.record_id = ctx, table, record_id
        self.model = HistoryModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.view)
        self.loaded = False
        ctx.data_changed.connect(self.refresh)
        ctx.language_changed.connect(lambda _language: self.model.layoutChanged.emit())

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.load()

    def refresh(self) -> None:
        if self.loaded:
            self.load()

    def load(self) -> None:
        self.loaded = True
        with self.ctx.read() as session:
            self.model.set_rows(history(session, self.table_name, self.record_id))
