"""The Stations page: the year in numbers, a station's specialists, work log and allowance statement."""
import datetime as dt

import pytest
from builders import application, enterprise, station, walk

from kjdesk.db.models import Specialist
from kjdesk.services.allowances import issue, set_rate
from kjdesk.ui.context import AppContext
from kjdesk.ui.stations import StationsPage

D = dt.date


@pytest.fixture
def ctx(session_factory, db_path):
    with session_factory() as s, s.begin():
        set_rate(s, 2017, 50)
        st = station(s, "ST01")
        station(s, "ST02")
        sp = Specialist(code="SP1", name="王芳", station_id=st.id)
        s.add(sp)
        s.flush()
        app = walk(s, application(s, enterprise(s), D(2017, 5, 2), st=st), [(D(2017, 5, 3), "preliminary_passed")])
        app.specialist_id = sp.id
        walk(s, app, [(D(2017, 5, 9), "investigated", dict(specialist_id=sp.id)),
                      (D(2017, 5, 20), "investigated", dict(specialist_id=sp.id))])
    return AppContext(session_factory, db_path)


def cells(model, row):
    return [model.index(row, c).data() for c in range(model.columnCount())]


def test_the_stations_show_their_year_and_the_chosen_stations_specialists(qtbot, qtmodeltester, ctx):
    page = StationsPage(ctx)
    qtbot.addWidget(page)
    assert page.year.value() == 2017
    assert cells(page.stations, 0)[:5] == ["ST01服务站", "1", "1", "2", "0"]
    assert cells(page.specialists, 0)[:5] == ["王芳", "SP1", "1", "0", "2"]   # the review names nobody
    page.station_view.selectRow(1)
    assert page.specialists.rowCount() == 0
    for model in (page.stations, page.specialists, page.log, page.allowance):
        qtmodeltester.check(model)


def test_a_work_log_entry_is_added_changed_and_removed_after_confirmation(qtbot, ctx):
    page = StationsPage(ctx)
    qtbot.addWidget(page)
    assert page.add_entry((D(2017, 6, 1), "publicity_event", 40, "政策宣讲"))
    assert cells(page.stations, 0)[6:8] == ["1", "40"]   # events, attendees
    page.log_view.selectRow(0)
    assert page.edit_entry((D(2017, 6, 2), "publicity_event", 45, "政策宣讲"))
    assert cells(page.log, 0)[0] == "Jun 2, 2017"
    page.log_view.selectRow(0)
    assert not page.remove_entry(confirm=lambda text: False)
    assert page.log.rowCount() == 1
    page.log_view.selectRow(0)
    assert page.remove_entry(confirm=lambda text: True)
    assert page.log.rowCount() == 0


def test_a_bad_entry_is_refused_and_changes_nothing(qtbot, ctx, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    told = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: told.append(a[2]))
    page = StationsPage(ctx)
    qtbot.addWidget(page)
    assert not page.add_entry((D(2017, 6, 1), "absence", 3, ""))
    assert "attendees" in told[0] and page.log.rowCount() == 0


def test_the_allowance_statement_of_a_period_and_its_pdf(qtbot, ctx, tmp_path):
    page = StationsPage(ctx)
    qtbot.addWidget(page)
    page.period.setText("2017-05")
    st = page.show_statement()
    assert (len(st.lines), page.allowance.rowCount()) == (2, 2)
    assert "100.00" in page.statement_text.text()
    assert page.print_pdf(str(tmp_path / "s")).endswith(".pdf")
    assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF")
    page.period.setText("2017-13")
    assert page.show_statement() is None and "13" in page.statement_text.text()


def test_an_issued_statement_says_so(qtbot, ctx):
    with ctx.write() as s:
        issue(s, "ST01", "2017-05", "财务王", on=D(2017, 6, 2))
    page = StationsPage(ctx)
    qtbot.addWidget(page)
    page.period.setText("2017-05")
    page.show_statement()
    assert "Jun 2, 2017" in page.statement_text.text()
