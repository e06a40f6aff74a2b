"""The reports page shows the district and 3+X tables for the chosen year and exports them."""
import datetime as dt

import pytest
from builders import bank, enterprise, recommended, walk
from openpyxl import load_workbook

from kjdesk import i18n
from kjdesk.ui.context import AppContext
from kjdesk.ui.reports.page import ReportsPage, pdf_available

D = dt.date


@pytest.fixture
def ctx(session_factory, db_path):
    with session_factory() as s, s.begin():
        bank(s, "B01")
        for name, district, amount in (("甲", "xuhui", 500_000_000), ("乙", "xuhui", 250_500_000),
                                       ("丙", "pudong", 100_000_000)):
            app = recommended(s, enterprise(s, name=name, district=district), "B01", amount=amount)
            walk(s, app, [(D(2017, 4, 1), "bank_approved", dict(bank_code="B01", amount_fen=amount))])
    return AppContext(session_factory, db_path)


def cells(model, row):
    return [model.index(row, c).data() for c in range(model.columnCount())]


def row_named(model, name):
    return next(cells(model, r) for r in range(model.rowCount()) if model.index(r, 0).data() == name)


def loaded_page(qtbot, ctx):
    page = ReportsPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.models["districts"].rowCount() > 0, timeout=5000)
    return page


def test_the_page_opens_on_the_latest_year_with_both_tables(qtbot, qtmodeltester, ctx):
    page = loaded_page(qtbot, ctx)
    assert page.year.value() == 2017
    districts, products = page.models["districts"], page.models["products"]
    assert row_named(districts, "Xuhui") == ["Xuhui", "2", "2", "750.5", "0", "2", "750.5"]
    assert cells(districts, districts.rowCount() - 1) == ["Total", "3", "3", "850.5", "0", "3", "850.5"]
    assert cells(products, 0)[:3] == ["Performance-guarantee loan", "850.5", "3"]
    assert districts.headerData(3, 1) == "Recommended amount (10k CNY)"
    qtmodeltester.check(districts)
    qtmodeltester.check(products)


def test_the_page_opens_on_the_last_complete_year_not_the_partial_current_one(qtbot, ctx, session_factory):
    from kjdesk.services.settings import WORKING_DATE, set_setting

    with session_factory() as s, s.begin():
        recommended(s, enterprise(s, name="丁"), "B01", submitted=D(2018, 1, 8), passed=D(2018, 2, 1),
                    recommended_on=D(2018, 2, 6))
        set_setting(s, WORKING_DATE, "2018-03-31")
    assert loaded_page(qtbot, ctx).year.value() == 2017
    with session_factory() as s, s.begin():
        set_setting(s, WORKING_DATE, "2019-01-02")
    assert loaded_page(qtbot, ctx).year.value() == 2018


def test_another_year_is_counted_again(qtbot, ctx):
    page = loaded_page(qtbot, ctx)
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.year.setValue(2016)
    assert cells(page.models["districts"], 0)[0] == "Total"
    assert cells(page.models["products"], 0)[1:3] == ["0", "0"]


def test_names_and_numbers_follow_the_language(qtbot, ctx):
    page = loaded_page(qtbot, ctx)
    with qtbot.waitSignal(page.loaded, timeout=5000):
        i18n.set_language("zh_CN")
        ctx.language_changed.emit("zh_CN")
    assert row_named(page.models["districts"], "徐汇区")[1] == "2"
    assert page.models["districts"].headerData(3, 1) == "推荐金额（万元）"
    assert page.tabs.tabText(1) == "3+X 科技信贷产品"


def test_the_table_is_exported_as_a_workbook_off_the_gui_thread(qtbot, ctx, tmp_path):
    page = loaded_page(qtbot, ctx)
    job = page.export("districts", "xlsx", str(tmp_path / "districts"))
    with qtbot.waitSignal(job.ended, timeout=10000):
        pass
    sheet = load_workbook(tmp_path / "districts.xlsx").active
    rows = list(sheet.values)
    assert "2017" in rows[0][0]
    xuhui = next(row for row in rows if row[0] == "Xuhui")
    assert str(xuhui[3]) == "750.5"
    assert "districts.xlsx" in page.status.text()


@pytest.mark.skipif(not pdf_available(), reason="printing arrives with the assessment work")
def test_the_table_is_exported_as_a_pdf(qtbot, ctx, tmp_path):
    page = loaded_page(qtbot, ctx)
    job = page.export("products", "pdf", str(tmp_path / "products.pdf"))
    with qtbot.waitSignal(job.ended, timeout=20000):
        pass
    assert job.error is None
    assert (tmp_path / "products.pdf").read_bytes().startswith(b"%PDF")


def test_a_hidden_page_counts_again_only_when_shown(qtbot, ctx):
    page = loaded_page(qtbot, ctx)
    page.hide()
    ctx.data_changed.emit()
    assert page.stale
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.show()
    assert not page.stale


def test_a_slower_older_count_never_overwrites_the_answer_to_a_newer_question(qtbot, ctx, monkeypatch):
    import threading

    from kjdesk.services import statistics

    page = loaded_page(qtbot, ctx)
    release = threading.Event()
    real = statistics.district_table

    def slow_in_chinese(session, year, lang=None, **kw):
        if lang == "zh_CN":
            release.wait(5)
        return real(session, year, lang, **kw)

    monkeypatch.setattr(statistics, "district_table", slow_in_chinese)
    i18n.set_language("zh_CN")
    page.refresh()                      # the older question, held back
    i18n.set_language("en")
    page.refresh()                      # the newer one, answered first
    qtbot.waitUntil(lambda: page.status.text() == "", timeout=5000)
    release.set()
    qtbot.wait(300)
    assert row_named(page.models["districts"], "Xuhui")[0] == "Xuhui"


def test_the_subsidy_tab_shows_the_yearly_subsidy_table_with_its_total(qtbot, qtmodeltester, ctx, session_factory):
    from kjdesk.services.subsidies import register_case, take_step

    with session_factory() as s, s.begin():
        ent = enterprise(s, name="上海戊生物医药有限公司")
        case = register_case(s, program="clinical_trial_liability", credit_code=ent.credit_code, base_fen=30_000_000,
                             started=D(2017, 12, 5), submitted=D(2017, 12, 10), by="王芳", class_code="drug_class_1",
                             insured_fen=2_000_000_000)
        for status, day in (("accepted", D(2017, 12, 12)), ("expert_review", D(2017, 12, 15)),
                            ("approved", D(2017, 12, 20))):
            take_step(s, case.ref, status, day, by="中心")
    page = loaded_page(qtbot, ctx)
    qtbot.waitUntil(lambda: page.models["subsidies"].rowCount() > 0, timeout=5000)
    subsidies = page.models["subsidies"]
    qtmodeltester.check(subsidies)
    row = row_named(subsidies, "Clinical-trial liability insurance subsidy")
    assert row[1:6] == ["1", "1", "15", "2,000", "0"]
    assert cells(subsidies, subsidies.rowCount() - 1)[:4] == ["Total", "1", "1", "15"]
    page.tabs.setCurrentIndex(2)
    assert page.title.text() == "2017 subsidies by program"
