"""File › Back up now and File › Restore from the client."""
from __future__ import annotations

from kjdesk.services.settings import get_setting, set_setting
import pytest

from kjdesk.ui.backups import back_up_now, restore_from


@pytest.fixture
def window(qtbot, session_factory, db_path):
    """A window of its own context: a restore replaces the context by one over the restored file."""
    from kjdesk.ui.context import AppContext
    from kjdesk.ui.main_window import MainWindow

    main = MainWindow(AppContext(session_factory, db_path))
    qtbot.addWidget(main)
    return main


def test_a_backup_made_from_the_client_restores_after_a_yes(qtbot, window, tmp_path):
    with window.ctx.write() as s:
        set_setting(s, "which", "backed up")
    job = back_up_now(window, window.ctx.db_path, tmp_path / "saved.sqlite")
    qtbot.waitUntil(lambda: job.done, timeout=20_000)
    assert "saved.sqlite" in window.statusBar().currentMessage()
    with window.ctx.write() as s:
        set_setting(s, "which", "changed after")
    questions = []
    job = restore_from(window, tmp_path / "saved.sqlite", confirm=lambda text: questions.append(text) or True)
    qtbot.waitUntil(lambda: job.done, timeout=20_000)
    assert "saved.sqlite" in questions[0] and "loan cases" in questions[0]
    with window.ctx.read() as s:
        assert get_setting(s, "which") == "backed up"
    assert "Restored" in window.statusBar().currentMessage()


def test_a_no_changes_nothing(qtbot, window, tmp_path):
    with window.ctx.write() as s:
        set_setting(s, "which", "current")
    job = back_up_now(window, window.ctx.db_path, tmp_path / "saved.sqlite")
    qtbot.waitUntil(lambda: job.done, timeout=20_000)
    with window.ctx.write() as s:
        set_setting(s, "which", "kept")
    assert restore_from(window, tmp_path / "saved.sqlite", confirm=lambda text: False) is None
    with window.ctx.read() as s:
        assert get_setting(s, "which") == "kept"
