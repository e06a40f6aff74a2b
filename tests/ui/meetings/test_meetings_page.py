"""The meetings page: create a meeting, put the cases awaiting review on its agenda, and record every
decision in one place, all or nothing."""
import datetime as dt

import pytest
from builders import application, enterprise, walk
from PySide6.QtWidgets import QMessageBox

from kjdesk import i18n
from kjdesk.db.models import Application, Event
from kjdesk.domain.timeline import EventType as E
from kjdesk.ui.context import AppContext
from kjdesk.ui.meetings.page import MeetingsPage

D = dt.date


@pytest.fixture
def ctx(session_factory, db_path):
    return AppContext(session_factory, db_path)


@pytest.fixture
def cases(session_factory):
    """Three cases visited before 2017-03-10, one visited after it."""
    ids = {}
    with session_factory() as s, s.begin():
        for name, visited in (("甲", D(2017, 3, 1)), ("乙", D(2017, 3, 2)), ("丙", D(2017, 3, 3)),
                              ("丁", D(2017, 3, 20))):
            app = application(s, enterprise(s, name=name), D(2017, 2, 1))
            app.requested_fen = 300_000_000
            walk(s, app, [(D(2017, 2, 5), "preliminary_passed"), (visited, "investigated")])
            ids[name] = app.id
    return ids


def new_meeting(page, date, members="张主任, 李经理", minutes="同意推荐甲"):
    dialog = page.new_meeting()
    dialog.date.setDate(date)
    dialog.members.setText(members)
    dialog.minutes.setPlainText(minutes)
    dialog.accept()
    return dialog.meeting_id


def test_a_meeting_decides_its_agenda_in_one_place(qtbot, qtmodeltester, ctx, cases, session_factory):
    page = MeetingsPage(ctx)
    qtbot.addWidget(page)
    page.today = lambda: D(2017, 3, 10)
    meeting_id = new_meeting(page, D(2017, 3, 10))
    assert page.current_meeting().id == meeting_id and page.current_meeting().code == "PS2017-01"

    agenda = page.decide()
    # Only cases awaiting review by the meeting's date are offered; 丁 was visited after it.
    assert sorted(c.enterprise for c in agenda.cases) == ["丙", "乙", "甲"]
    agenda.set_decision(cases["甲"], E.REVIEW_PASSED)
    assert agenda.amounts[0].text() == "300"                      # the requested amount is proposed
    agenda.set_decision(cases["甲"], E.REVIEW_PASSED, amount="280.5")
    agenda.set_decision(cases["乙"], E.REVIEW_DEFERRED, note="补充财务报表")
    agenda.accept()

    row = page.current_meeting()
    assert (row.passed, row.deferred, row.rejected) == (1, 1, 0)
    shown = {page.decisions_model.index(r, 1).data(): tuple(page.decisions_model.index(r, c).data() for c in (2, 3, 4))
             for r in range(page.decisions_model.rowCount())}
    assert shown == {"甲": ("Review meeting: passed", "280.5", ""),
                     "乙": ("Review meeting: deferred", "", "补充财务报表")}
    with session_factory() as s:
        assert s.get(Application, cases["丙"]).status == "investigated"   # left for a later meeting
        assert {e.date for e in s.query(Event).filter_by(meeting_id=meeting_id)} == {D(2017, 3, 10)}
    qtmodeltester.check(page.meetings_model)
    qtmodeltester.check(page.decisions_model)


def test_one_bad_decision_records_none_of_them(qtbot, ctx, cases, session_factory, monkeypatch):
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    page = MeetingsPage(ctx)
    qtbot.addWidget(page)
    new_meeting(page, D(2017, 3, 10))
    agenda = page.decide()
    agenda.set_decision(cases["甲"], E.REVIEW_REJECTED)
    agenda.set_decision(cases["乙"], E.REVIEW_PASSED, amount="12.3456789")
    agenda.accept()
    assert "more than 6 decimals" in warned[0] and agenda.isVisible()
    with session_factory() as s:
        assert s.query(Event).filter(Event.meeting_id.isnot(None)).count() == 0


def test_a_deferred_case_returns_on_a_later_meetings_agenda(qtbot, ctx, cases):
    page = MeetingsPage(ctx)
    qtbot.addWidget(page)
    new_meeting(page, D(2017, 3, 10))
    first = page.decide()
    first.set_decision(cases["甲"], E.REVIEW_DEFERRED)
    first.accept()
    new_meeting(page, D(2017, 4, 10))
    later = page.decide()
    assert cases["甲"] in [c.app_id for c in later.cases] and len(later.cases) == 4


def test_members_and_minutes_can_be_completed_later(qtbot, ctx):
    page = MeetingsPage(ctx)
    qtbot.addWidget(page)
    new_meeting(page, D(2017, 3, 10), members="", minutes="")
    edit = page.edit_meeting()
    assert not edit.date.isEnabled()
    edit.members.setText("王委员")
    edit.accept()
    assert page.detail_members.text() == "Members: 王委员"


def test_the_page_switches_language_live(qtbot, ctx):
    page = MeetingsPage(ctx)
    qtbot.addWidget(page)
    new_meeting(page, D(2017, 3, 10))
    i18n.set_language("zh_CN")
    ctx.language_changed.emit("zh_CN")
    assert page.new_button.text() == "新建评审会(&N)…"
    assert page.meetings_model.headerData(1, 1) == "日期"
    assert page.detail_title.text().startswith("评审会 PS2017-01，2017年3月10日")


def test_enter_on_a_decided_case_opens_it(qtbot, ctx, cases):
    from PySide6.QtCore import Qt

    page = MeetingsPage(ctx)
    qtbot.addWidget(page)
    new_meeting(page, D(2017, 3, 10))
    agenda = page.decide()
    agenda.set_decision(cases["甲"], E.REVIEW_REJECTED)
    agenda.accept()
    page.decisions_table.setCurrentIndex(page.decisions_model.index(0, 0))
    with qtbot.waitSignal(ctx.open_case) as opened:
        qtbot.keyClick(page.decisions_table, Qt.Key_Return)
    assert opened.args == [cases["甲"]]
