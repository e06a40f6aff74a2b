"""The main window: pages from the navigation pane and shortcuts, the database in the status bar,
cases in tabs, window state and databases remembered."""
from __future__ import annotations

import importlib.util
import sqlite3

import pytest
from PySide6.QtGui import QKeySequence

from kjdesk.ui import settings
from kjdesk.ui.case_list import CaseListPage
from kjdesk.ui.main_window import PAGES, MainWindow, available
from kjdesk.ui.worklist import WorkListPage


def test_the_work_list_is_the_start_page_and_the_status_bar_names_the_database(window, db_path):
    assert isinstance(window.current_page(), WorkListPage)
    assert window.nav.currentRow() == 0
    assert str(db_path) in window.db_label.text()


def test_ctrl_1_to_8_show_the_pages_in_navigation_order(window):
    assert [a.shortcut().toString() for a in window.act_pages] == [f"Ctrl+{n}" for n in range(1, 9)]
    for index, (spec, action) in enumerate(zip(PAGES, window.act_pages)):
        assert action.isEnabled() == available(spec.module)
        if action.isEnabled():
            action.trigger()
            assert window.current_page() is window.pages[spec.key]
            assert window.nav.currentRow() == index
            assert window.tabs.tabText(0) == spec.label


def test_clicking_the_navigation_pane_shows_a_page_built_only_then(window):
    assert "enterprises" not in window.pages  # pages are built when first shown
    window.nav.setCurrentRow(2)
    assert window.current_page() is window.pages["enterprises"]


def test_standard_shortcuts(window):
    shortcut = {a.text(): a.shortcut() for a in window.actions()}
    assert shortcut["Open database…"] == QKeySequence(QKeySequence.StandardKey.Open)
    assert shortcut["New application…"] == QKeySequence(QKeySequence.StandardKey.New)
    assert shortcut["Find"] == QKeySequence(QKeySequence.StandardKey.Find)
    assert shortcut["Refresh"].toString() == "F5"
    assert shortcut["Close case tab"].toString() == "Ctrl+W"


def test_find_goes_to_the_case_list_search(window):
    window.act_find.trigger()
    assert isinstance(window.current_page(), CaseListPage)


def test_refresh_re_reads_the_current_page(window, ctx, cases):
    import datetime as dt

    from kjdesk.services.cases import record_event

    page = window.show_page("cases")
    page.status.setCurrentIndex(page.status.findData("submitted"))
    page.wait_for_search()
    assert page.model.rowCount() == 1
    # Written by another program (no data_changed signal here): F5 shows it.
    with ctx.session_factory() as session, session.begin():
        record_event(session, cases["KJ2017-0101"], "preliminary_passed", dt.date(2017, 6, 30))
    window.act_refresh.trigger()
    assert page.model.rowCount() == 0


def test_enterprise_list_enter_shows_that_enterprises_cases(window):
    enterprises = window.show_page("enterprises")
    enterprises.open_row(0)
    page = window.current_page()
    assert isinstance(page, CaseListPage)
    assert page.search.text() == enterprises.model.row_at(0).credit_code
    assert page.model.rowCount() == 2


@pytest.mark.skipif(importlib.util.find_spec("kjdesk.ui.case") is None
                    or importlib.util.find_spec("kjdesk.ui.case.view") is None, reason="no case view in this kjdesk")
def test_a_case_opens_in_its_own_tab_once_and_ctrl_w_closes_it(window, ctx, cases):
    ctx.open_case.emit(cases["KJ2017-0090"])
    assert window.tabs.count() == 2 and window.tabs.tabText(1) == "KJ2017-0090"
    window.show_page("cases")
    ctx.open_case.emit(cases["KJ2017-0090"])
    assert window.tabs.count() == 2 and window.tabs.currentIndex() == 1
    window.act_close_tab.trigger()
    assert window.tabs.count() == 1
    window.act_close_tab.trigger()  # the page tab stays
    assert window.tabs.count() == 1


def test_window_geometry_is_remembered(qtbot, ctx, window):
    window.resize(700, 520)
    window.show()
    qtbot.waitExposed(window)
    window.splitter.setSizes([200, 500])
    qtbot.wait(20)
    nav_width = window.splitter.sizes()[0]
    window.close()
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert (again.width(), again.height()) == (700, 520)
    assert again.splitter.sizes()[0] == nav_width


def test_opening_another_database_rebuilds_the_pages_and_is_remembered(window, tmp_path, answer_dialog):
    other = tmp_path / "other.sqlite"
    old_page = window.current_page()
    answer_dialog(lambda dialog: dialog.accept())  # the first-run dialog of the new file: start empty
    assert window.switch_database(other)
    assert window.ctx.db_path == other
    assert str(other) in window.db_label.text()
    assert window.current_page() is not old_page and window.current_page().tabs.tabText(0).endswith("(0)")
    assert settings.last_database() == other.resolve()
    assert settings.recent_databases()[:1] == [other.resolve()]


def test_a_file_that_is_not_a_kjdesk_database_is_refused_with_a_message(window, db_path, tmp_path, answer_dialog):
    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("create table notes (text)")
    seen = answer_dialog(lambda box: box.accept())
    assert not window.switch_database(foreign)
    assert seen == ["Cannot open the database"]
    assert window.ctx.db_path == db_path


def test_the_shipped_cjk_font_backs_the_ui_font(qapp):
    from kjdesk.ui.app import register_cjk_font

    family = register_cjk_font(qapp)
    assert family is not None and "WenQuanYi" in family
    assert family in qapp.font().families()


@pytest.mark.parametrize("kind", [dict(writes=True), dict(saves=True)], ids=["writes the database", "saves a file"])
def test_closing_while_work_runs_asks_and_keeps_the_window_unless_told_to_stop(qtbot, window, answer_dialog, kind):
    import threading

    from PySide6.QtWidgets import QMessageBox

    from kjdesk.ui.jobs.runner import jobs_running, run_job

    window.show()
    release = threading.Event()
    stopped = []

    def long_import(progress, cancelled):
        while not release.wait(0.01):
            if cancelled():
                stopped.append(True)
                raise InterruptedError("stopped")

    run_job(window, long_import, title="Import", show_after_ms=60_000, **kind)
    assert jobs_running()
    seen = answer_dialog(lambda box: box.button(QMessageBox.StandardButton.No).click())
    assert not window.close()
    assert seen == ["Work still running"] and window.isVisible()

    seen = answer_dialog(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    assert window.close()
    assert stopped == [True]
    qtbot.waitUntil(lambda: not jobs_running(), timeout=3000)


def dismissing_modals(seen):
    """A timer that notes and rejects any modal dialog, so a test that expects none fails instead of hanging."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def dismiss():
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            seen.append(dialog.windowTitle())
            dialog.reject()

    timer = QTimer()
    timer.timeout.connect(dismiss)
    timer.start(20)
    return timer


def test_closing_while_only_a_read_job_runs_stops_it_without_asking(qtbot, window):
    import threading

    from kjdesk.ui.jobs.runner import JobCancelled, jobs_running, run_job

    window.show()
    started, stopped, delivered = threading.Event(), [], []

    def slow_statistics(progress, cancelled):
        started.set()
        while not cancelled():
            threading.Event().wait(0.01)
        stopped.append(True)
        raise JobCancelled()

    run_job(window, slow_statistics, title="Reports", on_done=delivered.append, show_after_ms=60_000)
    assert started.wait(5)
    seen = []
    timer = dismissing_modals(seen)
    try:
        assert window.close()
    finally:
        timer.stop()
    assert seen == [] and not window.isVisible()
    assert stopped == [True] and not jobs_running() and delivered == []
