"""A station's workload and each specialist's: events counted by their dates (DOMAIN.md, Station workloads)."""
import csv
import datetime as dt
import io
import json

import pytest
from builders import application, bank, enterprise, station, walk
from openpyxl import load_workbook

from kjdesk.cli import main
from kjdesk.db.models import Activity, Specialist, SubsidyCase, SubsidyStatus
from kjdesk.domain.errors import DomainError
from kjdesk.domain.workload import month_period, parse_period, quarter_period, year_period
from kjdesk.services.workload import workload

D = dt.date


def specialist(session, st, code):
    sp = Specialist(code=code, name=f"专员{code}", station_id=st.id)
    session.add(sp)
    session.flush()
    return sp


def counts(session, period, code):
    data = workload(session, period)
    return next(r for r in data.stations + data.specialists if r["code"] == code)


def test_two_visits_count_two(session):
    st = station(session)
    app = walk(session, application(session, enterprise(session), D(2017, 3, 1), st=st),
               [(D(2017, 3, 2), "preliminary_passed"), (D(2017, 3, 5), "investigated"), (D(2017, 3, 9), "investigated")])
    assert app.station_id == st.id
    assert counts(session, year_period(2017), "ST01")["visits"] == 2


def test_a_preliminary_review_is_passed_or_returned(session):
    st = station(session)
    walk(session, application(session, enterprise(session), D(2017, 3, 1), st=st),
         [(D(2017, 3, 2), "preliminary_returned")])
    bank(session, "B01")
    walk(session, application(session, enterprise(session), D(2017, 4, 1), st=st),
         [(D(2017, 4, 2), "preliminary_passed"), (D(2017, 4, 20), "investigated"),
          (D(2017, 5, 10), "review_passed", dict(amount_fen=100_000_000)),
          (D(2017, 5, 15), "recommended", dict(bank_code="B01", amount_fen=100_000_000)),
          (D(2017, 9, 1), "followed_up")])
    row = counts(session, year_period(2017), "ST01")
    assert (row["applications"], row["preliminary_reviews"], row["visits"], row["follow_ups"]) == (2, 2, 1, 1)


def test_events_count_in_the_period_of_their_date(session):
    st = station(session)
    walk(session, application(session, enterprise(session), D(2016, 12, 20), st=st),
         [(D(2017, 1, 3), "preliminary_passed")])
    assert counts(session, year_period(2016), "ST01")["applications"] == 1
    assert counts(session, year_period(2016), "ST01")["preliminary_reviews"] == 0
    assert counts(session, month_period(2017, 1), "ST01")["preliminary_reviews"] == 1
    assert counts(session, month_period(2017, 2), "ST01")["preliminary_reviews"] == 0


def test_a_station_counts_its_cases_whoever_worked_them_and_a_specialist_the_events_naming_them(session):
    st1, st2 = station(session, "ST01"), station(session, "ST02")
    own, other = specialist(session, st1, "SP1"), specialist(session, st2, "SP2")
    app = application(session, enterprise(session), D(2017, 3, 1), st=st1)
    app.specialist_id = own.id
    walk(session, app, [(D(2017, 3, 2), "preliminary_passed", dict(specialist_id=own.id)),
                        (D(2017, 3, 5), "investigated", dict(specialist_id=other.id))])
    assert counts(session, year_period(2017), "ST01")["visits"] == 1
    assert counts(session, year_period(2017), "ST02")["visits"] == 0
    assert counts(session, year_period(2017), "SP2")["visits"] == 1
    sp1 = counts(session, year_period(2017), "SP1")
    assert (sp1["applications"], sp1["preliminary_reviews"], sp1["visits"], sp1["station"]) == (1, 1, 0, "ST01")


def test_events_attendees_and_absences_come_from_the_work_log(session):
    st = station(session)
    session.add_all([Activity(date=D(2017, 5, 1), station_id=st.id, type="publicity_event", attendees=40),
                     Activity(date=D(2017, 6, 1), station_id=st.id, type="matchmaking_event", attendees=25),
                     Activity(date=D(2017, 6, 9), station_id=st.id, type="training_event"),
                     Activity(date=D(2017, 7, 1), station_id=st.id, type="absence"),
                     Activity(date=D(2017, 7, 2), station_id=st.id, type="work_summary")])
    session.flush()
    row = counts(session, year_period(2017), "ST01")
    assert (row["events"], row["attendees"], row["absences"]) == (3, 65, 1)
    assert counts(session, month_period(2017, 6), "ST01")["attendees"] == 25


def test_subsidy_cases_count_when_the_station_accepts_them(session):
    st = station(session)
    ent = enterprise(session)
    for n, accepted in enumerate((D(2017, 4, 3), D(2018, 1, 2))):
        case = SubsidyCase(ref=f"S{n}", program_code="performance_loan_premium", enterprise_id=ent.id,
                           station_id=st.id, submitted=accepted - dt.timedelta(days=2), status="accepted",
                           status_date=accepted)
        case.history = [SubsidyStatus(status="submitted", date=accepted - dt.timedelta(days=2)),
                        SubsidyStatus(status="accepted", date=accepted)]
        session.add(case)
    session.flush()
    assert counts(session, year_period(2017), "ST01")["subsidy_cases"] == 1


@pytest.mark.parametrize("text, start, end", [("2017-06", D(2017, 6, 1), D(2017, 6, 30)),
                                              ("2017-Q4", D(2017, 10, 1), D(2017, 12, 31)),
                                              ("2016-2", D(2016, 2, 1), D(2016, 2, 29))])
def test_a_period_is_a_month_or_a_quarter(text, start, end):
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)


def test_the_period_after_december_and_the_last_quarter_is_in_the_next_year():
    assert month_period(2017, 12).next().name == "2018-01"
    assert quarter_period(2017, 4).next().name == "2018-Q1"


@pytest.mark.parametrize("text, named", [("2017-13", "month 13"), ("2017-Q5", "quarter 5"), ("June", "“June”"),
                                         ("", "period “”")])
def test_a_period_that_is_no_month_or_quarter_is_refused_naming_it(text, named):
    with pytest.raises(DomainError, match=named):
        parse_period(text)


def small_db(session_factory):
    with session_factory() as s, s.begin():
        st = station(s)
        sp = specialist(s, st, "SP1")
        app = application(s, enterprise(s), D(2017, 3, 1), st=st)
        app.specialist_id = sp.id
        walk(s, app, [(D(2017, 3, 2), "preliminary_passed", dict(specialist_id=sp.id)),
                      (D(2017, 6, 5), "investigated", dict(specialist_id=sp.id))])


def test_the_workload_report_as_json(session_factory, db_path, capsys):
    small_db(session_factory)
    assert main(["report", "workload", "--year", "2017", "--db", str(db_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {"year": 2017,
                    "stations": [{"code": "ST01", "applications": 1, "preliminary_reviews": 1, "visits": 1,
                                  "follow_ups": 0, "subsidy_cases": 0, "events": 0, "attendees": 0, "absences": 0}],
                    "specialists": [{"code": "SP1", "station": "ST01", "applications": 1, "preliminary_reviews": 1,
                                     "visits": 1, "follow_ups": 0}]}
    assert main(["report", "workload", "--year", "2017", "--month", "6", "--db", str(db_path)]) == 0
    june = json.loads(capsys.readouterr().out)
    assert (june["month"], june["stations"][0]["applications"], june["stations"][0]["visits"]) == (6, 0, 1)


def test_the_workload_report_as_csv_workbook_and_pdf(session_factory, db_path, tmp_path, capsys):
    small_db(session_factory)
    assert main(["report", "workload", "--year", "2017", "--format", "csv", "--db", str(db_path)]) == 0
    stations_part, specialists_part = capsys.readouterr().out.split("\n\n")
    assert list(csv.DictReader(io.StringIO(stations_part)))[0]["visits"] == "1"
    assert list(csv.DictReader(io.StringIO(specialists_part)))[0]["code"] == "SP1"
    out = tmp_path / "w.xlsx"
    assert main(["report", "workload", "--year", "2017", "--format", "xlsx", "-o", str(out), "--db", str(db_path),
                 "--lang", "zh_CN"]) == 0
    assert len(load_workbook(out).sheetnames) == 2
    pdf = tmp_path / "w.pdf"
    assert main(["report", "workload", "--year", "2017", "--format", "pdf", "-o", str(pdf), "--db", str(db_path)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_month_that_is_no_month_is_refused(session_factory, db_path, capsys):
    small_db(session_factory)
    assert main(["report", "workload", "--year", "2017", "--month", "13", "--db", str(db_path)]) == 2
    assert "13" in capsys.readouterr().err
