"""The Assessment desk: ranking, items with computed and entered values, history, finalize, print."""
import datetime as dt

import pytest
from builders import station

from kjdesk.db.models import Activity
from kjdesk.ui.assessment_desk import AssessmentDeskPage
from kjdesk.ui.context import AppContext


@pytest.fixture
def ctx(session_factory, db_path):
    with session_factory() as s, s.begin():
        pd = station(s, "PD")
        station(s, "MH", "minhang")
        for _ in range(3):
            s.add(Activity(date=dt.date(2017, 5, 1), station_id=pd.id, type="publicity_event", title="宣讲"))
    return AppContext(session_factory, db_path)


def cells(model, row):
    return [model.index(row, c).data() for c in range(model.columnCount())]


def item_row(page, item_id):
    return next(r for r in range(page.items.rowCount()) if page.items.rows[r].item.id == item_id)


@pytest.fixture
def page(qtbot, ctx):
    page = AssessmentDeskPage(ctx)
    qtbot.addWidget(page)
    page.year.setValue(2017)
    page.ranking_view.selectRow(0)   # PD, first with its events
    return page


def test_the_ranking_and_a_sheets_items_with_not_entered_marked(page, qtmodeltester):
    assert [cells(page.ranking, r)[1] for r in range(page.ranking.rowCount())] == ["PD", "MH"]
    assert cells(page.ranking, 0)[4] == "incomplete"
    assert cells(page.items, item_row(page, "responsiveness"))[4] == "not entered"
    assert cells(page.items, item_row(page, "events"))[3:5] == ["6", "6"]
    for model in (page.ranking, page.items, page.history):
        qtmodeltester.check(model)


def test_an_adjustment_is_entered_shown_with_its_reason_and_kept_in_the_history(page):
    page.item_view.selectRow(item_row(page, "events"))
    page.score.setText("8")
    page.reason.setText("材料不全")
    page.by.setText("王明")
    assert page.save_score()
    row = cells(page.items, item_row(page, "events"))
    assert row[4] == "8 *" and "材料不全" in row[5]
    assert [cells(page.history, r)[1:3] for r in range(page.history.rowCount())] == [["events", "8"]]


def test_an_adjustment_without_a_reason_is_refused(page, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    told = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: told.append(a[2]))
    page.item_view.selectRow(item_row(page, "events"))
    page.score.setText("8")
    page.by.setText("王明")
    assert not page.save_score() and "reason" in told[0]
    assert page.history.rowCount() == 0


def test_finalizing_then_reopening_with_a_reason(page, tmp_path):
    assert page.close_year("主任", "")
    assert "finalized by 主任" in page.state.text() and not page.save_button.isEnabled()
    assert page.print_pdf(str(tmp_path / "all"), one=False).endswith(".pdf")
    assert page.print_pdf(str(tmp_path / "one.pdf"), one=True)
    assert (tmp_path / "one.pdf").read_bytes().startswith(b"%PDF")
    assert page.close_year("主任", "补录")
    assert page.state.text() == "open"
