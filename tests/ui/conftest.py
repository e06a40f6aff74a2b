"""UI fixtures: settings in a temporary folder, a small real database of cases in every state."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from ui_data import build_cases  # noqa: E402

AS_OF = dt.date(2017, 6, 30)


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_teardown(item):
    """Every job a test started is stopped and waited for before pytest-qt closes the test's windows:
    a window closed with a write running would ask about it (modally, and nobody answers), and a
    job left running would deliver its result into the next test."""
    from kjdesk.ui.jobs.runner import stop_all_jobs

    stop_all_jobs()
    yield


@pytest.fixture(autouse=True)
def _temporary_settings(tmp_path):
    """QSettings of the client go to tmp_path, never to the real user's configuration."""
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield


@pytest.fixture(autouse=True)
def _english_qt(qapp):
    """Each UI test starts and ends in English, Qt's own translations included."""
    from kjdesk.ui.language import apply_language

    apply_language("en", remember=False)
    yield
    apply_language("en", remember=False)


@pytest.fixture
def cases(session_factory):
    """The small database of ``ui_data.build_cases``: refs → application ids."""
    with session_factory() as session, session.begin():
        return build_cases(session)


@pytest.fixture
def ctx(session_factory, db_path, cases):
    from kjdesk.ui.context import AppContext

    context = AppContext(session_factory, db_path)
    yield context
    context.deleteLater()


@pytest.fixture
def answer_dialog(qtbot):
    """``answer_dialog(handler)``: when the next modal dialog opens, call ``handler(dialog)``.

    The dialogs under test block in ``exec()``; this answers them from inside their event loop.
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    seen = []

    def arm(handler):
        def poll():
            dialog = QApplication.activeModalWidget()
            if dialog is None:
                QTimer.singleShot(10, poll)
                return
            seen.append(dialog.windowTitle())
            handler(dialog)
        QTimer.singleShot(0, poll)
        return seen

    return arm


@pytest.fixture
def window(qtbot, ctx):
    from kjdesk.ui.main_window import MainWindow

    from kjdesk.ui.jobs.runner import jobs_running

    main = MainWindow(ctx)
    yield main
    # Closed here, not by qtbot (which closes its widgets before fixtures end): a page's count still
    # running (the reports page counts when shown) would make closing the window ask, and wait forever.
    qtbot.waitUntil(lambda: not jobs_running(), timeout=10000)
    main.close()
    main.deleteLater()
