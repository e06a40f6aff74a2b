"""Rules every recorded event obeys, the same for the client (record_event) and an import."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, strategies as st

import builders
from exchange_helpers import valid_sheets, write_book
from kjdesk.db import models as m
from kjdesk.domain.errors import DomainError
from kjdesk.domain.timeline import Event, EventType as E, derive_state
from kjdesk.services.cases import record_event
from kjdesk.services.exchange import ImportRefused, import_workbook
from kjdesk.services.settings import WORKING_DATE, set_setting

D = dt.date
HAPPY = [Event(D(2017, 1, 3), E.SUBMITTED), Event(D(2017, 1, 10), E.PRELIMINARY_PASSED),
         Event(D(2017, 2, 15), E.REVIEW_PASSED, amount=100), Event(D(2017, 2, 20), E.RECOMMENDED, bank="B01", amount=100)]


@pytest.fixture
def case(session):
    """A 科技履约贷 case recommended to B01 for 500 万元 on 2017-02-15, in a database working on 2017-06-30."""
    builders.bank(session, "B01")
    builders.bank(session, "B02")
    set_setting(session, WORKING_DATE, "2017-06-30")
    return builders.recommended(session, builders.enterprise(session), "B01")


def test_an_event_dated_after_the_working_day_is_refused(session, case):
    with pytest.raises(DomainError, match="after the working day"):
        record_event(session, case.id, "followed_up", D(2017, 7, 1), note="电话催办")
    record_event(session, case.id, "followed_up", D(2017, 6, 30), note="电话催办")


@given(st.dates(D(2017, 1, 3), D(9999, 12, 31)), st.dates(D(2017, 1, 3), D(2100, 1, 1)))
def test_the_domain_refuses_exactly_the_events_after_today(day, today):
    try:
        derive_state([Event(D(2017, 1, 3), E.SUBMITTED), Event(day, E.PRELIMINARY_PASSED)], today=today)
        accepted = True
    except DomainError:
        accepted = False
    assert accepted == (day <= today)


def test_a_switch_without_a_reason_is_refused(session, case):
    with pytest.raises(DomainError, match="needs a reason"):
        record_event(session, case.id, "bank_switched", D(2017, 5, 1), bank_code="B02", note="  ")


def test_a_switch_to_the_bank_the_case_is_at_is_refused(session, case):
    with pytest.raises(DomainError, match="different bank"):
        record_event(session, case.id, "bank_switched", D(2017, 5, 1), bank_code="B01", note="审批停滞")


def test_a_follow_up_on_a_case_never_sent_to_a_bank_is_refused(session):
    app = builders.application(session, builders.enterprise(session), D(2017, 1, 5))
    with pytest.raises(DomainError, match="only possible while the case waits for a bank"):
        record_event(session, app.id, "followed_up", D(2017, 1, 9), note="电话")


def test_a_follow_up_after_the_bank_decided_is_refused(session, case):
    record_event(session, case.id, "bank_declined", D(2017, 3, 1), bank_code="B01")
    with pytest.raises(DomainError, match="only possible while the case waits for a bank"):
        record_event(session, case.id, "followed_up", D(2017, 3, 2), note="电话")


def test_a_follow_up_may_name_the_case_s_bank_but_no_other(session, case):
    with pytest.raises(DomainError, match="names bank B02, but the case's bank is B01"):
        record_event(session, case.id, "followed_up", D(2017, 4, 1), bank_code="B02", note="电话")
    record_event(session, case.id, "followed_up", D(2017, 4, 1), bank_code="B01", note="电话")


def test_a_disbursement_may_name_the_approving_bank_but_no_other(session, case):
    record_event(session, case.id, "bank_approved", D(2017, 3, 1), bank_code="B01", amount_fen=500_000_000)
    with pytest.raises(DomainError, match="names bank B02"):
        record_event(session, case.id, "disbursed", D(2017, 3, 9), bank_code="B02", amount_fen=500_000_000)
    record_event(session, case.id, "disbursed", D(2017, 3, 9), bank_code="B01", amount_fen=500_000_000)
    with pytest.raises(DomainError, match="names bank B02"):
        record_event(session, case.id, "repaid", D(2017, 4, 9), bank_code="B02", amount_fen=1)


def test_an_approval_above_the_recommended_amount_is_recorded_with_a_warning(session, case):
    recorded = record_event(session, case.id, "bank_approved", D(2017, 3, 1), bank_code="B01",
                            amount_fen=500_000_001)
    assert recorded.event.amount_fen == 500_000_001
    assert recorded.warnings == ["the approved amount 500.000001 (10k CNY) is above the recommended 500 (10k CNY)"]


def test_an_approval_at_or_below_the_recommended_amount_has_no_warning(session, case):
    recorded = record_event(session, case.id, "bank_approved", D(2017, 3, 1), bank_code="B01",
                            amount_fen=500_000_000)
    assert recorded.warnings == []


def test_a_refused_event_changes_nothing(session, case):
    before = [(e.date, e.type) for e in case.events]
    with pytest.raises(DomainError):
        record_event(session, case.id, "bank_switched", D(2017, 5, 1), bank_code="B02")
    assert [(e.date, e.type) for e in case.events] == before and case.status == "at_bank"


# --- the same rules on the import path: the valid ledger recommends A1 to B01 for 500 万元 on 2017-02-15
# and B01 approves 450.5 万元 on 2017-03-20 (events rows 6 and 7).

def _refused(tmp_path, session_factory, edit):
    sheets = valid_sheets()
    edit(sheets)
    with pytest.raises(ImportRefused) as caught:
        import_workbook(session_factory, write_book(tmp_path / "bad.xlsx", sheets))
    with session_factory() as s:
        assert s.query(m.Event).count() == 0, "a refused import changes nothing"
    return [(p.row, p.column, p.value, p.reason) for p in caught.value.problems]


@pytest.mark.parametrize("day", [D(2999, 1, 1), D(9999, 12, 31)])
def test_an_import_refuses_an_event_dated_after_today(tmp_path, session_factory, day):
    problems = _refused(tmp_path, session_factory, lambda s: s["events"].append(["A1", day, "disbursed"]))
    assert problems[0][:3] == (8, "type", "disbursed") and "after the working day" in problems[0][3]


def test_an_import_refuses_a_switch_without_a_reason(tmp_path, session_factory):
    problems = _refused(tmp_path, session_factory, lambda s: s["events"].insert(
        6, ["A1", D(2017, 3, 1), "bank_switched", "B02"]))
    assert problems == [(7, "note", "", "a bank switch needs a reason (the note)")]


def test_an_import_refuses_a_follow_up_on_a_case_not_at_a_bank(tmp_path, session_factory):
    problems = _refused(tmp_path, session_factory, lambda s: s["events"].insert(
        3, ["A1", D(2017, 1, 10), "followed_up", None, None, None, None, "电话"]))
    assert problems[0][:3] == (4, "type", "followed_up") and "waits for a bank" in problems[0][3]


@pytest.mark.parametrize("type_", ["disbursed", "followed_up"])
def test_an_import_refuses_a_bank_that_is_not_the_case_s_naming_it(tmp_path, session_factory, type_):
    def edit(s):
        row = ["A1", D(2017, 3, 20) if type_ == "followed_up" else D(2017, 4, 1), type_, "B02"]
        s["events"].insert(6 if type_ == "followed_up" else 7, row)
    problems = _refused(tmp_path, session_factory, edit)
    assert "names bank B02, but the case's bank is B01" in problems[0][3]


def test_an_import_takes_the_case_s_own_bank_on_a_disbursement(tmp_path, session_factory):
    sheets = valid_sheets()
    sheets["events"].append(["A1", D(2017, 4, 1), "disbursed", "B01", 450.5])
    import_workbook(session_factory, write_book(tmp_path / "ok.xlsx", sheets))
    with session_factory() as s:
        assert s.query(m.Application).one().status == "disbursed"


def test_an_import_warns_of_an_approval_above_the_recommendation_after_importing(tmp_path, session_factory):
    sheets = valid_sheets()
    sheets["events"][6][4] = "1000.005"
    sheets["events"][5][4] = "1000"
    summary = import_workbook(session_factory, write_book(tmp_path / "ok.xlsx", sheets))
    assert [(w.sheet, w.row, w.column, w.value) for w in summary.warnings] == [("events", 7, "amount", "1000.005")]
    assert summary.lines()[-1] == (
        "warning: sheet events, row 7, column amount, value “1000.005”: "
        "the approved amount 1000.005 (10k CNY) is above the recommended 1000 (10k CNY)")
