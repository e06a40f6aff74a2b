"""A database may carry its own working date (the demo's "today"); otherwise it is the real today."""
import datetime as dt

from kjdesk.services.settings import WORKING_DATE, set_setting, working_date


def test_without_a_working_date_the_work_list_counts_to_today(session):
    assert working_date(session, today=dt.date(2026, 11, 21)) == dt.date(2026, 11, 21)


def test_a_stored_working_date_wins_and_can_be_cleared(session):
    set_setting(session, WORKING_DATE, "2018-03-31")
    assert working_date(session, today=dt.date(2026, 11, 21)) == dt.date(2018, 3, 31)
    set_setting(session, WORKING_DATE, None)
    assert working_date(session, today=dt.date(2026, 11, 21)) == dt.date(2026, 11, 21)
