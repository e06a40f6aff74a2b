"""The aging list: cases 30/60/90 days at a bank without its decision, as of any date."""
import datetime as dt

from builders import bank, enterprise, recommended, walk

from kjdesk.services.aging import aging_list

D = dt.date


def setup(session):
    bank(session, "B1")
    bank(session, "B2")
    return recommended(session, enterprise(session, name="上海甲科技"), "B1", recommended_on=D(2017, 3, 1))


def test_a_case_appears_at_30_days_and_moves_up_at_60_and_90(session):
    setup(session)
    assert aging_list(session, D(2017, 3, 30)) == []
    assert [(r.days, r.level) for r in aging_list(session, D(2017, 3, 31))] == [(30, 30)]
    assert aging_list(session, D(2017, 4, 30))[0].level == 60
    row = aging_list(session, D(2017, 5, 30))[0]
    assert (row.level, row.bank_code, row.enterprise, row.since) == (90, "B1", "上海甲科技", D(2017, 3, 1))


def test_a_bank_decision_takes_the_case_off_the_list_from_its_date_on(session):
    app = setup(session)
    walk(session, app, [(D(2017, 5, 1), "bank_approved", dict(bank_code="B1", amount_fen=1))])
    assert aging_list(session, D(2017, 4, 30))[0].level == 60
    assert aging_list(session, D(2017, 5, 1)) == []


def test_a_switch_restarts_the_clock_at_the_new_bank(session):
    app = setup(session)
    walk(session, app, [(D(2017, 5, 10), "bank_switched", dict(bank_code="B2", note="stalled"))])
    assert aging_list(session, D(2017, 5, 9))[0].bank_code == "B1"
    assert aging_list(session, D(2017, 6, 8)) == []
    row = aging_list(session, D(2017, 6, 9))[0]
    assert (row.bank_code, row.days) == ("B2", 30)


def test_follow_ups_do_not_reset_the_age(session):
    app = setup(session)
    walk(session, app, [(D(2017, 4, 15), "followed_up", dict(note="called the branch"))])
    assert aging_list(session, D(2017, 4, 30))[0].days == 60


def test_a_date_before_later_events_is_answered_from_the_events_up_to_it(session):
    """The current-state columns say approved; as of an earlier day the case was still waiting."""
    app = setup(session)
    walk(session, app, [(D(2017, 4, 15), "bank_switched", dict(bank_code="B2", note="stalled")),
                        (D(2017, 9, 1), "bank_approved", dict(bank_code="B2", amount_fen=1))])
    assert [(r.bank_code, r.days) for r in aging_list(session, D(2017, 4, 10))] == [("B1", 40)]
    assert [(r.bank_code, r.days) for r in aging_list(session, D(2017, 8, 31))] == [("B2", 138)]
    assert aging_list(session, D(2017, 9, 1)) == []


def test_a_recommendation_and_a_decision_on_the_same_day_go_by_their_order(session):
    app = setup(session)
    walk(session, app, [(D(2017, 4, 1), "bank_declined", dict(bank_code="B1")),
                        (D(2017, 4, 1), "bank_switched", dict(bank_code="B2", note="审批停滞"))])
    assert [(r.bank_code, r.since) for r in aging_list(session, D(2017, 5, 1))] == [("B2", D(2017, 4, 1))]


def test_a_case_submitted_after_the_date_is_not_counted(session):
    setup(session)
    assert aging_list(session, D(2016, 12, 31)) == []
