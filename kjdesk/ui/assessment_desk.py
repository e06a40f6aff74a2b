"""The Assessment desk: a year's station or bank sheet — the ranking, each subject's items with
the figure, the computed value, the manager's entry or adjustment (未录入 marked, a moved computed
value marked) and the history of entries — where the manager enters scores, finalizes or reopens
the year, and prints one sheet or all of them."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QLineEdit, QMessageBox,
                               QPushButton, QSpinBox, QSplitter, QTabWidget, QVBoxLayout, QWidget)

from kjdesk.assessment.engine import score_text
from kjdesk.domain.errors import DomainError
from kjdesk.i18n import N_, _
from kjdesk.ui.context import AppContext
from kjdesk.ui.formatting import format_date
from kjdesk.ui.reports.rows_model import Column, RowsModel
from kjdesk.ui.stale import RefreshWhenShown
from kjdesk.ui.stations import FIRST_YEAR, _view


def _score(s) -> str:
    if s.missing:
        return _("not entered")
    return score_text(s.score) + (" *" if s.adjustment else "")


def _note(s) -> str:
    a = s.adjustment or s.entry
    if a is None:
        return ""
    text = _("{by}, {date}: {reason}").format(by=a.by, date=format_date(a.at.date()), reason=a.reason or "—")
    if s.moved:
        text += " " + _("(the computed value has moved since: it was {then})").format(then=score_text(a.computed))
    return text


RANKING_COLUMNS = (Column(N_("Rank"), lambda r: str(r.rank), numeric=True), Column(N_("Code"), lambda r: r.code),
                   Column(N_("Name"), lambda r: r.name), Column(N_("Total"), lambda r: score_text(r.total), numeric=True),
                   Column(N_("Complete"), lambda r: _("yes") if r.complete else _("incomplete")))
ITEM_COLUMNS = (Column(N_("Item"), lambda s: s.item.name.get(_lang())),
                Column(N_("Max."), lambda s: score_text(s.item.max), numeric=True),
                Column(N_("Figure"), lambda s: s.figure_text),
                Column(N_("Computed"), lambda s: "" if s.entry or s.missing else score_text(s.computed), numeric=True),
                Column(N_("Score"), _score, numeric=True),
                Column(N_("Entered or adjusted"), _note))
HISTORY_COLUMNS = (Column(N_("At"), lambda h: f"{format_date(h.at.date())} {h.at:%H:%M}"),
                   Column(N_("Item"), lambda h: h.item),
                   Column(N_("Score"), lambda h: _("cleared") if h.score is None else score_text(h.score), numeric=True),
                   Column(N_("Computed"), lambda h: "" if h.computed is None else score_text(h.computed), numeric=True),
                   Column(N_("Reason"), lambda h: h.reason), Column(N_("By"), lambda h: h.by))


def _lang() -> str:
    from kjdesk.i18n import current_language

    return current_language()


class AssessmentDeskPage(RefreshWhenShown, QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.result = None
        self.year_label, self.sheet_label = QLabel(), QLabel()
        self.year = QSpinBox()
        self.year.setRange(FIRST_YEAR, dt.date.today().year + 1)
        self.year.setGroupSeparatorShown(False)
        self.year_label.setBuddy(self.year)
        self.sheet = QComboBox()
        self.sheet.addItem("", "station")
        self.sheet.addItem("", "bank")
        self.sheet_label.setBuddy(self.sheet)
        self.state = QLabel()
        self.close_button, self.pdf_one, self.pdf_all = QPushButton(), QPushButton(), QPushButton()
        self.close_button.clicked.connect(self.ask_close)
        self.pdf_one.clicked.connect(lambda: self.ask_pdf(one=True))
        self.pdf_all.clicked.connect(lambda: self.ask_pdf(one=False))
        top = QHBoxLayout()
        for w in (self.year_label, self.year, self.sheet_label, self.sheet, self.state):
            top.addWidget(w)
        top.addStretch(1)
        for w in (self.close_button, self.pdf_one, self.pdf_all):
            top.addWidget(w)

        self.ranking, self.items, self.history = (RowsModel(RANKING_COLUMNS, self), RowsModel(ITEM_COLUMNS, self),
                                                  RowsModel(HISTORY_COLUMNS, self))
        self.ranking_view = _view(self.ranking, stretch_last=True)
        self.item_view = _view(self.items, stretch_last=True)
        # Names and figures can be long sentences: fixed widths (the whole text in the tooltip) leave
        # the last column room for who entered or adjusted a score, and why.
        for column, width in ((0, 230), (2, 260)):  # the item's name and the figure behind its score
            self.item_view.horizontalHeader().setSectionResizeMode(column, QHeaderView.Interactive)
            self.item_view.setColumnWidth(column, width)
        self.item_view.selectionModel().currentRowChanged.connect(lambda *_a: self._item_chosen())
        self.score, self.reason, self.by = QLineEdit(), QLineEdit(), QLineEdit()
        self.score.setMaximumWidth(80)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save_score)
        self.score_label, self.reason_label, self.by_label = QLabel(), QLabel(), QLabel()
        entry = QHBoxLayout()
        for label, field in ((self.score_label, self.score), (self.reason_label, self.reason), (self.by_label, self.by)):
            label.setBuddy(field)
            entry.addWidget(label)
            entry.addWidget(field, 2 if field is self.reason else 0)
        entry.addWidget(self.save_button)
        items_page = QWidget()
        items_box = QVBoxLayout(items_page)
        items_box.addWidget(self.item_view, 1)
        items_box.addLayout(entry)
        self.tabs = QTabWidget()
        self.tabs.addTab(items_page, "")
        self.tabs.addTab(_view(self.history, stretch_last=True), "")
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.ranking_view)
        split.addWidget(self.tabs)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(split, 1)

        with ctx.read() as session:
            from kjdesk.services.registry import last_complete_year

            self.year.setValue(last_complete_year(session) or dt.date.today().year)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.sheet.currentIndexChanged.connect(lambda _i: self.refresh())
        self.ranking_view.selectionModel().currentRowChanged.connect(lambda *_a: self.show_subject())
        ctx.data_changed.connect(self.data_changed)
        ctx.language_changed.connect(self.retranslate)
        self.retranslate_texts()
        self.refresh()

    # -- data ---------------------------------------------------------------------------------
    def subject(self):
        return self.ranking.row(self.ranking_view.currentIndex())

    def refresh(self) -> None:
        from kjdesk.assessment.engine import assess
        from kjdesk.assessment.manual import history

        self.stale = False
        chosen = self.subject().code if self.subject() else None
        with self.ctx.read() as session:
            self.result = assess(session, self.sheet.currentData(), self.year.value(), lang=_lang())
            self.all_history = [h for h in history(session, self.year.value()) if h.sheet == self.sheet.currentData()]
        self.ranking.set_rows(self.result.rows)
        codes = [r.code for r in self.result.rows]
        if codes:
            self.ranking_view.selectRow(codes.index(chosen) if chosen in codes else 0)
        closed = self.result.finalized
        self.state.setText(_("finalized by {by} on {date}").format(by=closed[0], date=format_date(closed[1].date()))
                           if closed else _("open"))
        self.close_button.setText(_("&Reopen…") if closed else _("&Finalize…"))
        self.save_button.setEnabled(closed is None)
        self.show_subject()

    def show_subject(self) -> None:
        row = self.subject()
        self.items.set_rows([row.items[i.id] for i in self.result.rubric.items] if row else [])
        self.history.set_rows([h for h in self.all_history if row and h.code == row.code])

    def _item_chosen(self) -> None:
        s = self.items.row(self.item_view.currentIndex())
        entered = s and (s.adjustment or s.entry)
        self.score.setText(score_text(entered.score) if entered else "")
        self.reason.setText(entered.reason if entered else "")

    # -- entries and finalizing ------------------------------------------------------------------
    def _write(self, action, title: str) -> bool:
        try:
            with self.ctx.write() as session:
                action(session)
        except DomainError as exc:
            QMessageBox.warning(self, title, str(exc))
            return False
        if self.stale or not self.isVisible():
            self.refresh()
        return True

    def save_score(self) -> bool:
        from kjdesk.assessment.manual import set_score

        row, s = self.subject(), self.items.row(self.item_view.currentIndex())
        if row is None or s is None:
            return False
        year, sheet, item = self.year.value(), self.sheet.currentData(), s.item.id
        score, reason, by = self.score.text(), self.reason.text(), self.by.text()
        return self._write(lambda session: set_score(session, year, sheet, row.code, item, score, reason, by),
                           _("Score"))

    def ask_close(self) -> None:
        closed = self.result.finalized
        reason, ok = QInputDialog.getText(self, _("Reopen the year") if closed else _("Finalize the year"),
                                          _("Reason (required to reopen):") if closed else _("Note (optional):"))
        if ok:
            self.close_year(self.by.text(), reason)

    def close_year(self, by: str, reason: str) -> bool:
        from kjdesk.assessment import closing

        year = self.year.value()
        if self.result.finalized:
            return self._write(lambda s: closing.reopen(s, year, by, reason), _("Reopen the year"))
        return self._write(lambda s: closing.finalize(s, year, by, reason), _("Finalize the year"))

    # -- printing ----------------------------------------------------------------------------
    def ask_pdf(self, one: bool) -> None:
        row = self.subject()
        name = f"{self.year.value()}-{self.sheet.currentData()}" + (f"-{row.code}" if one and row else "")
        path, _filter = QFileDialog.getSaveFileName(self, _("Print"), name + ".pdf", _("PDF document (*.pdf)"))
        if path:
            self.print_pdf(path, one)

    def print_pdf(self, path: str, one: bool) -> str:
        from kjdesk.reports.sheets import write_sheet_pdf, write_subject_pdf

        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        if one and self.subject():
            write_subject_pdf(self.result, self.subject().code, path)
        else:
            write_sheet_pdf(self.result, path)
        return path

    # -- language ----------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.retranslate_texts()
        self.refresh()

    def retranslate_texts(self) -> None:
        self.year_label.setText(_("&Year"))
        self.sheet_label.setText(_("S&heet"))
        self.sheet.setItemText(0, _("Stations"))
        self.sheet.setItemText(1, _("Banks"))
        self.tabs.setTabText(0, _("Items"))
        self.tabs.setTabText(1, _("History"))
        self.score_label.setText(_("S&core"))
        self.reason_label.setText(_("Rea&son"))
        self.by_label.setText(_("&By"))
        self.save_button.setText(_("Sa&ve"))
        self.pdf_one.setText(_("PDF of this &sheet…"))
        self.pdf_all.setText(_("PDF of &all…"))
        for model in (self.ranking, self.items, self.history):
            model.retranslate()
