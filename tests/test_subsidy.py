"""Subsidy = min(premium × rate, cap), only for applications inside the program's window."""
import datetime as dt
from decimal import Decimal

import pytest

from kjdesk.domain.errors import DomainError
from kjdesk.domain.subsidy import Program, check_subsidy_step, subsidy_for, subsidy_path

CLINICAL = Program("clinical_trial_liability", Decimal("0.5"), 50 * 1_000_000,
                   dt.date(2017, 12, 1), dt.date(2019, 12, 31))


def test_half_the_premium_below_the_cap():
    assert subsidy_for(CLINICAL, 30 * 1_000_000, dt.date(2018, 3, 1)) == 15 * 1_000_000


def test_the_cap_per_policy_is_50_wan():
    assert subsidy_for(CLINICAL, 180 * 1_000_000, dt.date(2018, 3, 1)) == 50 * 1_000_000


@pytest.mark.parametrize("day", [dt.date(2017, 11, 30), dt.date(2020, 1, 1)])
def test_applications_outside_the_window_are_refused(day):
    with pytest.raises(DomainError, match="accepts applications from 2017-12-01 to 2019-12-31"):
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
