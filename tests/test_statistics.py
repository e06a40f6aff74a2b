"""The district table and the 3+X table, counted the way DOMAIN.md says."""
import datetime as dt
from decimal import Decimal

from builders import application, bank, enterprise, recommended, walk

from kjdesk.services.statistics import ProductRow, district_table, product_table

D = dt.date
WAN = 1_000_000


def test_a_case_counts_as_recommended_in_the_year_it_passed_review_with_the_review_amount(session):
    bank(session, "B1")
    ent = enterprise(session, district="minhang")
    recommended(session, ent, "B1", passed=D(2017, 3, 1), recommended_on=D(2017, 3, 2), amount=300 * WAN)
    row = district_table(session, 2017, "zh_CN").rows[0]
    assert (row.district, row.applications, row.recommended_count, row.recommended_fen) == ("闵行区", 1, 1, 300 * WAN)


def test_approval_counts_in_the_year_of_the_bank_approval_with_the_bank_amount(session):
    bank(session, "B1")
    app = recommended(session, enterprise(session), "B1", submitted=D(2016, 11, 1),
                      passed=D(2016, 12, 1), recommended_on=D(2016, 12, 5))
    walk(session, app, [(D(2017, 1, 20), "bank_approved", dict(bank_code="B1", amount_fen=450 * WAN))])
    t2016, t2017 = district_table(session, 2016), district_table(session, 2017)
    assert (t2016.total.recommended_count, t2016.total.approved_count) == (1, 0)
    assert (t2017.total.applications, t2017.total.approved_count, t2017.total.approved_fen) == (0, 1, 450 * WAN)


def test_deferred_counts_only_when_the_latest_decision_of_the_year_is_a_deferral_without_a_pass(session):
    ent = enterprise(session)
    only_deferred = application(session, ent, D(2017, 1, 2))
    walk(session, only_deferred, [(D(2017, 1, 5), "preliminary_passed"), (D(2017, 2, 1), "review_deferred")])
    deferred_then_passed = application(session, ent, D(2017, 1, 2))
    walk(session, deferred_then_passed, [(D(2017, 1, 5), "preliminary_passed"), (D(2017, 2, 1), "review_deferred"),
                                         (D(2017, 3, 1), "review_passed", dict(amount_fen=WAN))])
    deferred_into_next_year = application(session, ent, D(2017, 1, 2))
    walk(session, deferred_into_next_year, [(D(2017, 1, 5), "preliminary_passed"),
                                            (D(2017, 12, 1), "review_deferred"), (D(2018, 1, 10), "review_rejected")])
    total = district_table(session, 2017).total
    assert (total.deferred_count, total.recommended_count) == (2, 1)


def test_other_products_are_left_out_of_the_district_table(session):
    application(session, enterprise(session), D(2017, 5, 1), product="micro_loan")
    assert district_table(session, 2017).total.applications == 0


def test_district_names_follow_the_language(session):
    application(session, enterprise(session, district="jingan"), D(2017, 5, 1))
    assert district_table(session, 2017, "en").rows[0].district == "Jing'an"
    assert district_table(session, 2017, "zh_CN").total.district == "总计"


def test_product_table_counts_approvals_this_year_last_year_and_cumulatively(session):
    bank(session, "B1")
    for year, amount in [(2015, 100), (2016, 200), (2017, 300), (2017, 50), (2018, 999)]:
        app = recommended(session, enterprise(session), "B1", submitted=D(year, 1, 2), passed=D(year, 2, 1),
                          recommended_on=D(year, 2, 2))
        walk(session, app, [(D(year, 3, 1), "bank_approved", dict(bank_code="B1", amount_fen=amount * WAN))])
    row = product_table(session, 2017).rows[0]
    assert row.product_code == "performance_loan"
    assert (row.approved_fen, row.loans, row.approved_fen_last, row.loans_last) == (350 * WAN, 2, 200 * WAN, 1)
    assert (row.cumulative_fen, row.cumulative_loans) == (650 * WAN, 4)
    assert row.change_pct == Decimal(75) and row.change_pct_rounded == 75


def test_change_is_rounded_to_whole_percent_like_the_published_table():
    assert ProductRow("x", "x", approved_fen=220240, approved_fen_last=164024).change_pct_rounded == 34
    assert ProductRow("x", "x", approved_fen=4800, approved_fen_last=6355).change_pct_rounded == -24
    assert ProductRow("x", "x", approved_fen=1, approved_fen_last=0).change_pct is None


def test_the_total_includes_products_not_listed(session):
    from kjdesk.db.models import Product
    session.add(Product(code="legacy_loan", name_zh="旧产品", name_en="Legacy"))
    bank(session, "B1")
    app = recommended(session, enterprise(session), "B1", submitted=D(2013, 1, 2), passed=D(2013, 2, 1),
                      recommended_on=D(2013, 2, 2), product="legacy_loan")
    walk(session, app, [(D(2013, 3, 1), "bank_approved", dict(bank_code="B1", amount_fen=70 * WAN))])
    table = product_table(session, 2017, "zh_CN")
    assert [r.product_code for r in table.rows] == ["performance_loan", "little_giant_credit", "micro_loan",
                                                    "venture_loan"]
    assert (table.total.product, table.total.cumulative_fen, table.total.cumulative_loans) == ("合计（含其他）", 70 * WAN, 1)
