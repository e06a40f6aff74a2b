"""A subsidy case (DOMAIN.md "The subsidy case"): submitted → accepted or returned for material →
expert review → approved or rejected → paid; each step dated, with who, kept as history."""
from __future__ import annotations

import datetime as dt

import pytest
from builders import bank, disbursed, enterprise
from sqlalchemy import func, select

from kjdesk.db import models as m
from kjdesk.domain.errors import DomainError
from kjdesk.domain.subsidy import amount_in_wan
from kjdesk.services.subsidies import register_case, take_step, undo_last_step

D = dt.date
WAN = 1_000_000


@pytest.fixture
def biotech(session):
    with session.begin():
        ent = enterprise(session, name="上海甲生物医药有限公司")
        ent.qualifications = "high_tech,tech_sme"
    return ent


def _clinical(session, ent, **kw):
    args = dict(program="clinical_trial_liability", credit_code=ent.credit_code, base_fen=30 * WAN,
                started=D(2018, 1, 5), submitted=D(2018, 1, 10), by="王芳", class_code="drug_class_1",
                policy_no="PSHA2018", insurer="太保")
    args.update(kw)
    return register_case(session, **args)


def _history(case):
    return [(h.status, h.date, h.by) for h in case.history]


def test_a_case_goes_from_submission_to_payment_with_every_step_kept(session, biotech):
    with session.begin():
        case = _clinical(session, biotech)
        assert case.subsidy_fen == 15 * WAN and case.ref == "BT20180001"
        take_step(session, case.ref, "accepted", D(2018, 1, 12), by="王芳")
        take_step(session, case.ref, "expert_review", D(2018, 2, 1), by="生物医药促进中心")
        take_step(session, case.ref, "approved", D(2018, 3, 1), by="市科创中心")
        take_step(session, case.ref, "paid", D(2018, 4, 1), by="财务", batch="2018-04")
    assert (case.status, case.approved_fen, case.batch) == ("paid", 15 * WAN, "2018-04")
    assert _history(case) == [("submitted", D(2018, 1, 10), "王芳"), ("accepted", D(2018, 1, 12), "王芳"),
                              ("expert_review", D(2018, 2, 1), "生物医药促进中心"),
                              ("approved", D(2018, 3, 1), "市科创中心"), ("paid", D(2018, 4, 1), "财务")]


def test_a_case_returned_for_material_is_resubmitted_and_then_accepted(session, biotech):
    with session.begin():
        case = _clinical(session, biotech)
        take_step(session, case.ref, "returned", D(2018, 1, 11), by="王芳", reason="缺保单复印件")
        take_step(session, case.ref, "submitted", D(2018, 1, 20), by="企业")
        take_step(session, case.ref, "accepted", D(2018, 1, 22), by="王芳")
    assert [h.status for h in case.history] == ["submitted", "returned", "submitted", "accepted"]
    assert case.history[1].note == "缺保单复印件"


def test_a_step_out_of_order_is_refused_naming_the_current_status(session, biotech):
    with session.begin():
        case = _clinical(session, biotech)
    with pytest.raises(DomainError, match="cannot go from “submitted” to “approved”"):
        take_step(session, case.ref, "approved", D(2018, 2, 1), by="x")
    assert case.status == "submitted" and len(case.history) == 1


@pytest.mark.parametrize("status", ["rejected", "returned"])
def test_a_rejection_or_a_return_without_a_reason_is_refused(session, biotech, status):
    with session.begin():
        case = _clinical(session, biotech)
    with pytest.raises(DomainError, match="needs a reason"):
        take_step(session, case.ref, status, D(2018, 2, 1), by="x", reason="  ")


def _in_review(session, ent):
    case = _clinical(session, ent)
    take_step(session, case.ref, "accepted", D(2018, 1, 12), by="a")
    take_step(session, case.ref, "expert_review", D(2018, 2, 1), by="b")
    return case


def test_an_approval_above_the_computed_subsidy_is_refused(session, biotech):
    with session.begin():
        case = _in_review(session, biotech)
    with pytest.raises(DomainError, match=r"above the computed subsidy 15 \(10k CNY\)"):
        take_step(session, case.ref, "approved", D(2018, 3, 1), by="c", amount_fen=15 * WAN + 1)


def test_an_approval_below_the_computed_subsidy_needs_a_reason(session, biotech):
    with session.begin():
        case = _in_review(session, biotech)
    with pytest.raises(DomainError, match="needs a reason"):
        take_step(session, case.ref, "approved", D(2018, 3, 1), by="c", amount_fen=10 * WAN)
    take_step(session, case.ref, "approved", D(2018, 3, 1), by="c", amount_fen=10 * WAN, reason="部分费用不予支持")
    assert (case.approved_fen, case.reason) == (10 * WAN, "部分费用不予支持")


def test_a_rejected_case_keeps_its_reason_and_takes_no_further_step(session, biotech):
    with session.begin():
        case = _in_review(session, biotech)
        take_step(session, case.ref, "rejected", D(2018, 3, 1), by="c", reason="非创新药")
    assert case.reason == "非创新药"
    with pytest.raises(DomainError, match="from “rejected”"):
        take_step(session, case.ref, "approved", D(2018, 3, 2), by="c")


def test_a_step_dated_before_the_last_one_or_after_today_is_refused(session, biotech):
    with session.begin():
        case = _clinical(session, biotech)
    with pytest.raises(DomainError, match="submitted since Jan 10, 2018"):
        take_step(session, case.ref, "accepted", D(2018, 1, 9), by="x")
    with pytest.raises(DomainError, match="after today"):
        take_step(session, case.ref, "accepted", dt.date.today() + dt.timedelta(days=1), by="x")


def test_a_payment_needs_its_batch(session, biotech):
    with session.begin():
        case = _in_review(session, biotech)
        take_step(session, case.ref, "approved", D(2018, 3, 1), by="c")
    with pytest.raises(DomainError, match="needs its batch"):
        take_step(session, case.ref, "paid", D(2018, 4, 1), by="d")


def test_a_policy_starting_outside_the_window_is_not_eligible_and_the_case_says_why(session, biotech):
    with pytest.raises(DomainError, match="arose on Nov 30, 2017, outside the window of Clinical-trial liability insurance subsidy \\(Dec 1, 2017 to Dec 31, 2019\\)"):
        _clinical(session, biotech, started=D(2017, 11, 30))
    assert session.scalar(select(func.count()).select_from(m.SubsidyCase)) == 0


def test_a_class_the_program_does_not_list_is_not_eligible(session, biotech):
    with pytest.raises(DomainError, match="class “device_class_2” is not one of"):
        _clinical(session, biotech, class_code="device_class_2")


def test_in_chinese_a_refusal_names_the_program_and_the_qualification_in_chinese(session):
    from kjdesk import i18n

    with session.begin():
        ent = enterprise(session)
    i18n.set_language("zh_CN")
    with pytest.raises(DomainError) as refused:
        register_case(session, program="innovation_voucher", credit_code=ent.credit_code, base_fen=10 * WAN,
                      started=D(2018, 1, 5), submitted=D(2018, 1, 10), by="x")
    assert str(refused.value) == "不符合条件：科技创新券要求企业具有科技型中小企业资质，该企业不具备"


def test_an_enterprise_without_the_required_qualification_is_not_eligible(session):
    with session.begin():
        ent = enterprise(session)
    with pytest.raises(DomainError, match="Innovation voucher requires the qualifications Tech SME, which the enterprise lacks"):
        register_case(session, program="innovation_voucher", credit_code=ent.credit_code, base_fen=10 * WAN,
                      started=D(2018, 1, 5), submitted=D(2018, 1, 10), by="x")


def test_a_premium_subsidy_names_a_performance_loan_of_the_same_enterprise(session):
    with session.begin():
        bank(session, "B1")
        ent = enterprise(session)
        loan = disbursed(session, ent, "B1", D(2018, 3, 1))
        micro = disbursed(session, ent, "B1", D(2018, 3, 1), product="micro_loan")
    args = dict(program="performance_loan_premium", credit_code=ent.credit_code, base_fen=10 * WAN,
                started=D(2018, 3, 1), submitted=D(2018, 3, 10), by="x")
    with pytest.raises(DomainError, match="name the loan"):
        register_case(session, **args)
    with pytest.raises(DomainError, match="the loan is of the product Tech micro-loan, and Performance-loan premium subsidy is for Performance-guarantee loan"):
        register_case(session, **args, loan_ref=micro.ref)
    case = register_case(session, **args, loan_ref=loan.ref, insured_fen=500 * WAN)
    session.commit()
    assert (case.application_id, case.insured_fen) == (loan.id, 500 * WAN)
    with pytest.raises(DomainError, match="already has the case"):
        register_case(session, **args, loan_ref=loan.ref)


@pytest.mark.parametrize("base, message", [(-1, "premium cannot be negative"),
                                           (10**9 * WAN + 1, r"premium is above 1000000000 \(10k CNY\)")])
def test_a_premium_negative_or_above_a_billion_yuan_is_refused_naming_it(session, biotech, base, message):
    with pytest.raises(DomainError, match=message):
        _clinical(session, biotech, base_fen=base)


def test_a_base_not_exact_to_the_fen_is_refused_naming_it():
    with pytest.raises(DomainError, match="insurance premium: amount 1.0000001 has more than 6 decimals"):
        amount_in_wan("insurance premium", "1.0000001")


def test_undoing_the_last_step_leaves_the_case_as_the_step_before_left_it(session, biotech):
    with session.begin():
        case = _clinical(session, biotech)
        take_step(session, case.ref, "accepted", D(2018, 1, 12), by="王芳")
        take_step(session, case.ref, "expert_review", D(2018, 2, 1), by="中心")
        take_step(session, case.ref, "approved", D(2018, 3, 1), by="中心", amount_fen=10 * WAN, reason="部分费用不符")
        take_step(session, case.ref, "paid", D(2018, 4, 1), by="财务", batch="2018-04")
    with session.begin():
        assert undo_last_step(session, case.ref).status == "paid"
    assert (case.status, case.status_date, case.batch, case.approved_fen) == ("approved", D(2018, 3, 1), "", 10 * WAN)
    with session.begin():
        undo_last_step(session, case.ref)
    assert (case.status, case.approved_fen, case.reason) == ("expert_review", None, "")
    assert _history(case)[-1] == ("expert_review", D(2018, 2, 1), "中心")
    with session.begin():  # the case can take the step again, another way
        take_step(session, case.ref, "rejected", D(2018, 3, 2), by="中心", reason="非临床试验保单")
    assert (case.status, case.reason) == ("rejected", "非临床试验保单")


def test_the_submission_cannot_be_undone(session, biotech):
    with session.begin():
        case = _clinical(session, biotech)
    with pytest.raises(DomainError, match="only its first step"):
        undo_last_step(session, case.ref)
    assert [h.status for h in case.history] == ["submitted"]
