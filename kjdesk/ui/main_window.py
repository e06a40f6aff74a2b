"""The main window: navigation pane, pages, case tabs, menus, status bar and shortcuts.

Pages other than the work list are imported and built when first shown, so the client starts
fast. Cases open in closable tabs beside the (unclosable) page tab; Ctrl+W closes one.
"""
from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (QFileDialog, QLabel, QListWidget, QListWidgetItem, QMainWindow, QMessageBox,
                               QSplitter, QStackedWidget, QTabWidget, QVBoxLayout, QWidget)

import kjdesk
from kjdesk.i18n import N_, _, current_language
from kjdesk.ui import backups, settings, who
from kjdesk.ui.context import AppContext
from kjdesk.ui.first_run import prepare_database
from kjdesk.ui.health import HealthBanner
from kjdesk.ui.language import LANGUAGE_NAMES, apply_language


@dataclass(frozen=True)
class PageSpec:
    key: str
    label: str           # N_-marked; translated when shown
    module: str
    cls: str


PAGES = (
    PageSpec("worklist", N_("Work list"), "kjdesk.ui.worklist", "WorkListPage"),
    PageSpec("cases", N_("Loan cases"), "kjdesk.ui.case_list", "CaseListPage"),
    PageSpec("enterprises", N_("Enterprises"), "kjdesk.ui.enterprise_list", "EnterpriseListPage"),
    PageSpec("meetings", N_("Review meetings"), "kjdesk.ui.meetings.page", "MeetingsPage"),
    PageSpec("reports", N_("Reports"), "kjdesk.ui.reports.page", "ReportsPage"),
    PageSpec("subsidies", N_("Subsidies"), "kjdesk.ui.subsidy_list", "SubsidyListPage"),
    PageSpec("stations", N_("Stations"), "kjdesk.ui.stations", "StationsPage"),
    PageSpec("assessment", N_("Assessment"), "kjdesk.ui.assessment_desk", "AssessmentDeskPage"),
)
DB_FILTER = N_("kjdesk databases (*.sqlite *.db);;All files (*)")


def available(module: str) -> bool:
    """Whether this kjdesk has ``module``, without importing it (startup stays fast)."""
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


class MainWindow(QMainWindow):
    # Who is working, asked when a database with users opens (tests give an answer instead).
    ask_user: Callable | None = None

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx: AppContext | None = None
        self.pages: dict[str, QWidget] = {}
        self.case_tabs: dict[int, QWidget] = {}

        self.nav = QListWidget()
        self.nav.setMinimumWidth(120)
        self.nav.setStyleSheet("QListWidget { padding: 4px 0; } QListWidget::item { padding: 6px 10px; }")
        for spec in PAGES:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            if not available(spec.module):
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(lambda row: self.show_page(PAGES[row].key) if row >= 0 else None)

        self.stack = QStackedWidget()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.addTab(self.stack, "")
        self.tabs.tabBar().setTabButton(0, self.tabs.tabBar().ButtonPosition.RightSide, None)
        self.tabs.tabCloseRequested.connect(self.close_tab)

        self.splitter = splitter = QSplitter()
        splitter.setObjectName("main_splitter")
        splitter.addWidget(self.nav)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([140, 1100])
        splitter.setChildrenCollapsible(False)
        self.banner = HealthBanner()
        self.banner.export_requested.connect(lambda: self._exchange("export_dialog"))
        self.banner.open_requested.connect(self.open_database)
        self.banner.full_check_requested.connect(self.banner.run_full_check)
        self.banner.writable_changed.connect(self._allow_writes)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self.db_label = QLabel()
        self.user_label = QLabel()
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.db_label)
        self._build_actions()
        # What each role-bound action needs (kjdesk.services.users.ACTIONS), and whether it exists at all.
        self._role_actions = {self.act_new_enterprise: "register_enterprise", self.act_new_application: "work_case",
                              self.act_import: "import", self.act_users: "manage_users",
                              self.act_restore: "manage_users"}
        self._built = {action: action.isEnabled() for action in self._role_actions}
        self._build_menus()

        geometry, state, splitter_state = settings.window_state()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        if state is not None:
            self.restoreState(state)
        if splitter_state is not None:
            self.splitter.restoreState(splitter_state)
        self.set_context(ctx)

    # -- actions and menus --------------------------------------------------------------------
    def _action(self, handler: Callable, shortcut: QKeySequence | str | None = None,
                enabled: bool = True) -> QAction:
        action = QAction(self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: handler())
        action.setEnabled(enabled)
        self.addAction(action)  # shortcuts work whatever has the focus
        return action

    def _build_actions(self) -> None:
        forms = available("kjdesk.ui.forms.enterprise"), available("kjdesk.ui.forms.application")
        exchange = available("kjdesk.ui.jobs.exchange")
        self.act_new_db = self._action(self.new_database)
        self.act_open_db = self._action(self.open_database, QKeySequence.StandardKey.Open)
        self.act_new_enterprise = self._action(self.new_enterprise, "Ctrl+Shift+N", forms[0])
        self.act_new_application = self._action(self.new_application, QKeySequence.StandardKey.New, forms[1])
        self.act_import = self._action(lambda: self._exchange("import_dialog"), None, exchange)
        self.act_export = self._action(lambda: self._exchange("export_dialog"), None, exchange)
        self.act_template = self._action(lambda: self._exchange("template_dialog"), None, exchange)
        self.act_users = self._action(self.show_users)
        self.act_backup = self._action(lambda: backups.back_up_now(self, self.ctx.db_path))
        self.act_restore = self._action(lambda: backups.restore_from(self))
        self.act_quit = self._action(self.close, QKeySequence.StandardKey.Quit)
        self.act_pages = [self._action(lambda key=spec.key: self.show_page(key), f"Ctrl+{i}",
                                       available(spec.module)) for i, spec in enumerate(PAGES, start=1)]
        self.act_find = self._action(self.find, QKeySequence.StandardKey.Find)
        self.act_refresh = self._action(self.refresh, QKeySequence.StandardKey.Refresh)
        self.act_close_tab = self._action(lambda: self.close_tab(self.tabs.currentIndex()), "Ctrl+W")
        self.act_about = self._action(self.about)
        self.language_group = QActionGroup(self)
        self.act_languages = {}
        for code, name in LANGUAGE_NAMES.items():
            action = self._action(lambda code=code: self.switch_language(code))
            action.setText(name)  # each language named in itself
            action.setCheckable(True)
            action.setChecked(code == current_language())
            self.language_group.addAction(action)
            self.act_languages[code] = action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addActions([self.act_new_db, self.act_open_db])
        self.recent_menu = self.file_menu.addMenu("")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.file_menu.addSeparator()
        self.file_menu.addActions([self.act_new_enterprise, self.act_new_application])
        self.file_menu.addSeparator()
        self.file_menu.addActions([self.act_import, self.act_export, self.act_template])
        self.file_menu.addSeparator()
        self.file_menu.addActions([self.act_backup, self.act_restore, self.act_users])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_quit)
        self.view_menu = bar.addMenu("")
        self.view_menu.addActions(self.act_pages)
        self.view_menu.addSeparator()
        self.view_menu.addActions([self.act_find, self.act_refresh, self.act_close_tab])
        self.view_menu.addSeparator()
        self.language_menu = self.view_menu.addMenu("")
        self.language_menu.addActions(list(self.act_languages.values()))
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.act_about)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        current = self.ctx.db_path.resolve() if self.ctx and not self.ctx.on_server else None
        for path in settings.recent_databases():
            action = self.recent_menu.addAction(str(path))
            action.setEnabled(path != current and path.exists())
            action.triggered.connect(lambda _checked=False, path=path: self.switch_database(path))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction(_("(none)")).setEnabled(False)

    # -- the open database --------------------------------------------------------------------
    def set_context(self, ctx: AppContext) -> None:
        """Show ``ctx``'s database: every page and case tab is rebuilt over it."""
        old = self.ctx
        while self.tabs.count() > 1:
            self.close_tab(1)
        for page in self.pages.values():
            if hasattr(page, "wait_for_search"):
                page.wait_for_search()
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages.clear()
        self.ctx = ctx
        ctx.setParent(self)
        ctx.open_case.connect(self.open_case)
        if old is not None:
            old.session_factory.kw["bind"].dispose()
            old.deleteLater()
        if not ctx.on_server:
            settings.remember_database(ctx.db_path)
        who.sign_in(ctx, self.ask_user or who.ask_with_dialog(self))
        for action, needs in self._role_actions.items():
            action.setEnabled(self._built[action] and who.may(ctx, needs))
        self.show_page("worklist")
        self.retranslate()
        self.banner.watch(ctx)

    def _allow_writes(self, writable: bool) -> None:
        """A database opened for reading only offers no action that writes (the services refuse them too)."""
        from kjdesk.ui import who

        for action, needs in self._role_actions.items():  # and only what the user's role may do
            action.setEnabled(writable and self._built[action] and who.may(self.ctx, needs))

    def may_leave_running_work(self) -> bool:
        """True when no job writes, or the user agrees to stop the writing ones; every running job is
        then stopped and waited for. Jobs that only read are stopped without asking."""
        from kjdesk.ui.jobs.runner import jobs_running, stop_all_jobs, writing_jobs_running

        if not jobs_running():
            return True
        if not writing_jobs_running():
            stop_all_jobs()
            return True
        answer = QMessageBox.question(
            self, _("Work still running"),
            _("An import, export or other work is still running. Stop it? What it has not finished is "
              "not saved."), QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        stop_all_jobs()
        return True

    def switch_database(self, path: Path) -> bool:
        if not self.may_leave_running_work():
            return False
        session_factory = prepare_database(Path(path), self)
        if session_factory is None:
            return False
        self.set_context(AppContext(session_factory, Path(path)))
        return True

    def open_database(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Open database"), settings.start_folder(), _(DB_FILTER))
        settings.remember_folder(path)
        if path:
            self.switch_database(Path(path))

    def new_database(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("New database"), settings.start_folder(), _(DB_FILTER),
                                                    options=QFileDialog.Option.DontConfirmOverwrite)
        settings.remember_folder(path)
        if not path:
            return
        path = Path(path)
        if not path.suffix:
            path = path.with_suffix(".sqlite")
        if path.exists():  # never overwrite: the file may be someone's only copy
            QMessageBox.warning(self, _("New database"),
                                _("{path} already exists. Choose another name, or open it with "
                                  "File › Open database.").format(path=path))
            return
        self.switch_database(path)

    # -- pages and cases ----------------------------------------------------------------------
    def page(self, key: str) -> QWidget:
        """The page ``key``, built on first use."""
        if key not in self.pages:
            spec = next(s for s in PAGES if s.key == key)
            cls = getattr(importlib.import_module(spec.module), spec.cls)
            page = cls(self.ctx)
            if key == "enterprises":
                page.show_cases.connect(self.show_enterprise_cases)
            self.pages[key] = page
            self.stack.addWidget(page)
        return self.pages[key]

    def show_page(self, key: str) -> QWidget | None:
        index = next(i for i, s in enumerate(PAGES) if s.key == key)
        if not available(PAGES[index].module):
            return None
        page = self.page(key)
        self.stack.setCurrentWidget(page)
        self.tabs.setCurrentIndex(0)
        self.tabs.setTabText(0, _(PAGES[index].label))
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(index)
        self.nav.blockSignals(False)
        return page

    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()

    def show_enterprise_cases(self, credit_code: str) -> None:
        self.show_page("cases").show_enterprise(credit_code)

    def open_case(self, app_id: int) -> None:
        if app_id in self.case_tabs:
            self.tabs.setCurrentWidget(self.case_tabs[app_id])
            return
        if not available("kjdesk.ui.case.view"):
            self.statusBar().showMessage(_("This kjdesk cannot show cases yet."), 5000)
            return
        from kjdesk.services.queries import case_rows
        from kjdesk.ui.case.view import CaseView

        with self.ctx.read() as session:
            row = case_rows(session, [app_id]).get(app_id)
        if row is None:
            return
        view = CaseView(self.ctx, app_id)
        view.setProperty("app_id", app_id)
        self.case_tabs[app_id] = view
        index = self.tabs.addTab(view, row.ref)
        self.tabs.setTabToolTip(index, row.enterprise)
        self.tabs.setCurrentIndex(index)

    def close_tab(self, index: int) -> None:
        if index <= 0:  # the page tab stays
            return
        view = self.tabs.widget(index)
        self.tabs.removeTab(index)
        self.case_tabs.pop(view.property("app_id"), None)
        view.deleteLater()

    def find(self) -> None:
        page = self.current_page() if self.tabs.currentIndex() == 0 else None
        if not hasattr(page, "focus_search"):
            page = self.show_page("cases")
        page.focus_search()

    def refresh(self) -> None:
        widget = self.tabs.currentWidget()
        target = self.current_page() if widget is self.stack else widget
        if hasattr(target, "refresh"):
            target.refresh()

    # -- forms and jobs of the case workflow (UI-2's modules) ---------------------------------
    def new_enterprise(self) -> None:
        from kjdesk.ui.forms.enterprise import EnterpriseDialog

        EnterpriseDialog(self.ctx, self).exec()

    def new_application(self) -> None:
        from kjdesk.ui.forms.application import ApplicationDialog

        ApplicationDialog(self.ctx, self).exec()

    def _exchange(self, name: str) -> None:
        module = importlib.import_module("kjdesk.ui.jobs.exchange")
        getattr(module, name)(self.ctx, self)

    # -- language -----------------------------------------------------------------------------
    def switch_language(self, lang: str) -> None:
        """Switch live: the window, then every page, case tab and open screen sets its texts again."""
        if lang == current_language():
            return
        apply_language(lang)
        self.retranslate()
        self.ctx.language_changed.emit(lang)  # every page, case view and open dialog listens

    def retranslate(self) -> None:
        self.setWindowTitle(_("kjdesk – Sci-tech finance service desk"))
        self.banner.show_state()
        for i, spec in enumerate(PAGES):
            self.nav.item(i).setText(_(spec.label))
            self.act_pages[i].setText(_(spec.label))
        page = self.current_page()
        key = next((k for k, p in self.pages.items() if p is page), None)
        if key:
            self.tabs.setTabText(0, _(next(s.label for s in PAGES if s.key == key)))
        self.file_menu.setTitle(_("&File"))
        self.view_menu.setTitle(_("&View"))
        self.help_menu.setTitle(_("&Help"))
        self.recent_menu.setTitle(_("Recent databases"))
        self.language_menu.setTitle(_("Language"))
        texts = {
            self.act_new_db: _("New database…"),
            self.act_open_db: _("Open database…"),
            self.act_new_enterprise: _("New enterprise…"),
            self.act_new_application: _("New application…"),
            self.act_import: _("Import workbook…"),
            self.act_export: _("Export workbook…"),
            self.act_template: _("Save blank template…"),
            self.act_users: _("Users…"),
            self.act_backup: _("Back up now…"),
            self.act_restore: _("Restore…"),
            self.act_quit: _("Quit"),
            self.act_find: _("Find"),
            self.act_refresh: _("Refresh"),
            self.act_close_tab: _("Close case tab"),
            self.act_about: _("About kjdesk"),
        }
        for action, text in texts.items():
            action.setText(text)
        self.act_languages[current_language()].setChecked(True)
        if self.ctx is not None:
            self.db_label.setText(_("Database: {path}").format(path=self.ctx.db_path))
            self.user_label.setText(who.status_text(self.ctx))

    def show_users(self):
        from kjdesk.ui.users import UsersDialog

        dialog = UsersDialog(self.ctx, self)
        dialog.open()
        return dialog

    def about(self) -> None:
        QMessageBox.about(self, _("About kjdesk"), _(
            "<b>kjdesk</b> {version}<br>The case desk of Shanghai's sci-tech finance service network: "
            "loan cases from application to the bank's decision, review meetings, work lists and "
            "statistics.").format(version=getattr(kjdesk, "__version__", "")))

    def closeEvent(self, event) -> None:
        if not self.may_leave_running_work():
            event.ignore()
            return
        settings.save_window_state(self.saveGeometry(), self.saveState(), self.splitter.saveState())
        super().closeEvent(event)
