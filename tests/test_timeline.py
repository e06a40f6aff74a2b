"""A case's state, bank, age at the bank and warning level all derive from its timeline."""
import datetime as dt

import pytest

from kjdesk.domain.errors import DomainError
from kjdesk.domain.timeline import (Event, EventType as E, Status, TimelineError, allowed_events, derive_state,
                                    warning_level)

D = dt.date


def happy_path(until=None):
    events = [
        Event(D(2017, 1, 3), E.SUBMITTED),
        Event(D(2017, 1, 10), E.PRELIMINARY_PASSED),
        Event(D(2017, 1, 20), E.INVESTIGATED),
        Event(D(2017, 2, 15), E.REVIEW_PASSED, amount=5_000_000_000),
        Event(D(2017, 2, 20), E.RECOMMENDED, bank="ICBC", amount=5_000_000_000),
    ]
    return events[:until] if until else events


def test_a_recommended_case_is_at_its_bank_since_the_recommendation():
    state = derive_state(happy_path())
    assert state.status is Status.AT_BANK
    assert state.bank == "ICBC"
    assert state.bank_since == D(2017, 2, 20)


@pytest.mark.parametrize("days, level", [(29, None), (30, 30), (59, 30), (60, 60), (89, 60), (90, 90), (400, 90)])
def test_warning_lines_are_30_60_and_90_days_at_the_bank(days, level):
    state = derive_state(happy_path())
    as_of = D(2017, 2, 20) + dt.timedelta(days=days)
    assert state.days_at_bank(as_of) == days
    assert state.warning_level(as_of) == level


def test_a_bank_switch_restarts_the_clock_at_the_new_bank():
    events = happy_path() + [Event(D(2017, 4, 25), E.BANK_SWITCHED, bank="BOC", note="stalled")]
    state = derive_state(events)
    assert state.bank == "BOC" and state.bank_since == D(2017, 4, 25)
    assert state.days_at_bank(D(2017, 5, 1)) == 6


def test_a_follow_up_does_not_restart_the_clock():
    events = happy_path() + [Event(D(2017, 4, 25), E.FOLLOWED_UP, note="called")]
    assert derive_state(events).bank_since == D(2017, 2, 20)


def test_a_decided_case_has_no_age_at_the_bank():
    events = happy_path() + [Event(D(2017, 3, 1), E.BANK_APPROVED, bank="ICBC", amount=5_000_000_000)]
    state = derive_state(events)
    assert state.status is Status.BANK_APPROVED
    assert state.days_at_bank(D(2018, 1, 1)) is None and warning_level(None) is None


def test_no_event_may_come_before_the_submission():
    with pytest.raises(TimelineError, match="before the application is submitted"):
        derive_state([Event(D(2017, 1, 1), E.PRELIMINARY_PASSED)])


def test_no_bank_approval_before_a_recommendation():
    with pytest.raises(TimelineError) as err:
        derive_state(happy_path(4) + [Event(D(2017, 3, 1), E.BANK_APPROVED, bank="ICBC", amount=1)])
    assert err.value.index == 5
    assert "cannot follow" in err.value.reason


def test_a_bank_event_without_a_bank_is_refused():
    with pytest.raises(TimelineError, match="needs a bank"):
        derive_state(happy_path(4) + [Event(D(2017, 3, 1), E.RECOMMENDED, amount=1)])


def test_only_the_bank_the_case_is_at_can_decide_it():
    with pytest.raises(TimelineError, match="at bank ICBC"):
        derive_state(happy_path() + [Event(D(2017, 3, 1), E.BANK_DECLINED, bank="BOC")])


def test_a_switch_must_name_another_bank():
    with pytest.raises(TimelineError, match="different bank"):
        derive_state(happy_path() + [Event(D(2017, 3, 1), E.BANK_SWITCHED, bank="ICBC", note="stalled")])


def test_events_out_of_date_order_are_refused():
    with pytest.raises(TimelineError, match="comes before"):
        derive_state([Event(D(2017, 1, 3), E.SUBMITTED), Event(D(2017, 1, 2), E.PRELIMINARY_PASSED)])


def test_a_deferred_case_can_be_reviewed_again():
    events = happy_path(3) + [Event(D(2017, 2, 1), E.REVIEW_DEFERRED),
                              Event(D(2017, 3, 1), E.REVIEW_PASSED, amount=100)]
    assert derive_state(events).status is Status.REVIEW_PASSED


def test_a_declined_case_can_go_to_another_bank():
    events = happy_path() + [Event(D(2017, 3, 1), E.BANK_DECLINED, bank="ICBC"),
                             Event(D(2017, 3, 2), E.BANK_SWITCHED, bank="BOC", note="declined")]
    assert derive_state(events).pending_at_bank


def test_amounts_are_required_where_the_rule_needs_them():
    with pytest.raises(DomainError, match="needs an amount"):
        derive_state(happy_path(3) + [Event(D(2017, 2, 1), E.REVIEW_PASSED)])


def test_the_actions_a_state_allows():
    assert allowed_events(None) == [E.SUBMITTED]
    at_bank = allowed_events(Status.AT_BANK)
    assert set(at_bank) == {E.BANK_APPROVED, E.BANK_DECLINED, E.BANK_SWITCHED, E.FOLLOWED_UP}
    assert E.RECOMMENDED in allowed_events(Status.REVIEW_PASSED)
    assert E.DISBURSED in allowed_events(Status.BANK_APPROVED)
