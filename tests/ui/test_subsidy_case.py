"""The subsidy case view: the program's terms, the formula in numbers, the history with who and when,
only the steps the status allows, and undo of the last step after a confirmation."""
from __future__ import annotations

import datetime as dt

import pytest
from builders import enterprise
from PySide6.QtWidgets import QLabel, QMessageBox

from kjdesk.services.subsidies import case_by_ref, register_case, take_step
from kjdesk.ui.subsidy_case import SubsidyCaseDialog

D = dt.date
WAN = 1_000_000


@pytest.fixture
def case_id(session_factory):
    """A clinical-trial insurance case of 120.5 万元 premium (50 %, capped at 50 万元), accepted."""
    with session_factory() as s, s.begin():
        ent = enterprise(s, name="上海甲生物医药有限公司")
        case = register_case(s, program="clinical_trial_liability", credit_code=ent.credit_code,
                             base_fen=120_500_000, started=D(2018, 1, 5), submitted=D(2018, 1, 10), by="王芳",
                             class_code="drug_class_1", policy_no="PSHA2018", insurer="太保", ref="S1")
        take_step(s, case.ref, "accepted", D(2018, 1, 12), by="浦东工作站")
        return case.id


@pytest.fixture
def dialog(qtbot, ctx, case_id):
    d = SubsidyCaseDialog(ctx, case_id)
    qtbot.addWidget(d)
    return d


def texts(form) -> dict[str, str]:
    out = {}
    for row in range(form.rowCount()):
        label = form.itemAt(row, form.ItemRole.LabelRole).widget()
        field = form.itemAt(row, form.ItemRole.FieldRole).widget()
        out[label.text()] = field.text() if isinstance(field, QLabel) else None
    return out


def test_the_history_model_passes_qt_model_tests(qtmodeltester, dialog):
    qtmodeltester.check(dialog.history_model)


def test_the_view_shows_the_terms_and_the_formula_in_numbers(dialog):
    terms, case = texts(dialog.terms), texts(dialog.details)
    assert terms["Rate"] == "50 %" and terms["Cap per case"] == "50 (10k CNY)"
    assert terms["Window"] == "Dec 1, 2017 to Dec 31, 2019"
    assert case["Computed subsidy"] == "min(120.5 × 50 %, 50) = 50 (10k CNY)"
    assert case["Policy"] == "PSHA2018 · 太保"


def test_the_history_says_who_did_each_step_and_when(dialog):
    m = dialog.history_model
    rows = [[m.index(r, c).data() for c in range(3)] for r in range(m.rowCount())]
    assert rows == [["Jan 10, 2018", "Submitted", "王芳"], ["Jan 12, 2018", "Accepted by the station", "浦东工作站"]]


def test_only_the_steps_the_status_allows_are_offered(dialog):
    assert list(dialog.action_buttons) == ["expert_review", "rejected"]


def test_an_action_records_its_step_and_the_view_shows_it(dialog, answer_dialog, session_factory):
    def review(step):
        assert [step.status.itemData(i) for i in range(step.status.count())] == ["expert_review"]
        step.date.setDate(step.date.date().fromString("2018-02-05", "yyyy-MM-dd"))
        step.by.setText("生物医药促进中心")
        step.accept()

    seen = answer_dialog(review)
    assert dialog.take_step("expert_review")
    assert seen == ["Next step of S1"]
    assert list(dialog.action_buttons) == ["approved", "rejected"]
    assert dialog.history_model.index(2, 2).data() == "生物医药促进中心"


def test_undo_asks_first_and_no_keeps_the_step(dialog, monkeypatch, session_factory):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    dialog.ask_undo()
    assert asked == ["Remove the last step of S1, “Accepted by the station” of Jan 12, 2018?"]
    with session_factory() as s:
        assert case_by_ref(s, "S1").status == "accepted"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.ask_undo()
    with session_factory() as s:
        assert case_by_ref(s, "S1").status == "submitted"
    assert list(dialog.action_buttons) == ["accepted", "returned", "rejected"]
    assert not dialog.undo_button.isEnabled()  # the submission stays


def test_an_approval_past_the_budget_asks_first_and_no_leaves_the_case_in_review(
        dialog, answer_dialog, monkeypatch, session_factory):
    from kjdesk.db.models import SubsidyProgram

    with session_factory() as s, s.begin():
        s.get(SubsidyProgram, "clinical_trial_liability").budget_fen = 40_000_000  # 40 万元, the case asks 50
        take_step(s, "S1", "expert_review", D(2018, 2, 1), by="中心")
    dialog.reload()
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a[2]) or QMessageBox.StandardButton.No)

    def approve(step):
        step.date.setDate(step.date.date().fromString("2018-03-01", "yyyy-MM-dd"))
        step.accept()          # asks about the budget; No keeps the form open
        asked_then = list(asked)
        step.done(0)
        assert asked_then

    answer_dialog(approve)
    assert not dialog.take_step("approved")
    assert "passes its budget of 40 (10k CNY)" in asked[0] and "approving 50 (10k CNY) more" in asked[0]
    with session_factory() as s:
        assert case_by_ref(s, "S1").status == "expert_review"
