"""Products name their path: steps taken keep their order, a required step cannot be skipped, a
`none` step cannot be recorded; a new or changed path needs no new code."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, strategies as st

import builders
from exchange_helpers import valid_sheets, write_book
from kjdesk.db import models as m
from kjdesk.domain.errors import DomainError
from kjdesk.domain.path import OPEN_PATH, PERFORMANCE_PATH, ProductPath, StepRule
from kjdesk.domain.timeline import Event, EventType as E, Status, allowed_events, derive_state
from kjdesk.services.cases import record_event
from kjdesk.services.exchange import ImportRefused, import_workbook

D = dt.date
SUBMITTED = Event(D(2017, 1, 3), E.SUBMITTED)
RECOMMENDED = Event(D(2017, 3, 1), E.RECOMMENDED, bank="B01", amount=100)
STEP_EVENTS = {
    "preliminary_review": Event(D(2017, 1, 10), E.PRELIMINARY_PASSED),
    "site_visit": Event(D(2017, 1, 20), E.INVESTIGATED),
    "review_meeting": Event(D(2017, 2, 10), E.REVIEW_PASSED, amount=100),
}


def test_a_micro_loan_may_go_from_submitted_straight_to_recommended():
    assert derive_state([SUBMITTED, RECOMMENDED], OPEN_PATH).status is Status.AT_BANK


def test_a_performance_loan_cannot_skip_its_preliminary_review():
    with pytest.raises(DomainError, match="requires the preliminary review first"):
        derive_state([SUBMITTED, RECOMMENDED], PERFORMANCE_PATH)


def test_a_performance_loan_cannot_be_recommended_without_its_review_meeting():
    with pytest.raises(DomainError, match="requires the review meeting first"):
        derive_state([SUBMITTED, STEP_EVENTS["preliminary_review"], STEP_EVENTS["site_visit"], RECOMMENDED])


def test_a_step_marked_none_cannot_be_recorded():
    no_visits = ProductPath(StepRule.OPTIONAL, StepRule.NONE, StepRule.OPTIONAL)
    with pytest.raises(DomainError, match="have no site visit"):
        derive_state([SUBMITTED, STEP_EVENTS["site_visit"]], no_visits)
    assert E.INVESTIGATED not in allowed_events(Status.SUBMITTED, no_visits)


def test_steps_taken_keep_their_order():
    with pytest.raises(DomainError, match="Preliminary review passed cannot follow"):
        derive_state([SUBMITTED, STEP_EVENTS["site_visit"], Event(D(2017, 1, 25), E.PRELIMINARY_PASSED)], OPEN_PATH)


def test_a_deferred_case_is_not_recommended_without_passing_even_where_the_meeting_is_optional():
    deferred = Event(D(2017, 2, 10), E.REVIEW_DEFERRED)
    with pytest.raises(DomainError, match="cannot follow"):
        derive_state([SUBMITTED, deferred, RECOMMENDED], OPEN_PATH)


def test_the_actions_offered_follow_the_path():
    assert E.RECOMMENDED in allowed_events(Status.SUBMITTED, OPEN_PATH)
    assert E.RECOMMENDED not in allowed_events(Status.SUBMITTED, PERFORMANCE_PATH)
    assert allowed_events(Status.SUBMITTED, PERFORMANCE_PATH)[:2] == [E.PRELIMINARY_PASSED, E.PRELIMINARY_RETURNED]


rules = st.sampled_from(list(StepRule))


@given(rules, rules, rules, st.lists(st.booleans(), min_size=3, max_size=3))
def test_a_recommendation_is_accepted_exactly_when_no_required_step_is_skipped_and_no_none_step_taken(
        prelim, visit, review, taken):
    path = ProductPath(prelim, visit, review)
    steps = [name for name, take in zip(STEP_EVENTS, taken) if take]
    timeline = [SUBMITTED, *(STEP_EVENTS[name] for name in steps), RECOMMENDED]
    acceptable = all(path.rule(i + 1) is not StepRule.REQUIRED or take for i, take in enumerate(taken)) and all(
        getattr(path, name) is not StepRule.NONE for name in steps)
    try:
        derive_state(timeline, path)
        accepted = True
    except DomainError:
        accepted = False
    assert accepted == acceptable


def test_the_client_records_a_micro_loan_recommended_straight_after_submission(session):
    builders.bank(session, "B01", microloan=True)
    app = builders.application(session, builders.enterprise(session), D(2017, 1, 5), product="micro_loan")
    record_event(session, app.id, "recommended", D(2017, 1, 9), bank_code="B01", amount_fen=100)
    assert app.status == Status.AT_BANK.value


def test_a_changed_path_needs_no_new_code(session):
    builders.bank(session, "B01")
    session.get(m.Product, "performance_loan").preliminary_review = "optional"
    session.get(m.Product, "performance_loan").review_meeting = "optional"
    app = builders.application(session, builders.enterprise(session), D(2017, 1, 5))
    record_event(session, app.id, "recommended", D(2017, 1, 9), bank_code="B01", amount_fen=100)
    assert app.status == Status.AT_BANK.value


def _ledger(product):
    sheets = valid_sheets()
    sheets["applications"][1][2] = product
    sheets["events"][2:5] = []  # no preliminary review, visit or review meeting
    return sheets


def test_an_import_takes_a_micro_loan_ledger_that_skips_to_the_recommendation(tmp_path, session_factory):
    import_workbook(session_factory, write_book(tmp_path / "ok.xlsx", _ledger("科技微贷通")))
    with session_factory() as s:
        assert s.query(m.Application).one().status == Status.BANK_APPROVED.value


def test_an_import_refuses_a_performance_loan_ledger_that_skips_its_steps(tmp_path, session_factory):
    with pytest.raises(ImportRefused) as caught:
        import_workbook(session_factory, write_book(tmp_path / "bad.xlsx", _ledger("performance_loan")))
    problem = caught.value.problems[0]
    assert (problem.sheet, problem.row, problem.value) == ("events", 3, "recommended")
    assert "requires the preliminary review first" in problem.reason


PRODUCT_HEADER = ["code", "name_zh", "name_en", "preliminary_review", "site_visit", "review_meeting", "premium_rate"]


def test_a_product_added_by_the_workbook_brings_its_path_to_the_same_import(tmp_path, session_factory):
    sheets = _ledger("green_loan")
    sheets["products"] = [PRODUCT_HEADER, ["green_loan", "绿色贷", "Green loan", "required", "none", "none", None]]
    with pytest.raises(ImportRefused) as caught:
        import_workbook(session_factory, write_book(tmp_path / "bad.xlsx", sheets))
    assert "requires the preliminary review first" in caught.value.problems[0].reason

    sheets["events"].insert(2, ["A1", D(2017, 1, 9), "preliminary_passed"])
    import_workbook(session_factory, write_book(tmp_path / "ok.xlsx", sheets))
    with session_factory() as s:
        green = s.get(m.Product, "green_loan")
        assert (green.preliminary_review, green.site_visit, green.review_meeting) == ("required", "none", "none")


@pytest.mark.parametrize("column, value, reason", [
    ("site_visit", "sometimes", "write required, optional or none"),
    ("premium_rate", "1.5", "a rate lies between 0 and 1"),
    ("premium_rate", "0.0000001", "a rate has at most 6 decimals"),
])
def test_a_product_row_with_a_bad_path_or_rate_is_refused(tmp_path, session_factory, column, value, reason):
    row = ["green_loan", "绿色贷", "Green loan", "optional", "optional", "optional", None]
    row[PRODUCT_HEADER.index(column)] = value
    with pytest.raises(ImportRefused) as caught:
        import_workbook(session_factory, write_book(tmp_path / "bad.xlsx", {"products": [PRODUCT_HEADER, row]}))
    problem = caught.value.problems[0]
    assert (problem.sheet, problem.row, problem.column, problem.value) == ("products", 2, column, value)
    assert reason in problem.reason


def test_a_products_sheet_without_the_path_columns_keeps_the_stored_paths(tmp_path, session_factory):
    sheets = {"products": [["code", "name_zh"], ["performance_loan", "科技履约贷（新）"]]}
    import_workbook(session_factory, write_book(tmp_path / "names.xlsx", sheets))
    with session_factory() as s:
        product = s.get(m.Product, "performance_loan")
        assert (product.name_zh, product.preliminary_review, product.review_meeting) == (
            "科技履约贷（新）", "required", "required")


def test_only_a_disbursement_carries_a_premium_in_an_import(tmp_path, session_factory):
    sheets = valid_sheets()
    sheets["events"][0] += ["premium", "recorded_by"]
    sheets["events"][6] += [1.5, "王芳"]
    with pytest.raises(ImportRefused) as caught:
        import_workbook(session_factory, write_book(tmp_path / "bad.xlsx", sheets))
    problem = caught.value.problems[0]
    assert (problem.row, problem.column, problem.reason) == (7, "premium", "only a disbursement carries a premium")
