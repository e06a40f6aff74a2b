"""Subsidy = min(premium × rate, cap), only for applications inside the program's window."""
import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kjdesk.domain.errors import DomainError
from kjdesk.domain.subsidy import (Program, check_subsidy_step, compute_subsidy, formula, premium_of_loan, subsidy_for,
                                   subsidy_path)

CLINICAL = Program("clinical_trial_liability", Decimal("0.5"), 50 * 1_000_000,
                   dt.date(2017, 12, 1), dt.date(2019, 12, 31))


def test_half_the_premium_below_the_cap():
    assert subsidy_for(CLINICAL, 30 * 1_000_000, dt.date(2018, 3, 1)) == 15 * 1_000_000


def test_the_cap_per_policy_is_50_wan():
    assert subsidy_for(CLINICAL, 180 * 1_000_000, dt.date(2018, 3, 1)) == 50 * 1_000_000


@pytest.mark.parametrize("day", [dt.date(2017, 11, 30), dt.date(2020, 1, 1)])
def test_applications_outside_the_window_are_refused(day):
    with pytest.raises(DomainError, match="accepts applications from Dec 1, 2017 to Dec 31, 2019"):
        subsidy_for(CLINICAL, 1_000_000, day)


def test_the_window_includes_its_first_and_last_day():
    assert subsidy_for(CLINICAL, 2, dt.date(2017, 12, 1)) == 1
    assert subsidy_for(CLINICAL, 2, dt.date(2019, 12, 31)) == 1


def test_a_subsidy_is_rounded_to_the_fen():
    assert subsidy_for(Program("x", Decimal("0.5"), None), 3, dt.date(2018, 1, 1)) == 2


def test_a_case_goes_submitted_accepted_review_approved_paid():
    assert subsidy_path("paid") == ["submitted", "accepted", "expert_review", "approved", "paid"]
    check_subsidy_step("expert_review", "approved")
    with pytest.raises(DomainError):
        check_subsidy_step("submitted", "paid")


# --- the formula and the steps for every case ---

STATUSES = ["submitted", "accepted", "returned", "expert_review", "approved", "rejected", "paid"]


@given(base=st.integers(0, 10**15), rate=st.decimals("0.000001", "1", places=6),
       cap=st.none() | st.integers(0, 10**12))
def test_the_subsidy_is_base_times_rate_to_the_fen_half_up_and_never_above_the_cap(base, rate, cap):
    exact = Fraction(base) * Fraction(rate)
    half_up = int(exact + Fraction(1, 2))  # exact is never negative
    got = compute_subsidy(Program("p", rate, cap), base)
    assert got == (half_up if cap is None else min(half_up, cap))
    assert got <= base


def _tried(steps, granted):
    """The steps the rules let through, in order, when ``steps`` are tried one after another."""
    kept, current = [], None
    for status in steps:
        try:
            check_subsidy_step(current, status, granted=granted)
        except DomainError:
            continue
        kept.append(status)
        current = status
    return kept


@given(st.lists(st.sampled_from(STATUSES), max_size=30))
def test_whatever_is_tried_an_applied_case_is_paid_only_after_acceptance_review_and_approval(steps):
    kept = _tried(steps, granted=False)
    assert not kept or kept[0] == "submitted"
    for before, after in zip(kept, kept[1:]):
        assert before not in ("rejected", "paid")
        if after == "approved":
            assert before == "expert_review"
        if after == "expert_review":
            assert before == "accepted"
        if after == "accepted" or before == "returned":
            assert before == "submitted" or after in ("submitted", "rejected")
    if "paid" in kept:
        assert kept[-4:] == ["accepted", "expert_review", "approved", "paid"]


@given(st.lists(st.sampled_from(STATUSES), max_size=30))
def test_a_case_granted_without_application_starts_accepted_and_never_goes_to_review(steps):
    kept = _tried(steps, granted=True)
    assert not kept or kept[0] == "accepted"
    assert not {"submitted", "returned", "expert_review"} & set(kept)
    assert kept[:3] in ([], ["accepted"], ["accepted", "approved"], ["accepted", "rejected"],
                        ["accepted", "approved", "paid"])


@given(base=st.integers(0, 10**11), rate=st.decimals("0.000001", "1", places=6),
       cap=st.none() | st.integers(0, 10**11))
def test_the_formula_shown_is_the_subsidy_paid(base, rate, cap):
    f = formula(Program("p", rate, cap), base)
    assert f.subsidy == compute_subsidy(Program("p", rate, cap), base)
    assert f.subsidy == (f.share if cap is None else min(f.share, cap)) and (f.base, f.rate, f.cap) == (base, rate, cap)


@given(amount=st.integers(0, 10**11), recorded=st.none() | st.integers(0, 10**9),
       product=st.none() | st.decimals("0.0001", "0.06", places=4),
       own=st.none() | st.decimals("0.0001", "0.06", places=4))
def test_a_loans_premium_is_the_recorded_one_else_the_products_rate_else_the_programs(amount, recorded, product, own):
    program = Program("p", Decimal("0.5"), None, product="performance_loan", premium_rate=own)
    if recorded is None and product is None and own is None:
        with pytest.raises(DomainError, match="records no premium"):
            premium_of_loan(program, amount, product_rate=product, loan="LY1")
        return
    rate = product if product is not None else own
    expected = recorded if recorded is not None else int(Fraction(amount) * Fraction(rate) + Fraction(1, 2))
    assert premium_of_loan(program, amount, recorded=recorded, product_rate=product, loan="LY1") == expected
