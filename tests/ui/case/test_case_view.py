"""The case view offers exactly the actions the state allows, refuses bad input with the reason,
undoes only after confirmation, and follows a language switch."""
import datetime as dt

import pytest
from builders import application, bank, enterprise, recommended, walk
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from kjdesk import i18n
from kjdesk.db.models import Application, Event
from kjdesk.domain.errors import DomainError
from kjdesk.domain.timeline import EventType as E, Status, allowed_events
from kjdesk.ui.case.view import CaseView
from kjdesk.ui.context import AppContext

D = dt.date


@pytest.fixture
def ctx(session_factory, db_path):
    return AppContext(session_factory, db_path)


def make_view(qtbot, ctx, app_id):
    view = CaseView(ctx, app_id)
    qtbot.addWidget(view)
    return view


def at_bank(session_factory, recommended_on=D(2017, 2, 15)):
    with session_factory() as s, s.begin():
        bank(s, "B01")
        bank(s, "B02")
        return recommended(s, enterprise(s), "B01", recommended_on=recommended_on).id


@pytest.mark.parametrize("steps, status", [
    ([], Status.SUBMITTED),
    ([(D(2017, 1, 6), "preliminary_returned")], Status.PRELIMINARY_RETURNED),
    ([(D(2017, 1, 6), "preliminary_passed")], Status.PRELIMINARY_PASSED),
    ([(D(2017, 1, 6), "preliminary_passed"), (D(2017, 1, 9), "review_deferred")], Status.REVIEW_DEFERRED),
    ([(D(2017, 1, 6), "preliminary_passed"), (D(2017, 1, 9), "review_rejected")], Status.REVIEW_REJECTED),
])
def test_the_buttons_are_exactly_the_actions_the_state_allows(qtbot, ctx, session_factory, steps, status):
    with session_factory() as s, s.begin():
        app_id = walk(s, application(s, enterprise(s), D(2017, 1, 5)), steps).id
    view = make_view(qtbot, ctx, app_id)
    assert view.case.status is status
    assert list(view.buttons) == allowed_events(status)
    with pytest.raises(DomainError):
        view.action_dialog(E.BANK_APPROVED)


def test_a_refused_action_says_why_keeps_the_dialog_open_and_changes_nothing(qtbot, ctx, session_factory,
                                                                             monkeypatch):
    app_id = at_bank(session_factory)
    view = make_view(qtbot, ctx, app_id)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    dialog = view.action_dialog(E.BANK_APPROVED)
    dialog.amount.edit.setText("12.3456789")
    assert "more than 6 decimals" in dialog.amount.problem.text()    # shown while typing
    dialog.accept()
    assert "more than 6 decimals" in warnings[-1] and not dialog.recorded

    switch = view.action_dialog(E.BANK_SWITCHED)
    assert switch.bank.findData("B01") == -1                          # not the bank it is at
    switch.accept()
    assert warnings[-1] == "enter the reason" and not switch.recorded
    with session_factory() as s:
        assert s.query(Event).filter_by(application_id=app_id).count() == 5


def test_a_review_decision_needs_a_meeting_held_after_the_last_event(qtbot, ctx, session_factory):
    with session_factory() as s, s.begin():
        app_id = walk(s, application(s, enterprise(s), D(2017, 1, 5)), [(D(2017, 1, 6), "preliminary_passed")]).id
    dialog = make_view(qtbot, ctx, app_id).action_dialog(E.REVIEW_PASSED)
    assert dialog.meeting.count() == 0 and not dialog.no_meeting.isHidden()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()


def test_undo_asks_first_and_no_keeps_the_event(qtbot, ctx, session_factory, monkeypatch):
    app_id = at_bank(session_factory)
    view = make_view(qtbot, ctx, app_id)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text) or QMessageBox.No)
    view.ask_undo()
    assert "Recommended to bank" in asked[0] and view.case.status is Status.AT_BANK
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.Yes)
    view.ask_undo()
    assert view.case.status is Status.REVIEW_PASSED and view.case.bank_code is None


def test_the_submission_cannot_be_undone(qtbot, ctx, session_factory):
    with session_factory() as s, s.begin():
        app_id = application(s, enterprise(s), D(2017, 1, 5)).id
    assert not make_view(qtbot, ctx, app_id).undo_button.isEnabled()


def test_days_at_the_bank_count_to_the_databases_working_date_and_colour_the_line(qtbot, ctx, session_factory):
    from kjdesk.services.settings import WORKING_DATE, set_setting

    app_id = at_bank(session_factory, recommended_on=D(2017, 2, 15))
    with session_factory() as s, s.begin():
        set_setting(s, WORKING_DATE, "2017-05-20")   # as a demo database is frozen on its "today"
    view = make_view(qtbot, ctx, app_id)
    assert "94 days" in view.fact_values["bank"].text()
    assert "#b00020" in view.fact_values["bank"].styleSheet()       # past the 90-day line


def test_the_view_switches_language_live(qtbot, qtmodeltester, ctx, session_factory):
    view = make_view(qtbot, ctx, at_bank(session_factory))
    i18n.set_language("zh_CN")
    ctx.language_changed.emit("zh_CN")
    assert view.fact_values["status"].text() == Status.AT_BANK.label != "At bank, awaiting decision"
    assert view.buttons[E.BANK_SWITCHED].text() == "更换银行(&S)…"
    assert view.model.index(0, 1).data() == "企业申请"
    assert view.model.index(0, 0).data() == "2017年1月5日"
    qtmodeltester.check(view.model)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_every_action_a_state_allows_has_its_own_alt_key_apart_from_the_menus(lang):
    import re

    from kjdesk.ui.case.actions import ACTION_LABELS

    i18n.set_language(lang)
    for status in Status:
        keys = [re.search(r"&(\w)", i18n._(ACTION_LABELS[e])).group(1).upper() for e in allowed_events(status)]
        keys.append("U")  # Undo last action
        assert len(keys) == len(set(keys)), (status, keys)
        assert not set(keys) & {"F", "V", "H"}, (status, keys)   # File, View, Help


def test_a_site_visit_offers_the_specialists_of_the_cases_station(qtbot, ctx, session_factory):
    from builders import station

    from kjdesk.db.models import Specialist

    with session_factory() as s, s.begin():
        own, other = station(s, "S1"), station(s, "S2")
        s.add_all([Specialist(code="P1", name="本站专员", station_id=own.id),
                   Specialist(code="P2", name="外站专员", station_id=other.id)])
        app_id = walk(s, application(s, enterprise(s), D(2017, 1, 5), st=own),
                      [(D(2017, 1, 6), "preliminary_passed")]).id
    dialog = make_view(qtbot, ctx, app_id).action_dialog(E.INVESTIGATED)
    assert [dialog.specialist.itemText(i) for i in range(dialog.specialist.count())] == ["本站专员"]


def shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.focusWidget() is not None)
    return dialog


def test_typing_starts_where_the_action_needs_it(qtbot, ctx, session_factory):
    view = make_view(qtbot, ctx, at_bank(session_factory))
    view.show()
    # 银行否决 takes no amount: the reason is what the person types first
    for event, field in ((E.FOLLOWED_UP, "note"), (E.BANK_SWITCHED, "note"), (E.BANK_DECLINED, "note")):
        dialog = shown(qtbot, view.action_dialog(event))
        assert dialog.focusWidget() is getattr(dialog, field), event
        dialog.close()
    approve = shown(qtbot, view.action_dialog(E.BANK_APPROVED))
    assert approve.focusWidget() is approve.amount.edit


def test_a_disbursement_starts_on_the_amount_so_a_typed_amount_replaces_the_proposal(qtbot, ctx, session_factory):
    app_id = at_bank(session_factory)
    with session_factory() as s, s.begin():
        walk(s, s.get(Application, app_id), [(D(2017, 3, 1), "bank_approved", dict(bank_code="B01",
                                                                                   amount_fen=400_000_000))])
    view = make_view(qtbot, ctx, app_id)
    view.show()
    dialog = shown(qtbot, view.action_dialog(E.DISBURSED))
    date_before = dialog.date.date()
    qtbot.keyClicks(dialog.focusWidget(), "350")
    assert dialog.amount.edit.text() == "350" and dialog.date.date() == date_before
    dialog.done(0)   # (closing would ask about the typed amount)


def test_tab_tab_enter_in_a_follow_up_never_throws_the_note_away(qtbot, ctx, session_factory, answer_dialog):
    view = make_view(qtbot, ctx, at_bank(session_factory))
    view.show()
    dialog = shown(qtbot, view.action_dialog(E.FOLLOWED_UP))
    assert dialog.focusWidget() is dialog.note
    qtbot.keyClicks(dialog.note, "called the branch, decision next week")
    asked = answer_dialog(lambda question: question.reject())   # Esc on the question: keep editing
    for key in (Qt.Key_Tab, Qt.Key_Tab, Qt.Key_Return):
        qtbot.keyClick(dialog.focusWidget(), key)
    # Tab, Tab reach Cancel past Record: Enter there asks before discarding, and Esc on the question keeps it
    assert asked and dialog.isVisible() and dialog.note.toPlainText() == "called the branch, decision next week"
    dialog.done(0)


def test_esc_on_a_typed_reason_asks_and_discard_closes(qtbot, ctx, session_factory, answer_dialog):
    view = make_view(qtbot, ctx, at_bank(session_factory))
    view.show()
    dialog = shown(qtbot, view.action_dialog(E.BANK_DECLINED))
    qtbot.keyClicks(dialog.note, "no collateral")
    asked = answer_dialog(lambda question: question.reject())
    qtbot.keyClick(dialog.note, Qt.Key_Escape)
    assert asked and dialog.isVisible() and dialog.note.toPlainText() == "no collateral"

    def discard(question):
        [button] = [b for b in question.buttons() if question.buttonRole(b) == QMessageBox.DestructiveRole]
        button.click()

    answer_dialog(discard)
    qtbot.keyClick(dialog.note, Qt.Key_Escape)
    assert not dialog.isVisible()
    untouched = shown(qtbot, view.action_dialog(E.BANK_DECLINED))
    qtbot.keyClick(untouched.note, Qt.Key_Escape)   # nothing typed: closes without asking
    assert not untouched.isVisible()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_action_titles_carry_no_shortcut_marker(qtbot, ctx, session_factory, lang):
    import re

    view = make_view(qtbot, ctx, at_bank(session_factory))
    i18n.set_language(lang)
    for event in view.buttons:
        dialog = view.action_dialog(event)
        qtbot.addWidget(dialog)
        assert "&" not in dialog.windowTitle() and not re.search(r"\([A-Z]\)", dialog.windowTitle()), event
    i18n.set_language("en")


def test_chinese_dialogs_show_dates_like_the_lists(qtbot, ctx, session_factory):
    view = make_view(qtbot, ctx, at_bank(session_factory))
    from kjdesk.ui.language import apply_language

    apply_language("zh_CN", remember=False)
    dialog = view.action_dialog(E.FOLLOWED_UP)
    qtbot.addWidget(dialog)
    assert dialog.date.toolTip() == "不得早于最近一次事件（2017年2月15日）"
    assert dialog.date.text().endswith("日") and "-" not in dialog.date.text()


def test_a_chinese_review_decision_names_its_meetings_with_chinese_dates(qtbot, ctx, session_factory):
    from kjdesk.services.meetings import create_meeting
    from kjdesk.ui.language import apply_language

    with session_factory() as s, s.begin():
        app_id = walk(s, application(s, enterprise(s), D(2017, 1, 5)), [(D(2017, 1, 6), "preliminary_passed"),
                                                                        (D(2017, 1, 9), "investigated")]).id
        create_meeting(s, D(2017, 3, 2), "", "", "PS2017-09")
    apply_language("zh_CN", remember=False)
    dialog = make_view(qtbot, ctx, app_id).action_dialog(E.REVIEW_PASSED)
    qtbot.addWidget(dialog)
    assert dialog.meeting.currentText() == "PS2017-09 (2017年3月2日)"


def test_ctrl_z_in_the_shown_case_asks_to_undo(qtbot, ctx, session_factory, monkeypatch):
    from PySide6.QtGui import QKeySequence, QShortcut

    view = make_view(qtbot, ctx, at_bank(session_factory))
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text) or QMessageBox.No)
    [shortcut] = view.findChildren(QShortcut)
    # Window-wide, like the buttons' Alt keys (focus may be anywhere in the window); only the shown
    # case tab's shortcut is live.
    assert shortcut.key() == QKeySequence(QKeySequence.Undo) and shortcut.context() == Qt.WindowShortcut
    shortcut.activated.emit()
    assert asked and "Recommended to bank" in asked[0]


def test_the_applicant_is_edited_from_the_case_view(qtbot, ctx, session_factory, answer_dialog):
    view = make_view(qtbot, ctx, at_bank(session_factory))

    def rename(dialog):
        assert dialog.windowTitle() == "Edit enterprise"
        dialog.name.setText("上海改名科技有限公司")
        dialog.accept()

    answer_dialog(rename)
    view.edit_enterprise_button.click()
    assert view.fact_values["enterprise"].text() == "上海改名科技有限公司"
