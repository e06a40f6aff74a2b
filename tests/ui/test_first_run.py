"""First run: kjdesk with no database creates one and offers demo data or an empty start; the last
database is opened next time."""
from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import QApplication

from kjdesk import i18n
from kjdesk.ui import app as client, first_run, settings
from kjdesk.ui.first_run import FirstRunDialog, prepare_database
from kjdesk.ui.worklist import WorkListPage
from ui_data import build_cases


def count(path, table):
    with sqlite3.connect(path) as conn:
        return conn.execute(f"select count(*) from {table}").fetchone()[0]


def test_kjdesk_without_a_database_creates_the_default_one_and_starts_empty(qtbot, tmp_path, monkeypatch,
                                                                          answer_dialog):
    default = tmp_path / "user-data" / "kjdesk.sqlite"
    monkeypatch.delenv("KJDESK_DB")
    monkeypatch.setattr(client, "default_path", lambda: default)
    seen = answer_dialog(lambda dialog: dialog.accept())  # "Start empty" is the default choice
    app, window = client.build_client(None)
    qtbot.addWidget(window)
    assert seen == ["欢迎使用 kjdesk"]  # no language chosen yet: the users’ own, Chinese
    assert default.exists() and count(default, "applications") == 0
    assert isinstance(window.current_page(), WorkListPage)
    assert settings.last_database() == default.resolve()


def test_the_last_database_is_opened_next_time_unless_one_is_named(tmp_path, monkeypatch, session_factory, db_path):
    monkeypatch.delenv("KJDESK_DB")
    monkeypatch.setattr(client, "default_path", lambda: tmp_path / "default.sqlite")
    assert client.startup_database(None) == tmp_path / "default.sqlite"
    settings.remember_database(db_path)
    assert client.startup_database(None) == db_path.resolve()
    assert client.startup_database(str(tmp_path / "named.sqlite")) == tmp_path / "named.sqlite"
    monkeypatch.setenv("KJDESK_DB", str(tmp_path / "env.sqlite"))
    assert client.startup_database(None) == tmp_path / "env.sqlite"
    db_path.unlink()  # gone since: the default one again
    monkeypatch.delenv("KJDESK_DB")
    assert client.startup_database(None) == tmp_path / "default.sqlite"


def test_an_existing_database_opens_without_the_first_run_dialog(qtbot, session_factory, db_path):
    assert prepare_database(db_path) is not None
    assert QApplication.activeModalWidget() is None


def test_the_demo_choice_loads_the_demo_data_off_the_gui_thread(qtbot, tmp_path, monkeypatch, answer_dialog):
    import threading

    threads = []

    def build_demo(session_factory, progress):
        threads.append(threading.current_thread())
        progress(0.5, "half way")
        with session_factory() as session, session.begin():
            build_cases(session)

    monkeypatch.setattr(first_run, "demo_builder", lambda: build_demo)

    def choose_demo(dialog):
        dialog.demo.setChecked(True)
        dialog.accept()

    answer_dialog(choose_demo)
    path = tmp_path / "demo.sqlite"
    assert prepare_database(path) is not None
    assert count(path, "applications") == 10
    assert threads and threads[0] is not threading.main_thread()


def test_choosing_the_language_on_first_run_switches_and_is_remembered(qtbot, tmp_path):
    dialog = FirstRunDialog(tmp_path / "new.sqlite")
    qtbot.addWidget(dialog)
    assert dialog.start.text() == "Start"
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    assert i18n.current_language() == "zh_CN"
    assert dialog.start.text() == "开始"
    assert dialog.windowTitle() == "欢迎使用 kjdesk"
    assert settings.language() == "zh_CN"


def test_without_demo_data_in_this_kjdesk_only_an_empty_start_is_offered(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(first_run, "demo_builder", lambda: None)
    dialog = FirstRunDialog(tmp_path / "new.sqlite")
    qtbot.addWidget(dialog)
    assert not dialog.demo.isEnabled() and dialog.empty.isChecked()
    assert not dialog.wants_demo()


def test_a_database_kjdesk_cannot_use_at_start_lets_the_user_choose_another(qtbot, tmp_path, monkeypatch,
                                                                           answer_dialog):
    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("create table notes (text)")
    other = tmp_path / "other.sqlite"
    monkeypatch.setattr(client, "choose_other_database", lambda: other)
    seen = answer_dialog(lambda box: (box.accept(), answer_dialog(lambda dialog: dialog.accept())))
    app, window = client.build_client(str(foreign))
    qtbot.addWidget(window)
    assert seen[0] == "无法打开数据库"  # the reason first (in the default language, Chinese)
    assert window.ctx.db_path == other and other.exists()
