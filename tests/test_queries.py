"""The list queries: filters and search in SQL, sorted ids, rows fetched by page; the work list."""
from __future__ import annotations

import datetime as dt

import pytest

from kjdesk.db.models import Bank, District, Station
from kjdesk.services import queries as q
from kjdesk.services import registry
from kjdesk.services import worklist as w
from ui_data import build_cases

AS_OF = dt.date(2017, 6, 30)


@pytest.fixture
def session_factory(database):
    """Every search and list here runs on a file and on a PostgreSQL server (``database``)."""
    return database


@pytest.fixture
def ids(session):
    built = build_cases(session)
    session.commit()
    return built


def refs(session, f=q.CaseFilter(), sort="ref", descending=False):
    rows = q.case_rows(session, q.case_ids(session, f, sort, descending))
    return [rows[i].ref for i in q.case_ids(session, f, sort, descending)]


def test_without_filters_every_case_is_listed_sorted_by_the_chosen_column(session, ids):
    assert refs(session) == sorted(ids)
    assert refs(session, descending=True) == sorted(ids, reverse=True)
    assert q.case_count(session) == len(ids)


def test_search_finds_a_part_of_the_enterprise_name(session, ids):
    assert set(refs(session, q.CaseFilter(search="生物医药"))) == {
        "KJ2017-0061", "KJ2017-0010", "KJ2017-0102", "KJ2016-0001"}


def test_search_finds_a_reference_from_its_start_in_any_case(session, ids):
    assert refs(session, q.CaseFilter(search="kj2016")) == ["KJ2016-0001"]
    assert refs(session, q.CaseFilter(search="KJ2017-009")) == ["KJ2017-0090"]


def test_search_finds_a_credit_code_from_its_start(session, ids):
    ent = q.enterprise_rows(session, q.enterprise_ids(session, q.EnterpriseFilter(search="乙")))
    code = next(iter(ent.values())).credit_code
    assert set(refs(session, q.CaseFilter(search=code.lower()))) == set(
        refs(session, q.CaseFilter(search="乙生物")))


def test_percent_and_underscore_in_a_search_are_taken_literally(session, ids):
    assert set(refs(session, q.CaseFilter(search="100%"))) == {"KJ2017-0062", "KJ2017-0103"}
    assert refs(session, q.CaseFilter(search="%")) == refs(session, q.CaseFilter(search="100%"))
    assert refs(session, q.CaseFilter(search="_")) == []


def test_filters_combine(session, ids):
    st2 = session.query(Station).filter_by(code="ST02").one().id
    b01 = session.query(Bank).filter_by(code="B01").one().id
    assert refs(session, q.CaseFilter(status="at_bank", bank_id=b01)) == ["KJ2017-0010", "KJ2017-0062", "KJ2017-0090"]
    assert refs(session, q.CaseFilter(station_id=st2, year=2017)) == ["KJ2017-0010", "KJ2017-0061", "KJ2017-0102"]
    assert refs(session, q.CaseFilter(product="micro_loan")) == ["KJ2017-0030"]
    assert refs(session, q.CaseFilter(district="xuhui", year=2016)) == ["KJ2016-0001"]
    assert refs(session, q.CaseFilter(status="bank_approved", year=2017)) == []


def test_case_rows_carry_both_languages_and_the_current_state(session, ids):
    row = q.case_rows(session, [ids["KJ2016-0001"]])[ids["KJ2016-0001"]]
    assert (row.status, row.bank.name_zh, row.product.name_zh, row.district.name_en) == (
        "bank_approved", "B02银行", "科技履约贷", "Xuhui")
    assert row.submitted_on == dt.date(2016, 3, 1)


def test_sorting_by_the_enterprise_name_keeps_ties_in_id_order(session, ids):
    sorted_ids = q.case_ids(session, q.CaseFilter(), "enterprise", descending=False)
    rows = q.case_rows(session, sorted_ids)
    names = [rows[i].enterprise for i in sorted_ids]
    assert names == sorted(names)
    assert all(a < b for a, b, n, m in zip(sorted_ids, sorted_ids[1:], names, names[1:]) if n == m)


def test_enterprises_are_searched_by_name_and_filtered_by_district(session, ids):
    found = q.enterprise_ids(session, q.EnterpriseFilter(district="pudong"))
    rows = q.enterprise_rows(session, found)
    assert [rows[i].name for i in found] == ["上海丙100%新材料有限公司", "上海甲光电科技有限公司"]
    assert [rows[i].applications for i in found] == [2, 4]
    assert q.enterprise_ids(session, q.EnterpriseFilter(search="乙生物")) == [
        i for i in q.enterprise_ids(session) if "乙" in q.enterprise_rows(session, [i])[i].name]


def test_filter_choices_list_the_reference_data_and_the_years_with_submissions(session, ids):
    choices = q.filter_choices(session)
    assert [c.key for c in choices.products][:4] == ["performance_loan", "little_giant_credit", "micro_loan",
                                                     "venture_loan"]
    assert [c.name_zh for c in choices.districts][:3] == ["浦东新区", "闵行区", "嘉定区"]  # the center's order
    assert choices.years == [2017, 2016]


def test_the_district_filter_follows_the_stored_report_order_as_the_forms_do(session):
    session.get(District, "huangpu").report_order = 0
    session.flush()
    keys = [c.key for c in q.filter_choices(session).districts]
    assert keys[:3] == ["huangpu", "pudong", "minhang"]
    assert keys == [c.key for c in registry.districts(session)]


def stalled(session, ids_, as_of=AS_OF):
    rows = w.stalled_rows(session, ids_, as_of)
    return [(rows[i].ref, rows[i].days, rows[i].level) for i in ids_]


def test_work_list_shows_cases_past_each_warning_line_oldest_first(session, ids):
    found = w.stalled_ids(session, AS_OF)
    assert stalled(session, found) == [
        ("KJ2017-0090", 121, 90), ("KJ2017-0061", 71, 60), ("KJ2017-0062", 66, 60), ("KJ2017-0030", 36, 30)]
    assert w.stalled_rows(session, found, AS_OF)[found[0]].bank.name_en == "Bank B01"
    assert w.stalled_count(session, AS_OF) == 4


@pytest.mark.parametrize("as_of", [dt.date(2017, 3, 1), dt.date(2017, 5, 15), AS_OF, dt.date(2017, 7, 21),
                                   dt.date(2018, 1, 1)])
def test_the_work_list_agrees_with_the_warning_lines_computed_from_the_events(session, ids, as_of):
    from kjdesk.services.aging import aging_list

    # Also for a day before later events (a past day's list, or a demo's working date).
    expected = [(r.ref, r.days, r.level) for r in aging_list(session, as_of)]
    assert stalled(session, w.stalled_ids(session, as_of), as_of) == expected


def test_a_case_at_60_days_is_due_for_a_follow_up_unless_followed_up_this_month(session, ids):
    assert [r[0] for r in stalled(session, w.follow_up_ids(session, AS_OF))] == ["KJ2017-0090", "KJ2017-0062"]
    assert w.follow_up_count(session, AS_OF) == 2
    # In July, June's follow-up no longer counts.
    july = dt.date(2017, 7, 1)
    assert [r[0] for r in stalled(session, w.follow_up_ids(session, july), july)] == [
        "KJ2017-0090", "KJ2017-0061", "KJ2017-0062"]


def test_waiting_sections_list_cases_by_their_status_longest_waiting_first(session, ids):
    def waiting(section):
        found = w.waiting_ids(session, section)
        rows = w.waiting_rows(session, found, AS_OF)
        return [(rows[i].ref, rows[i].days) for i in found]

    assert waiting(w.Section.PRELIMINARY) == [("KJ2017-0101", 29)]
    assert waiting(w.Section.VISIT) == [("KJ2017-0102", 53)]
    # A deferred case waits for another meeting, as an investigated one does.
    assert waiting(w.Section.MEETING) == [("KJ2017-0104", 86), ("KJ2017-0103", 71)]
    assert w.waiting_count(session, w.Section.MEETING) == 2


def test_a_broad_search_scans_and_finds_the_same_cases(session, ids, monkeypatch):
    narrow = {text: refs(session, q.CaseFilter(search=text)) for text in ("上海", "KJ2017", "生物")}
    monkeypatch.setattr(q, "BROAD_SEARCH", 1)
    assert {text: refs(session, q.CaseFilter(search=text)) for text in narrow} == narrow
