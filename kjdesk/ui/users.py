"""Users and their roles, for managers: add, change, deactivate (the services check the role again)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget)

from kjdesk.i18n import _
from kjdesk.services import users as service
from kjdesk.ui.context import AppContext
from kjdesk.ui.jobs.runner import show_error
from kjdesk.ui.paged_model import Column, PagedTableModel

COLUMNS = (
    Column(lambda: _("Name"), lambda r: r.name, "name"),
    Column(lambda: _("Role"), lambda r: _(service.ROLE_LABELS[r.role]), "role"),
    Column(lambda: _("Station"), lambda r: r.station),
    Column(lambda: _("Active"), lambda r: _("yes") if r.active else _("no")),
)


class UserDialog(QDialog):
    """A new user (``row`` None) or a change of one."""

    def __init__(self, ctx: AppContext, row: service.UserRow | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.row = ctx, row
        self.setWindowTitle(_("Edit user") if row else _("New user"))
        self.name, self.role, self.station, self.active = QLineEdit(), QComboBox(), QComboBox(), QCheckBox()
        for role in service.ROLES:
            self.role.addItem(_(service.ROLE_LABELS[role]), role)
        self.station.addItem("—", None)
        with ctx.read() as session:
            for code, label in service.station_choices(session):
                self.station.addItem(label, code)
        self.active.setChecked(True)
        form = QFormLayout(self)
        form.addRow(_("Name"), self.name)
        form.addRow(_("Role"), self.role)
        form.addRow(_("Station"), self.station)
        form.addRow(_("Active"), self.active)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        if row is not None:
            self.name.setText(row.name)
            self.role.setCurrentIndex(self.role.findData(row.role))
            self.station.setCurrentIndex(max(0, self.station.findData(row.station or None)))
            self.active.setChecked(row.active)

    def accept(self) -> None:
        try:
            with self.ctx.write() as session:
                service.save_user(session, self.name.text(), self.role.currentData(), self.station.currentData(),
                                  self.active.isChecked(), user_id=self.row.id if self.row else None)
        except Exception as exc:  # refused input, the environment or a bug: show_error tells which
            show_error(self, self.windowTitle(), exc)
            return
        super().accept()


class UsersDialog(QDialog):
    """The database's users in a paged, sortable table; Add, Edit and Deactivate."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Users"))
        self.resize(640, 420)
        self.model = PagedTableModel(COLUMNS, self._ids, self._rows, sort="name", parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.doubleClicked.connect(lambda _index: self.edit())
        self.add_button, self.edit_button = QPushButton(_("Add…")), QPushButton(_("Edit…"))
        self.deactivate_button = QPushButton(_("Deactivate"))
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.deactivate_button.clicked.connect(self.deactivate)
        row = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.deactivate_button):
            row.addWidget(button)
        row.addStretch(1)
        box = QVBoxLayout(self)
        box.addWidget(self.table, 1)
        box.addLayout(row)
        ctx.data_changed.connect(self.model.refresh)
        self.model.refresh()

    def _ids(self, sort, descending):
        with self.ctx.read() as session:
            return service.user_ids(session, sort, descending)

    def _rows(self, ids):
        with self.ctx.read() as session:
            return service.user_rows(session, ids)

    def selected(self) -> service.UserRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def add(self) -> UserDialog:
        dialog = UserDialog(self.ctx, None, self)
        dialog.open()
        return dialog

    def edit(self) -> UserDialog | None:
        row = self.selected()
        if row is None:
            return None
        dialog = UserDialog(self.ctx, row, self)
        dialog.open()
        return dialog

    def deactivate(self) -> None:
        row = self.selected()
        if row is None:
            return
        try:
            with self.ctx.write() as session:
                service.save_user(session, row.name, row.role, row.station or None, False, user_id=row.id)
        except Exception as exc:
            show_error(self, self.windowTitle(), exc)
