"""The case, enterprise and work lists: lazy models that pass Qt's model tests, filters and search
answered by SQL, and the work list's warning colours."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kjdesk.services.worklist import Section
from kjdesk.ui.case_list import CaseListPage
from kjdesk.ui.enterprise_list import EnterpriseListPage
from kjdesk.ui.paged_model import Column, PagedTableModel
from kjdesk.ui.worklist import LEVEL_COLORS, ROW_TINTS, WorkListPage

from conftest import AS_OF


def shown_refs(page) -> list[str]:
    model = page.model
    return [model.index(r, 0 if isinstance(page, CaseListPage) else 2).data() for r in range(model.rowCount())]


@pytest.fixture
def case_page(qtbot, ctx):
    page = CaseListPage(ctx)
    qtbot.addWidget(page)
    return page


def test_case_list_model_passes_qt_model_tests(qtmodeltester, case_page):
    qtmodeltester.check(case_page.model)


def test_enterprise_list_model_passes_qt_model_tests(qtmodeltester, qtbot, ctx):
    page = EnterpriseListPage(ctx)
    qtbot.addWidget(page)
    qtmodeltester.check(page.model)


@pytest.mark.parametrize("section", list(Section))
def test_work_list_models_pass_qt_model_tests(qtmodeltester, qtbot, ctx, section):
    page = WorkListPage(ctx, as_of=AS_OF)
    qtbot.addWidget(page)
    page.tabs.setCurrentIndex(list(Section).index(section))
    qtmodeltester.check(page.model)


def test_all_cases_are_listed_newest_submission_first_with_their_count(case_page, cases):
    assert case_page.model.rowCount() == len(cases)
    assert shown_refs(case_page)[0] == "KJ2017-0101"
    assert case_page.count_label.text() == f"Matching cases: {len(cases)}"


def test_search_as_you_type_waits_for_a_pause_then_queries(qtbot, case_page, cases):
    qtbot.keyClicks(case_page.search, "kj2017-00")
    assert case_page.model.rowCount() == len(cases)  # not yet: the search waits for a pause in typing
    qtbot.waitUntil(lambda: case_page.model.rowCount() == 5, timeout=2000)
    assert case_page.count_label.text() == "Matching cases: 5"
    # A later search wins over one still running.
    case_page.search.setText("kj2016")
    case_page._requery()
    case_page.search.setText("kj2017-01")
    case_page.wait_for_search()
    assert shown_refs(case_page) == ["KJ2017-0101", "KJ2017-0102", "KJ2017-0103", "KJ2017-0104"]
    for char in "生物医药":  # input methods commit Chinese a character or a word at a time
        case_page.search.insert(char)
    case_page.search.clear()
    case_page.search.insert("生物医药")
    qtbot.waitUntil(lambda: case_page.model.rowCount() == 4, timeout=2000)


def choose(page, combo, key):
    combo.setCurrentIndex(combo.findData(key) if key is not None else 0)
    page.wait_for_search()  # the query runs off the GUI thread


def test_filters_narrow_the_list_and_the_count(case_page):
    choose(case_page, case_page.status, "at_bank")
    assert case_page.model.rowCount() == 5
    choose(case_page, case_page.product, "micro_loan")
    assert shown_refs(case_page) == ["KJ2017-0030"]
    choose(case_page, case_page.status, None)
    choose(case_page, case_page.product, None)
    choose(case_page, case_page.year, 2016)
    assert shown_refs(case_page) == ["KJ2016-0001"]
    assert case_page.count_label.text() == "Matching cases: 1"


def test_clicking_a_header_sorts_in_sql(case_page, cases):
    header = case_page.table.horizontalHeader()
    header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # the Reference column
    case_page.wait_for_search()
    assert shown_refs(case_page) == sorted(cases)
    header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    case_page.wait_for_search()
    assert shown_refs(case_page) == sorted(cases, reverse=True)


def test_enter_on_a_case_asks_to_open_it(qtbot, case_page, ctx, cases):
    case_page.table.setFocus()
    case_page.table.setCurrentIndex(case_page.model.index(0, 0))
    with qtbot.waitSignal(ctx.open_case) as opened:
        qtbot.keyClick(case_page.table, Qt.Key.Key_Return)
    assert opened.args == [cases["KJ2017-0101"]]


def test_enterprise_list_searches_and_shows_an_enterprises_cases(qtbot, ctx):
    page = EnterpriseListPage(ctx)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 3
    page.search.setText("甲光电")
    page.wait_for_search()
    assert page.model.rowCount() == 1
    assert page.count_label.text() == "Matching enterprises: 1"
    with qtbot.waitSignal(page.show_cases) as shown:
        page.open_row(0)
    assert shown.args == [page.model.row_at(0).credit_code]


def test_rows_are_fetched_a_page_at_a_time_never_per_cell(qtbot):
    fetched: list[list[int]] = []

    def rows(ids):
        fetched.append(list(ids))
        return {i: f"row {i}" for i in ids}

    model = PagedTableModel([Column(lambda: "A", str), Column(lambda: "B", str)],
                            lambda _sort, _desc: list(range(1000)), rows)
    model.refresh()
    for r in range(250):
        for c in range(2):
            model.index(r, c).data()
    assert [(page[0], len(page)) for page in fetched] == [(0, 200), (200, 200)]
    model.index(999, 1).data()
    assert fetched[-1][0] == 800 and len(fetched) == 3


def test_the_page_cache_is_bounded_however_far_one_scrolls():
    model = PagedTableModel([Column(lambda: "A", str)], lambda _s, _d: list(range(200 * 80)),
                            lambda ids: {i: i for i in ids})
    model.refresh()
    for r in range(0, model.rowCount(), 100):
        model.index(r, 0).data()
    assert model.cached_pages() == PagedTableModel.PAGES_KEPT


def test_work_list_colours_each_warning_line_and_shows_days_and_bank(qtbot, ctx):
    page = WorkListPage(ctx, as_of=AS_OF)
    qtbot.addWidget(page)
    model = page.model
    cells = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert [(row[0], row[1], row[2], row[4]) for row in cells] == [
        ("90+ days", "121", "KJ2017-0090", "Bank B01"),
        ("60+ days", "71", "KJ2017-0061", "Bank B02"),
        ("60+ days", "66", "KJ2017-0062", "Bank B01"),
        ("30+ days", "36", "KJ2017-0030", "Bank B02"),
    ]
    backgrounds = [model.index(r, 0).data(Qt.ItemDataRole.BackgroundRole).color() for r in range(4)]
    assert backgrounds == [LEVEL_COLORS[90], LEVEL_COLORS[60], LEVEL_COLORS[60], LEVEL_COLORS[30]]
    # The rest of the row is a light tint of its line's colour.
    assert model.index(0, 3).data(Qt.ItemDataRole.BackgroundRole).color() == ROW_TINTS[90]
    # Readable: dark text on light colours.
    assert all(c.lightness() > 150 for c in [*LEVEL_COLORS.values(), *ROW_TINTS.values()])
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole).color().lightness() < 60


def test_work_list_tabs_count_each_section(qtbot, ctx):
    page = WorkListPage(ctx, as_of=AS_OF)
    qtbot.addWidget(page)
    texts = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert texts == ["Past the warning lines (4)", "Follow-ups due this month (2)",
                     "Awaiting preliminary review (1)", "Awaiting site visit (1)", "Awaiting review meeting (2)"]


def test_one_click_on_the_work_list_opens_the_case(qtbot, ctx, cases):
    page = WorkListPage(ctx, as_of=AS_OF)
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentIndex(list(Section).index(Section.MEETING))
    rect = page.table.visualRect(page.model.index(1, 1))
    with qtbot.waitSignal(ctx.open_case) as opened:
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [cases["KJ2017-0103"]]


def test_a_write_elsewhere_refreshes_the_visible_list(qtbot, case_page, ctx, cases):
    from kjdesk.services.cases import record_event
    import datetime as dt

    case_page.show()
    choose(case_page, case_page.status, "submitted")
    assert shown_refs(case_page) == ["KJ2017-0101"]
    with ctx.write() as session:
        record_event(session, cases["KJ2017-0101"], "preliminary_passed", dt.date(2017, 6, 30))
    assert shown_refs(case_page) == []


def test_the_work_list_counts_to_the_databases_working_date(qtbot, ctx):
    from kjdesk.services.settings import WORKING_DATE, set_setting

    with ctx.write() as session:
        set_setting(session, WORKING_DATE, AS_OF.isoformat())  # as a demo database is frozen
    page = WorkListPage(ctx)
    qtbot.addWidget(page)
    assert page.as_of() == AS_OF
    assert page.title.text() == "Work list for Jun 30, 2017"
    assert page.tabs.tabText(0) == "Past the warning lines (4)"


def test_an_enterprise_is_edited_from_the_list_and_its_credit_code_is_checked_again(qtbot, ctx, answer_dialog):
    page = EnterpriseListPage(ctx)
    qtbot.addWidget(page)
    page.search.setText("甲光电")
    page.wait_for_search()
    assert not page.edit_button.isEnabled()   # nothing selected yet
    page.table.selectRow(0)
    code = page.model.row_at(0).credit_code
    checked = []

    def correct(dialog):
        dialog.code.setText(code[:-1] + ("0" if code[-1] != "0" else "1"))   # a wrong check character
        checked.append(dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled())
        dialog.code.setText(code)
        dialog.name.setText("上海甲光电股份有限公司")
        dialog.accept()

    answer_dialog(correct)
    page.edit_button.click()
    page.wait_for_search()
    assert checked == [False]
    page.search.setText("股份")
    page.wait_for_search()
    assert page.model.row_at(0).name == "上海甲光电股份有限公司"
