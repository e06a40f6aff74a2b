"""Visit allowances (DOMAIN.md): once per case, specialist and day; statements once issued keep their figures."""
import datetime as dt
import json
from decimal import Decimal

import pytest
from builders import application, enterprise, station, walk
from openpyxl import load_workbook

from kjdesk.cli import main
from kjdesk.db.models import AllowanceRate, Specialist
from kjdesk.domain.allowances import yuan_to_fen
from kjdesk.domain.errors import DomainError
from kjdesk.services.allowances import issue, set_rate, statement

D = dt.date


def specialist(session, st, code):
    sp = Specialist(code=code, name=f"专员{code}", station_id=st.id)
    session.add(sp)
    session.flush()
    return sp


def visited(session, st, days, *, by=None, submitted=D(2017, 5, 2)):
    """A case of ``st`` with a visit on each of ``days`` (by specialist ``by``)."""
    app = walk(session, application(session, enterprise(session), submitted, st=st),
               [(submitted + dt.timedelta(days=1), "preliminary_passed")])
    return walk(session, app, [(day, "investigated", dict(specialist_id=by.id if by else None)) for day in days])


@pytest.fixture
def st(session):
    set_rate(session, 2016, 40)
    set_rate(session, 2017, "50.5")
    return station(session)


def test_each_visit_is_paid_at_the_rate_in_force_in_its_year(session, st):
    visited(session, st, [D(2017, 6, 3), D(2017, 6, 20)])
    june = statement(session, "ST01", "2017-06")
    assert (len(june.lines), june.per_visit_fen, june.total_fen) == (2, 5050, 10100)
    assert june.record()["total_yuan"] == Decimal("101")


def test_a_visit_counts_once_per_case_specialist_and_day(session, st):
    a, b = specialist(session, st, "SP1"), specialist(session, st, "SP2")
    app = visited(session, st, [D(2017, 6, 3)], by=a)
    walk(session, app, [(D(2017, 6, 3), "investigated", dict(specialist_id=a.id)),   # recorded twice
                        (D(2017, 6, 3), "investigated", dict(specialist_id=b.id)),   # a colleague came along
                        (D(2017, 6, 4), "investigated", dict(specialist_id=a.id))])  # the next day
    assert len(statement(session, "ST01", "2017-06").lines) == 3


def test_a_visit_belongs_to_the_station_of_its_case(session, st):
    other = station(session, "ST02")
    visited(session, st, [D(2017, 6, 3)], by=specialist(session, other, "SP9"))
    assert len(statement(session, "ST01", "2017-06").lines) == 1
    assert statement(session, "ST02", "2017-06").lines == []


def test_a_quarter_lists_the_visits_of_its_three_months(session, st):
    visited(session, st, [D(2017, 3, 31), D(2017, 4, 1), D(2017, 6, 30), D(2017, 7, 1)], submitted=D(2017, 3, 1))
    assert [ln.date for ln in statement(session, "ST01", "2017-Q2").lines] == [D(2017, 4, 1), D(2017, 6, 30)]


def test_an_issued_statement_keeps_its_figures_and_a_late_visit_goes_onto_the_next(session, st):
    app = visited(session, st, [D(2017, 6, 3)])
    issue(session, "ST01", "2017-06", "财务王", on=D(2017, 7, 2))
    walk(session, app, [(D(2017, 6, 28), "investigated")])   # recorded after the statement was issued
    session.get(AllowanceRate, 2017).per_visit_fen = 9900   # and the rate changed since
    june = statement(session, "ST01", "2017-06")
    assert (june.issued_on, len(june.lines), june.total_fen) == (D(2017, 7, 2), 1, 5050)
    july = statement(session, "ST01", "2017-07")
    assert [(ln.date, ln.late) for ln in july.lines] == [(D(2017, 6, 28), True)]
    issue(session, "ST01", "2017-07", "财务王")
    assert statement(session, "ST01", "2017-08").lines == []


def test_a_statement_is_issued_once(session, st):
    issue(session, "ST01", "2017-06", "财务王")
    with pytest.raises(DomainError, match="issued"):
        issue(session, "ST01", "2017-06", "财务王")


@pytest.mark.parametrize("value, named", [(-1, "below 0"), ("-0.01", "below 0"), (12.5, "not exact"),
                                         ("1.005", "two decimals"), ("abc", "not an amount")])
def test_a_rate_below_zero_or_not_exact_is_refused_naming_the_field(session, value, named):
    with pytest.raises(DomainError, match=f"per_visit.*{named}"):
        set_rate(session, 2018, value)
    assert session.get(AllowanceRate, 2018) is None


def test_rates_are_exact_fen():
    assert (yuan_to_fen("50"), yuan_to_fen("50.5"), yuan_to_fen(0), yuan_to_fen("0.01")) == (5000, 5050, 0, 1)


def test_without_a_rate_in_force_the_statement_says_so(session):
    station(session)
    set_rate(session, 2018, 50)
    with pytest.raises(DomainError, match="2017"):
        statement(session, "ST01", "2017-06")


def small_db(session_factory):
    with session_factory() as s, s.begin():
        set_rate(s, 2017, 50)
        stn = station(s)
        visited(s, stn, [D(2017, 6, 3), D(2017, 6, 9)], by=specialist(s, stn, "SP1"))


def test_the_statement_as_json_and_issuing_it(session_factory, db_path, capsys):
    small_db(session_factory)
    args = ["allowances", "--station", "ST01", "--period", "2017-06", "--db", str(db_path)]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert {k: data[k] for k in ("station", "period", "per_visit_yuan", "visits", "total_yuan", "issued_on")} == {
        "station": "ST01", "period": "2017-06", "per_visit_yuan": 50, "visits": 2, "total_yuan": 100, "issued_on": None}
    assert data["rows"][0] == {"date": "2017-06-03", "ref": data["rows"][0]["ref"], "enterprise": "上海测试科技有限公司",
                               "specialist": "专员SP1", "late": False}
    assert main(args + ["--issue"]) == 2
    assert "--by" in capsys.readouterr().err
    assert main(args + ["--issue", "--by", "财务王"]) == 0
    assert json.loads(capsys.readouterr().out)["issued_on"] == dt.date.today().isoformat()


def test_the_statement_as_pdf_and_workbook(session_factory, db_path, tmp_path):
    small_db(session_factory)
    args = ["allowances", "--station", "ST01", "--period", "2017-Q2", "--db", str(db_path), "--lang", "zh_CN"]
    assert main(args + ["--format", "pdf", "-o", str(tmp_path / "s.pdf")]) == 0
    assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF")
    assert main(args + ["--format", "xlsx", "-o", str(tmp_path / "s.xlsx")]) == 0
    rows = list(load_workbook(tmp_path / "s.xlsx").active.values)
    assert rows[-1][4] == 100


def test_an_unknown_station_or_period_is_refused_naming_it(session_factory, db_path, capsys):
    small_db(session_factory)
    assert main(["allowances", "--station", "ST99", "--period", "2017-06", "--db", str(db_path)]) == 2
    assert "ST99" in capsys.readouterr().err
    assert main(["allowances", "--station", "ST01", "--period", "2017-13", "--db", str(db_path)]) == 2
    assert "13" in capsys.readouterr().err


def test_rates_come_from_the_exchange_workbook_and_go_back_out_exactly(tmp_path, session_factory):
    from exchange_helpers import read_book, valid_sheets, write_book

    from kjdesk.services.exchange.importer import import_workbook
    from kjdesk.services.exchange.writer import export_workbook

    sheets = valid_sheets()
    sheets["allowance_rates"] = [["first_year", "per_visit"], [2016, 40], [2017, "50.5"]]
    import_workbook(session_factory, write_book(tmp_path / "a.xlsx", sheets))
    with session_factory() as s:
        assert statement(s, "ST01", "2017-01").record()["total_yuan"] == Decimal("50.5")
        export_workbook(s, tmp_path / "out.xlsx")
    assert read_book(tmp_path / "out.xlsx")["allowance_rates"][1:] == [[2016, 40], [2017, 50.5]]


def test_a_rate_below_zero_in_the_workbook_is_refused_naming_the_row_and_column(tmp_path, session_factory):
    from exchange_helpers import valid_sheets, write_book

    from kjdesk.services.exchange.importer import ImportRefused, import_workbook

    sheets = valid_sheets()
    sheets["allowance_rates"] = [["first_year", "per_visit"], [2017, -5]]
    with pytest.raises(ImportRefused) as caught:
        import_workbook(session_factory, write_book(tmp_path / "a.xlsx", sheets))
    assert [(p.sheet, p.row, p.column) for p in caught.value.problems] == [("allowance_rates", 2, "per_visit")]
    with session_factory() as s:
        assert s.get(AllowanceRate, 2017) is None
