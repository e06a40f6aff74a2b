"""The case view offers the steps the product's path and the state allow, plus Withdraw and Delete;
Delete asks first, naming the case; an approval above the recommendation is confirmed before saving."""
import datetime as dt

import pytest
from builders import application, bank, enterprise, recommended
from PySide6.QtWidgets import QMessageBox

from kjdesk.db.models import Application, Event
from kjdesk.domain.timeline import EventType as E
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


def new_case(session_factory, product):
    with session_factory() as s, s.begin():
        bank(s, "B01", microloan=True)
        return application(s, enterprise(s), D(2017, 1, 5), product=product, ref="WD20170001").id


def test_a_micro_loan_just_submitted_offers_the_recommendation_and_withdraw(qtbot, ctx, session_factory):
    view = make_view(qtbot, ctx, new_case(session_factory, "micro_loan"))
    assert list(view.buttons) == [E.PRELIMINARY_PASSED, E.PRELIMINARY_RETURNED, E.INVESTIGATED, E.REVIEW_PASSED,
                                  E.REVIEW_DEFERRED, E.REVIEW_REJECTED, E.RECOMMENDED, E.WITHDRAWN]
    assert view.delete_button.isEnabled()


def test_a_performance_loan_just_submitted_offers_only_its_preliminary_review_and_withdraw(
        qtbot, ctx, session_factory):
    view = make_view(qtbot, ctx, new_case(session_factory, "performance_loan"))
    assert list(view.buttons) == [E.PRELIMINARY_PASSED, E.PRELIMINARY_RETURNED, E.WITHDRAWN]


def test_a_case_at_a_bank_cannot_be_withdrawn_or_deleted(qtbot, ctx, session_factory):
    with session_factory() as s, s.begin():
        bank(s, "B01")
        app_id = recommended(s, enterprise(s), "B01").id
    view = make_view(qtbot, ctx, app_id)
    assert E.WITHDRAWN not in view.buttons and not view.delete_button.isEnabled()


@pytest.mark.parametrize("answer, kept", [(QMessageBox.No, 1), (QMessageBox.Yes, 0)])
def test_delete_asks_first_naming_the_case(qtbot, ctx, session_factory, monkeypatch, answer, kept):
    view = make_view(qtbot, ctx, new_case(session_factory, "micro_loan"))
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text) or answer)
    view.delete_button.click()
    assert "WD20170001" in asked[0]
    with session_factory() as s:
        assert s.query(Application).count() == kept
    assert (view.case is None) == (kept == 0)


def test_a_withdrawal_is_recorded_from_its_dialog(qtbot, ctx, session_factory):
    view = make_view(qtbot, ctx, new_case(session_factory, "micro_loan"))
    dialog = view.action_dialog(E.WITHDRAWN)
    dialog.set_date(D(2017, 1, 9))
    dialog.note.setPlainText("企业撤回申请")
    dialog.accept()
    assert dialog.recorded and view.case.status.value == "withdrawn" and list(view.buttons) == []


@pytest.mark.parametrize("answer, recorded", [(QMessageBox.No, False), (QMessageBox.Yes, True)])
def test_an_approval_above_the_recommendation_is_confirmed_before_saving(qtbot, ctx, session_factory, monkeypatch,
                                                                         answer, recorded):
    with session_factory() as s, s.begin():
        bank(s, "B01")
        app_id = recommended(s, enterprise(s), "B01", amount=1_000_000_000).id
    view = make_view(qtbot, ctx, app_id)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text) or answer)
    dialog = view.action_dialog(E.BANK_APPROVED)
    dialog.set_date(D(2017, 3, 1))
    dialog.amount.edit.setText("1000.005")
    dialog.accept()
    assert "the approved amount 1000.005 (10k CNY) is above the recommended 1000 (10k CNY)" in asked[0]
    assert dialog.recorded is recorded
    with session_factory() as s:
        assert (s.query(Event).filter_by(type="bank_approved").count() == 1) is recorded
