"""A new subsidy case: eligibility and the computed subsidy show as the person types; OK registers it."""
from __future__ import annotations

import datetime as dt

import pytest
from builders import bank, disbursed, enterprise
from PySide6.QtCore import QDate

from kjdesk.services.subsidies import case_by_ref
from kjdesk.ui.subsidy_new import NewSubsidyCaseDialog

D = dt.date


@pytest.fixture
def ents(session_factory):
    with session_factory() as s, s.begin():
        bio = enterprise(s, name="上海甲生物医药有限公司")
        sme = enterprise(s, name="上海乙科技有限公司")
        sme.qualifications = "tech_sme"
        bank(s, "B9")
        loan = disbursed(s, sme, "B9", D(2017, 3, 1))
        return bio.credit_code, sme.credit_code, loan.ref


@pytest.fixture
def form(qtbot, ctx, ents):
    d = NewSubsidyCaseDialog(ctx, today=D(2018, 3, 31))
    qtbot.addWidget(d)
    return d


def fill(form, program, search, base="", started=D(2018, 1, 5)):
    form.program.setCurrentIndex(form.program.findData(program))
    form.search.setText(search)
    form.find_enterprises()
    form.base.edit.setText(base)
    form.started.setDate(QDate(started.year, started.month, started.day))
    form.check()


def test_a_policy_outside_the_window_is_not_eligible_and_the_form_says_why_as_the_person_types(form, ents):
    fill(form, "clinical_trial_liability", ents[0], "120.5", started=D(2017, 11, 30))
    assert "outside the window of Clinical-trial liability insurance subsidy" in form.eligibility.text()
    assert form.subsidy.text() == "min(120.5 × 50 %, 50) = 50 (10k CNY)"


def test_the_class_is_asked_for_and_once_chosen_the_case_is_eligible(form, ents):
    fill(form, "clinical_trial_liability", ents[0], "30")
    assert "class “—” is not one of" in form.eligibility.text()
    form.klass.setCurrentIndex(form.klass.findData("drug_class_1"))
    form.check()
    assert form.eligibility.text() == "eligible"
    assert form.subsidy.text() == "min(30 × 50 %, 50) = 15 (10k CNY)"


def test_a_missing_qualification_is_named(form, ents):
    fill(form, "innovation_voucher", ents[0], "10")
    assert "Innovation voucher requires the qualifications Tech SME, which the enterprise lacks" in form.eligibility.text()
    fill(form, "innovation_voucher", ents[1], "10")
    assert form.eligibility.text() == "eligible"


def test_a_premium_subsidy_asks_for_its_loan(form, ents):
    fill(form, "performance_loan_premium", ents[1], "10", started=D(2017, 3, 1))
    assert form.loan.isVisibleTo(form) and not form.klass.isVisibleTo(form)
    assert "name the loan" in form.eligibility.text()
    form.loan.setText(ents[2])
    form.check()
    assert form.eligibility.text() == "eligible"


def test_ok_registers_the_case(form, ents, session_factory):
    fill(form, "innovation_voucher", ents[1], "10")
    form.by.setText("王芳")
    form.accept()
    assert form.result() == NewSubsidyCaseDialog.DialogCode.Accepted
    with session_factory() as s:
        case = case_by_ref(s, form.ref)
        assert (case.status, case.subsidy_fen, case.history[0].by) == ("submitted", 50_000_00, "王芳")


def test_ok_on_a_case_not_eligible_registers_nothing(form, ents, answer_dialog, session_factory):
    fill(form, "innovation_voucher", ents[0], "10")
    seen = answer_dialog(lambda box: box.accept())
    form.accept()
    assert seen == ["New subsidy case"] and form.ref is None
