"""Granted without application (免申即享): proposals from the disbursed 科技履约贷 loans, batches
(第 N 批) approved in one step, items taken out with a reason, the payment list."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from builders import bank, disbursed, enterprise, walk

from kjdesk.db.models import Product
from kjdesk.domain.errors import DomainError
from kjdesk.services.subsidies import take_step, undo_last_step
from kjdesk.services.subsidy_batches import (approve_batch, batch_cases, create_batch, pay_batch, payment_list,
                                             proposals, take_out)
from kjdesk.services.subsidy_programs import program, save_program

D = dt.date
WAN = 1_000_000
P = "performance_loan_premium"


@pytest.fixture
def loans(session):
    """Four loans: three 科技履约贷 (two disbursed in March 2018, one in May), one 微贷通 in March."""
    with session.begin():
        row, terms = program(session, P)
        save_program(session, replace(terms, premium_rate=Decimal("0.02")), name_zh=row.name_zh, name_en=row.name_en)
        bank(session, "B1")
        out = [disbursed(session, enterprise(session, name=f"上海{n}科技有限公司"), "B1", day, amount=amount,
                         product=product)
               for n, day, amount, product in (("甲", D(2018, 3, 5), 500 * WAN, "performance_loan"),
                                               ("乙", D(2018, 3, 20), 333_333_333, "performance_loan"),
                                               ("丙", D(2018, 5, 2), 800 * WAN, "performance_loan"),
                                               ("丁", D(2018, 3, 9), 100 * WAN, "micro_loan"))]
    return out


def test_proposals_are_the_loans_disbursed_in_the_period_with_premium_rate_times_the_amount(session, loans):
    found = proposals(session, P, D(2018, 3, 1), D(2018, 3, 31))
    assert [(p.loan_ref, p.disbursed_on, p.insured_fen, p.premium_fen, p.subsidy_fen) for p in found] == [
        (loans[0].ref, D(2018, 3, 5), 500 * WAN, 10 * WAN, 5 * WAN),
        (loans[1].ref, D(2018, 3, 20), 333_333_333, 6_666_667, 3_333_334)]  # half-up, to the fen


def test_a_batch_starts_its_cases_accepted_on_its_day_and_the_next_batch_is_number_two(session, loans):
    first = create_batch(session, P, D(2018, 3, 1), D(2018, 3, 31), D(2018, 4, 2), by="市科创中心")
    session.commit()
    cases = batch_cases(session, first.code)
    assert (first.code, first.number) == ("performance_loan_premium-1", 1)
    assert [[(h.status, h.date) for h in c.history] for c in cases] == [[("accepted", D(2018, 4, 2))]] * 2
    assert [c.application_id for c in cases] == [loans[0].id, loans[1].id]
    assert [p.loan_ref for p in proposals(session, P, D(2018, 1, 1), D(2018, 12, 31))] == [loans[2].ref]
    second = create_batch(session, P, D(2018, 1, 1), D(2018, 12, 31), D(2018, 6, 1), by="市科创中心")
    session.commit()
    assert second.number == 2 and len(batch_cases(session, second.code)) == 1


def test_a_batch_is_approved_in_one_step_without_the_cases_taken_out(session, loans):
    batch = create_batch(session, P, D(2018, 3, 1), D(2018, 3, 31), D(2018, 4, 2), by="中心")
    first, second = batch_cases(session, batch.code)
    take_out(session, second.ref, D(2018, 4, 3), reason="贷款已提前结清", by="中心")
    approved = approve_batch(session, batch.code, D(2018, 4, 10), by="中心")
    session.commit()
    assert [c.ref for c in approved] == [first.ref]
    assert (first.status, first.approved_fen) == ("approved", 5 * WAN)
    assert (second.status, second.reason) == ("rejected", "贷款已提前结清")
    with pytest.raises(DomainError, match="was approved on 2018-04-10"):
        approve_batch(session, batch.code, D(2018, 4, 11), by="中心")


def test_a_case_is_taken_out_only_with_a_reason_and_before_its_batch_is_approved(session, loans):
    batch = create_batch(session, P, D(2018, 3, 1), D(2018, 3, 31), D(2018, 4, 2), by="中心")
    session.commit()
    ref = batch_cases(session, batch.code)[0].ref
    with pytest.raises(DomainError, match="needs a reason"):
        take_out(session, ref, D(2018, 4, 3), reason="", by="中心")
    approve_batch(session, batch.code, D(2018, 4, 10), by="中心")
    with pytest.raises(DomainError, match="not in a batch waiting for approval"):
        take_out(session, ref, D(2018, 4, 11), reason="晚了", by="中心")


def test_a_granted_case_cannot_be_sent_to_expert_review(session, loans):
    batch = create_batch(session, P, D(2018, 3, 1), D(2018, 3, 31), D(2018, 4, 2), by="中心")
    session.commit()
    with pytest.raises(DomainError, match="from “accepted” it can go to approved, rejected"):
        take_step(session, batch_cases(session, batch.code)[0].ref, "expert_review", D(2018, 4, 3), by="中心")


def test_the_payment_list_of_a_batch_has_every_approved_case_and_the_totals(session, loans):
    batch = create_batch(session, P, D(2018, 3, 1), D(2018, 3, 31), D(2018, 4, 2), by="中心")
    approve_batch(session, batch.code, D(2018, 4, 10), by="中心")
    pay_batch(session, batch.code, D(2018, 4, 20), by="财务")
    session.commit()
    listed = payment_list(session, batch.code)
    assert [(r.enterprise, r.policy, r.premium_fen, r.subsidy_fen) for r in listed.rows] == [
        ("上海甲科技有限公司", loans[0].ref, 10 * WAN, 5 * WAN), ("上海乙科技有限公司", loans[1].ref, 6_666_667, 3_333_334)]
    assert (listed.premium_fen, listed.subsidy_fen) == (16_666_667, 8_333_334)
    assert {c.status for c in batch_cases(session, batch.code)} == {"paid"}


def test_a_program_applied_for_has_no_proposals(session):
    with pytest.raises(DomainError, match="not granted without application"):
        proposals(session, "clinical_trial_liability", D(2018, 1, 1), D(2018, 12, 31))


def test_a_period_with_nothing_to_propose_makes_no_batch(session, loans):
    with pytest.raises(DomainError, match="is without a case"):
        create_batch(session, P, D(2019, 1, 1), D(2019, 3, 31), D(2019, 4, 1), by="中心")


def test_a_loan_counts_by_its_first_disbursement(session, loans):
    walk(session, loans[0], [(D(2018, 5, 10), "disbursed", dict(amount_fen=100 * WAN))])
    session.commit()
    assert [p.loan_ref for p in proposals(session, P, D(2018, 5, 1), D(2018, 5, 31))] == [loans[2].ref]
    assert proposals(session, P, D(2018, 3, 1), D(2018, 3, 6))[0].insured_fen == 500 * WAN


def test_the_premium_recorded_on_the_disbursement_is_the_proposals_premium(session, loans):
    with session.begin():
        session.get(Product, "performance_loan").premium_rate = Decimal("0.015")
        paid = disbursed(session, enterprise(session, name="上海戊科技有限公司"), "B1", D(2018, 3, 12),
                         amount=400 * WAN, premium=7 * WAN)
    found = {p.loan_ref: p for p in proposals(session, P, D(2018, 3, 1), D(2018, 3, 31))}
    assert (found[paid.ref].premium_fen, found[paid.ref].subsidy_fen) == (7 * WAN, 3_500_000)


def test_without_a_recorded_premium_the_products_rate_times_the_disbursed_amount_comes_before_the_programs(
        session, loans):
    with session.begin():
        session.get(Product, "performance_loan").premium_rate = Decimal("0.015")
    found = proposals(session, P, D(2018, 3, 1), D(2018, 3, 31))
    # 1.5 % of 333,333,333 fen is 4,999,999.995: half-up to the fen.
    assert [(p.premium_fen, p.subsidy_fen) for p in found] == [(7_500_000, 3_750_000), (5_000_000, 2_500_000)]


def test_a_loan_without_a_premium_when_neither_product_nor_program_has_a_rate_is_named(session, loans):
    with session.begin():
        row, terms = program(session, P)
        save_program(session, replace(terms, premium_rate=None), name_zh=row.name_zh, name_en=row.name_en)
    with pytest.raises(DomainError, match=f"loan {loans[0].ref} records no premium"):
        proposals(session, P, D(2018, 3, 1), D(2018, 3, 31))
    session.get(Product, "performance_loan").premium_rate = Decimal("0.02")
    session.commit()
    assert len(proposals(session, P, D(2018, 3, 1), D(2018, 3, 31))) == 2


def test_undoing_a_granted_cases_payment_keeps_its_batch(session, loans):
    batch = create_batch(session, P, D(2018, 3, 1), D(2018, 3, 31), D(2018, 4, 2), by="中心")
    approve_batch(session, batch.code, D(2018, 4, 10), by="中心")
    pay_batch(session, batch.code, D(2018, 4, 20), by="财务")
    session.commit()
    case = batch_cases(session, batch.code)[0]
    undo_last_step(session, case.ref)
    session.commit()
    assert (case.status, case.batch) == ("approved", batch.code)


def test_an_approval_that_would_pass_the_programs_budget_for_the_year_is_told(session, loans):
    from kjdesk.services.subsidy_report import budget_excess

    with session.begin():
        row, terms = program(session, P)
        save_program(session, replace(terms, budget=12 * WAN), name_zh=row.name_zh, name_en=row.name_en)
    batch = create_batch(session, P, D(2018, 3, 1), D(2018, 3, 31), D(2018, 4, 2), by="中心")
    approve_batch(session, batch.code, D(2018, 4, 10), by="中心")  # 5 + 3.33 万元
    session.commit()
    assert budget_excess(session, P, D(2018, 5, 1), 3 * WAN) is None        # 11.33 of 12
    excess = budget_excess(session, P, D(2018, 5, 1), 4 * WAN)              # 12.33 of 12
    assert (excess.approved_fen, excess.budget_fen) == (8_333_334, 12 * WAN)
    assert budget_excess(session, P, D(2019, 1, 2), 4 * WAN) is None        # another year's budget
