"""The Subsidies page: a lazy model that passes Qt's model tests, filters and search answered by SQL."""
from __future__ import annotations

import datetime as dt

import pytest

from kjdesk.ui.subsidy_list import SubsidyListPage

from builders import enterprise
from kjdesk.services.subsidies import case_by_ref, register_case, take_step

D = dt.date
WAN = 1_000_000


@pytest.fixture
def page(qtbot, ctx, session_factory):
    with session_factory() as s, s.begin():
        for n, (name, program, quals) in enumerate((("上海甲生物医药有限公司", "clinical_trial_liability", ""),
                                                     ("上海乙科技有限公司", "innovation_voucher", "tech_sme"),
                                                     ("上海丙科技有限公司", "innovation_voucher", "tech_sme"))):
            ent = enterprise(s, name=name)
            ent.qualifications = quals
            case = register_case(s, program=program, credit_code=ent.credit_code, base_fen=(10 + n) * WAN,
                                 started=D(2018, 1, 5), submitted=D(2018, 1, 10 + n), by="王芳",
                                 class_code="drug_class_1" if n == 0 else None, ref=f"S{n + 1}")
        take_step(s, case.ref, "accepted", D(2018, 2, 1), by="王芳")
    p = SubsidyListPage(ctx)
    qtbot.addWidget(p)
    return p


def refs(page) -> list[str]:
    return [page.model.index(r, 0).data() for r in range(page.model.rowCount())]


def test_the_subsidy_list_model_passes_qt_model_tests(qtmodeltester, page):
    qtmodeltester.check(page.model)


def test_cases_are_listed_latest_step_first_with_their_count(page):
    assert refs(page) == ["S3", "S2", "S1"]
    assert page.model.index(0, 3).data() == "Accepted by the station"
    assert page.model.index(2, 6).data() == "5"  # 50 % of 10 万元
    assert page.count_label.text() == "Matching subsidy cases: 3"


def test_filters_and_search_narrow_the_list(page):
    page.program.setCurrentIndex(page.program.findData("innovation_voucher"))
    page.wait_for_search()
    assert refs(page) == ["S3", "S2"]
    page.status.setCurrentIndex(page.status.findData("submitted"))
    page.wait_for_search()
    assert refs(page) == ["S2"]
    page.program.setCurrentIndex(0)
    page.status.setCurrentIndex(0)
    page.search.setText("生物")
    page._search_now()
    assert refs(page) == ["S1"]


def test_opening_a_case_shows_its_view(page, answer_dialog):
    seen = answer_dialog(lambda dialog: dialog.reject())
    page.open_row(refs(page).index("S3"))
    assert seen == ["Subsidy case S3"]


def test_next_step_offers_only_the_steps_the_case_may_take_and_records_the_chosen_one(page, answer_dialog,
                                                                                      session_factory):
    page.show()
    page.table.selectRow(refs(page).index("S3"))
    offered = []

    def approve_review(dialog):
        offered.extend(dialog.status.itemData(i) for i in range(dialog.status.count()))
        dialog.status.setCurrentIndex(dialog.status.findData("expert_review"))
        dialog.date.setDate(dialog.date.date().fromString("2018-02-05", "yyyy-MM-dd"))
        dialog.by.setText("生物医药促进中心")
        dialog.accept()

    seen = answer_dialog(approve_review)
    assert page.take_step()
    assert seen == ["Next step of S3"]
    assert offered == ["expert_review", "rejected"]
    with session_factory() as s:
        case = case_by_ref(s, "S3")
        assert (case.status, case.status_date, case.history[-1].by) == ("expert_review", D(2018, 2, 5), "生物医药促进中心")
    assert page.model.index(refs(page).index("S3"), 3).data() == "Expert review"  # the list re-read


def test_the_page_shows_each_budget_against_what_was_approved_and_paid_this_year(page, session_factory):
    from kjdesk.db.models import SubsidyProgram
    from kjdesk.services.settings import WORKING_DATE, set_setting

    with session_factory() as s, s.begin():
        s.get(SubsidyProgram, "innovation_voucher").budget_fen = 1000 * WAN
        set_setting(s, WORKING_DATE, "2018-03-31")
        take_step(s, "S3", "expert_review", D(2018, 2, 2), by="中心")
        take_step(s, "S3", "approved", D(2018, 2, 3), by="中心")
    page.load_choices()
    assert page.budgets.text() == ("2018 Innovation voucher: approved 6 (10k CNY), paid 0 (10k CNY) of the budget "
                                   "1,000 (10k CNY) (0.6% approved)")
