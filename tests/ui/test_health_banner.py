"""A database the client may only read says so on a banner, and offers no action that writes."""
from __future__ import annotations

import sqlite3
import uuid

import pytest

from kjdesk.db.database import Database, make_engine, open_database
from kjdesk.db.errors import EnvironmentProblem
from kjdesk.ui.context import AppContext
from kjdesk.ui.main_window import MainWindow

PAGE = 4096


def _damaged_file(path):
    open_database(path).engine.dispose()
    conn = sqlite3.connect(path)
    conn.execute("create table ballast(x)")
    conn.executemany("insert into ballast values (?)", ((uuid.uuid4().hex * 10,) for _ in range(3000)))
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    data = bytearray(path.read_bytes())
    middle = len(data) // PAGE // 2
    data[middle * PAGE:(middle + 4) * PAGE] = b"\xa5" * (4 * PAGE)
    path.write_bytes(bytes(data))


def _window(qtbot, db, path) -> MainWindow:
    window = MainWindow(AppContext(db, path))
    qtbot.addWidget(window)
    window.show()
    return window


def test_a_damaged_database_opens_with_a_banner_and_offers_no_write(qtbot, tmp_path):
    path = tmp_path / "damaged.sqlite"
    _damaged_file(path)
    before = path.read_bytes()
    db = open_database(path, check=False)  # as the client opens it: checked once the window shows
    window = _window(qtbot, db, path)
    qtbot.waitUntil(window.banner.isVisible, timeout=10_000)
    assert "damaged" in window.banner.label.text()
    assert window.banner.export_button.isVisible()
    assert not window.act_new_application.isEnabled() and not window.act_import.isEnabled()
    with pytest.raises(EnvironmentProblem, match="damaged"):
        with window.ctx.write():
            pass
    assert path.read_bytes() == before


def test_a_read_only_database_says_why_nothing_can_be_recorded(qtbot, tmp_path):
    path = tmp_path / "kjdesk.sqlite"
    open_database(path).engine.dispose()
    db = Database(make_engine(path, read_only={"mode": "ro"}), path, read_only=True)
    window = _window(qtbot, db, path)
    qtbot.waitUntil(window.banner.isVisible, timeout=10_000)
    assert "read-only" in window.banner.label.text()
    assert not window.banner.export_button.isVisible()
    assert not window.act_new_enterprise.isEnabled()


def test_an_intact_database_shows_no_banner_and_offers_every_write(qtbot, tmp_path):
    path = tmp_path / "kjdesk.sqlite"
    db = open_database(path, check=False)
    window = _window(qtbot, db, path)
    qtbot.waitUntil(lambda: db.checked, timeout=10_000)
    qtbot.wait(50)
    assert not window.banner.isVisible()
    assert window.act_new_application.isEnabled() and window.act_import.isEnabled()
