"""A loan case driven through the client as a specialist would: from the application form through
review, recommendation, a stalled bank, a follow-up and a bank switch to approval."""
import datetime as dt

import pytest
from builders import bank, credit_code, station
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from kjdesk.db.models import Specialist
from kjdesk.domain.timeline import EventType as E, Status, allowed_events
from kjdesk.services.aging import aging_list
from kjdesk.services.worklist import follow_up_ids, stalled_ids, stalled_rows
from kjdesk.ui.case.view import CaseView
from kjdesk.ui.context import AppContext
from kjdesk.ui.forms.application import ApplicationDialog
from kjdesk.ui.forms.enterprise import EnterpriseDialog
from kjdesk.ui.meetings.page import MeetingsPage
from kjdesk.ui.worklist import WorkListPage

D = dt.date


@pytest.fixture
def ctx(session_factory, db_path, qtbot):
    with session_factory() as s, s.begin():
        st = station(s, "ST01")
        s.add(Specialist(code="SP01", name="王晓明", station_id=st.id))
        bank(s, "B01")
        bank(s, "B02")
    return AppContext(session_factory, db_path)


def act(qtbot, view, event, date=None, **fields):
    """Click the action's button, fill its dialog and press Record."""
    qtbot.mouseClick(view.buttons[event], Qt.LeftButton)
    dialog = view.dialog
    assert dialog.isVisible()
    if date is not None:
        dialog.set_date(date)
    if "bank" in fields:
        dialog.bank.setCurrentIndex(dialog.bank.findData(fields["bank"]))
    if "amount" in fields:
        dialog.amount.edit.setText(fields["amount"])
    if "note" in fields:
        dialog.note.setPlainText(fields["note"])
    if "meeting" in fields:
        dialog.meeting.setCurrentIndex(dialog.meeting.findData(fields["meeting"]))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.recorded, "the action was refused"
    return dialog


def shown_timeline(view):
    model = view.model
    return [tuple(model.index(r, c).data() for c in range(model.columnCount())) for r in range(model.rowCount())]


def work_list_rows(qtbot, ctx, as_of):
    """The rows the work list's first section (cases past the warning lines) shows on ``as_of``."""
    page = WorkListPage(ctx, as_of=as_of)
    qtbot.addWidget(page)
    model = page.model
    return page, [[str(model.index(r, c).data()) for c in range(model.columnCount())] for r in range(model.rowCount())]


def submit_application(qtbot, ctx):
    enterprise = EnterpriseDialog(ctx)
    qtbot.addWidget(enterprise)
    code = credit_code()
    enterprise.code.setText(code)
    enterprise.name.setText("上海星辰智能科技有限公司")
    enterprise.district.setCurrentIndex(enterprise.district.findData("xuhui"))
    enterprise.quals["high_tech"].setChecked(True)
    enterprise.accept()
    assert enterprise.result() == EnterpriseDialog.Accepted

    form = ApplicationDialog(ctx, today=D(2017, 1, 5))
    qtbot.addWidget(form)
    form.search.setText("星辰")
    qtbot.waitUntil(lambda: form.enterprise.currentData() == enterprise.enterprise_id, timeout=2000)
    form.product.setCurrentIndex(form.product.findData("performance_loan"))
    form.station.setCurrentIndex(0)
    form.specialist.setCurrentIndex(form.specialist.findText("王晓明"))
    form.amount.edit.setText("500")
    form.first_loan.setChecked(True)
    with qtbot.waitSignal(ctx.open_case) as opened:
        form.buttons.button(form.buttons.StandardButton.Ok).click()
    assert opened.args == [form.app_id]
    return form.app_id


def test_a_case_from_submission_through_a_stalled_bank_and_a_switch_to_approval(qtbot, qtmodeltester, ctx,
                                                                                 session_factory, monkeypatch):
    app_id = submit_application(qtbot, ctx)
    view = CaseView(ctx, app_id)
    qtbot.addWidget(view)
    view.show()
    view.today = lambda: D(2017, 4, 20)
    assert view.case.status is Status.SUBMITTED and view.case.requested_fen == 500_000_000

    act(qtbot, view, E.PRELIMINARY_PASSED, D(2017, 1, 8))
    visit = act(qtbot, view, E.INVESTIGATED, D(2017, 1, 15))
    assert visit.specialist.currentText() == "王晓明"   # the case's specialist is proposed

    meetings = MeetingsPage(ctx)
    qtbot.addWidget(meetings)
    new = meetings.new_meeting()
    new.date.setDate(D(2017, 2, 10))
    new.members.setText("张主任, 李经理")
    new.accept()
    act(qtbot, view, E.REVIEW_PASSED, meeting=new.meeting_id, amount="480")
    recommend = act(qtbot, view, E.RECOMMENDED, D(2017, 2, 15), bank="B01")
    assert recommend.amount.fen() == 480_000_000          # the amount that passed review is proposed
    assert view.case.status is Status.AT_BANK

    # 64 days at B01 without its decision: past the 60-day line, a follow-up is due this month.
    with session_factory() as s:
        assert stalled_ids(s, D(2017, 4, 20)) == [app_id] == follow_up_ids(s, D(2017, 4, 20))
        row = stalled_rows(s, [app_id], D(2017, 4, 20))[app_id]
        assert (row.bank.key, row.days, row.level) == ("B01", 64, 60)
    page, rows = work_list_rows(qtbot, ctx, D(2017, 4, 20))
    assert len(rows) == 1 and view.case.ref in rows[0] and "64" in rows[0]
    with qtbot.waitSignal(ctx.open_case) as opened:      # one click on the work list opens the case
        first_row = page.table.visualRect(page.model.index(0, 0)).center()
        qtbot.mouseClick(page.table.viewport(), Qt.LeftButton, pos=first_row)
    assert opened.args == [app_id]
    assert "64 days" in view.fact_values["bank"].text()

    act(qtbot, view, E.FOLLOWED_UP, D(2017, 4, 20), note="银行称仍在审批，建议更换银行")
    with session_factory() as s:
        assert follow_up_ids(s, D(2017, 4, 24)) == []          # followed up this month
        assert stalled_ids(s, D(2017, 4, 24)) == [app_id]       # but still past the line

    act(qtbot, view, E.BANK_SWITCHED, D(2017, 4, 25), bank="B02", note="B01 审批过慢")
    assert (view.case.bank_code, view.case.bank_since) == ("B02", D(2017, 4, 25))
    with session_factory() as s:
        # As of the day before the switch the case was 68 days at B01; the switch restarts the
        # clock at B02, so the work list is clear until B02 too takes 30 days.
        assert [(r.bank_code, r.days) for r in aging_list(s, D(2017, 4, 24))] == [("B01", 68)]
        assert stalled_ids(s, D(2017, 4, 26)) == []
        assert [(r.bank_code, r.days, r.level) for r in aging_list(s, D(2017, 5, 25))] == [("B02", 30, 30)]
    assert work_list_rows(qtbot, ctx, D(2017, 4, 26))[1] == []
    rows = work_list_rows(qtbot, ctx, D(2017, 5, 25))[1]
    assert len(rows) == 1 and "30" in rows[0] and any("B02" in cell for cell in rows[0])

    approve = act(qtbot, view, E.BANK_APPROVED, D(2017, 5, 10), amount="450")
    assert approve.bank is None                               # the bank deciding is the case's bank
    assert view.case.status is Status.BANK_APPROVED
    assert (view.fact_values["passed"].text(), view.fact_values["approved"].text()) == (
        "480 (10k CNY)", "450 (10k CNY)")
    assert work_list_rows(qtbot, ctx, D(2017, 6, 30))[1] == []

    assert shown_timeline(view) == [
        ("Jan 5, 2017", "Application submitted", "", "", "王晓明", ""),
        ("Jan 8, 2017", "Preliminary review passed", "", "", "", ""),
        ("Jan 15, 2017", "Pre-loan site visit", "", "", "王晓明", ""),
        ("Feb 10, 2017", "Review meeting: passed", "", "480", "review meeting PS2017-01", ""),
        ("Feb 15, 2017", "Recommended to bank", "Bank B01 (B01)", "480", "", ""),
        ("Apr 20, 2017", "Follow-up with bank", "Bank B01 (B01)", "", "王晓明", "银行称仍在审批，建议更换银行"),
        ("Apr 25, 2017", "Switched bank", "Bank B02 (B02)", "", "", "B01 审批过慢"),
        ("May 10, 2017", "Bank approved", "Bank B02 (B02)", "450", "", ""),
    ]
    assert list(view.buttons) == allowed_events(Status.BANK_APPROVED)
    qtmodeltester.check(view.model)

    # The approval was a mistake: undo it (after confirming) and the case is back at B02.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    qtbot.mouseClick(view.undo_button, Qt.LeftButton)
    assert view.case.status is Status.AT_BANK and view.case.bank_code == "B02"
    assert len(shown_timeline(view)) == 7
    assert list(view.buttons) == allowed_events(Status.AT_BANK)
