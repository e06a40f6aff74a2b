"""The client asks who is working when the database has users, remembers it per database, names the
user and role in the status bar and offers only what the role may do."""
from __future__ import annotations

import pytest

from kjdesk import i18n
from kjdesk.db.audit import act_as
from kjdesk.services.users import save_user
from kjdesk.ui import settings
from kjdesk.ui.main_window import MainWindow


@pytest.fixture
def users(session_factory, cases):
    act_as(session_factory, "")
    with session_factory.write() as s:
        save_user(s, "经理", "manager")
    act_as(session_factory, "经理")
    with session_factory.write() as s:
        save_user(s, "王芳", "specialist", "ST01")


def open_window(qtbot, ctx, monkeypatch, answer, asked):
    def ask(names, remembered):
        asked.append((names, remembered))
        return answer
    monkeypatch.setattr(MainWindow, "ask_user", staticmethod(ask))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    return window


def test_without_users_nobody_is_asked_and_everything_is_offered(qtbot, ctx, monkeypatch):
    asked = []
    window = open_window(qtbot, ctx, monkeypatch, "x", asked)
    assert asked == [] and window.act_import.isEnabled() and window.act_new_application.isEnabled()
    assert window.user_label.text() == "Local user (no users yet)"


def test_a_specialist_is_asked_for_named_and_offered_a_specialists_work(qtbot, ctx, monkeypatch, users):
    asked = []
    window = open_window(qtbot, ctx, monkeypatch, "王芳", asked)
    assert asked == [(["王芳", "经理"], None)]
    assert window.user_label.text() == "User: 王芳 · Specialist"
    assert window.act_new_application.isEnabled() and not window.act_import.isEnabled()
    assert settings.user_for(ctx.db_path) == "王芳"
    i18n.set_language("zh_CN")
    window.retranslate()
    assert window.user_label.text() == "用户：王芳 · 专员"


def test_the_choice_is_remembered_for_the_database_and_a_cancel_offers_no_writes(qtbot, ctx, monkeypatch, users):
    settings.remember_user(ctx.db_path, "经理")
    asked = []
    window = open_window(qtbot, ctx, monkeypatch, None, asked)
    assert asked == [(["王芳", "经理"], "经理")]
    assert not window.act_new_application.isEnabled() and not window.act_new_enterprise.isEnabled()
    assert window.user_label.text() == "Nobody signed in"


def test_a_manager_adds_and_deactivates_users_in_the_users_dialog(qtbot, qtmodeltester, ctx, monkeypatch, users):
    from kjdesk.ui.users import UsersDialog

    window = open_window(qtbot, ctx, monkeypatch, "经理", [])
    assert window.act_users.isEnabled()
    dialog = window.show_users()
    assert isinstance(dialog, UsersDialog)
    qtmodeltester.check(dialog.model)
    add = dialog.add()
    add.name.setText("李雷")
    add.role.setCurrentIndex(add.role.findData("center_staff"))
    add.accept()
    names = [dialog.model.row_at(i).name for i in range(dialog.model.rowCount())]
    assert names == ["李雷", "王芳", "经理"]
    dialog.table.selectRow(0)
    dialog.deactivate()
    assert dialog.model.row_at(0).active is False
    qtmodeltester.check(dialog.model)


def test_a_specialist_is_not_offered_the_users_dialog(qtbot, ctx, monkeypatch, users):
    assert not open_window(qtbot, ctx, monkeypatch, "王芳", []).act_users.isEnabled()
