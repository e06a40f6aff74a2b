"""Adjustments become history; a manual item not entered is 未录入; a finalized year keeps its signed figures."""
from __future__ import annotations

import datetime as dt
import json

import pytest

import builders as b
from kjdesk.assessment.closing import finalize, reopen
from kjdesk.assessment.engine import assess, sheet_json
from kjdesk.assessment.manual import set_score
from kjdesk.cli import main
from kjdesk.db.models import Activity, AssessmentClosure
from kjdesk.domain.errors import DomainError
from kjdesk.reports.sheets import subject_story, summary_story, write_sheet_pdf

AT = dt.datetime(2018, 1, 30, 9, 30)


@pytest.fixture
def stations(session):
    pd = b.station(session, "PD")
    for _ in range(3):
        session.add(Activity(date=dt.date(2017, 5, 1), station_id=pd.id, type="publicity_event", title="宣讲"))
    b.station(session, "MH", "minhang")
    session.flush()
    return session


def row(session, code, year=2017):
    return next(r for r in assess(session, "station", year).rows if r.code == code)


def publicity(session, code="PD", day=dt.date(2017, 6, 1)):
    station = session.query(b.Station).filter_by(code=code).one()
    session.add(Activity(date=day, station_id=station.id, type="publicity_event", title="宣讲"))
    session.flush()


def test_an_adjustment_keeps_the_computed_value_and_the_sheet_marks_it_when_that_moves(stations):
    set_score(stations, 2017, "station", "PD", "events", "8", "一场活动材料不全", "王明", at=AT)
    assert not row(stations, "PD").items["events"].moved
    publicity(stations)  # the computed value goes from 6 to 8
    events = row(stations, "PD").items["events"]
    assert (events.score, events.computed, events.adjustment.computed, events.moved) == (8, 8, 6, True)


def test_a_manual_item_not_entered_is_null_and_the_sheet_is_incomplete(stations):
    data = sheet_json(assess(stations, "station", 2017))
    mh = next(r for r in data["rows"] if r["code"] == "MH")
    assert mh["items"]["responsiveness"] is None and mh["complete"] is False
    set_score(stations, 2017, "station", "MH", "responsiveness", "0", "", "王明")
    set_score(stations, 2017, "station", "MH", "growth", "3", "", "王明")
    data = sheet_json(assess(stations, "station", 2017))
    mh = next(r for r in data["rows"] if r["code"] == "MH")
    assert mh["items"]["responsiveness"] == "0" and mh["complete"] is True


def _texts(flowables) -> list[str]:
    out = []
    for f in flowables:
        if isinstance(f, list):
            out += _texts(f)
        elif hasattr(f, "_cellvalues"):
            out += _texts([c for r in f._cellvalues for c in r])
        elif hasattr(f, "text"):
            out.append(f.text)
    return out


def test_the_printed_sheet_shows_not_entered_rather_than_0(stations, tmp_path):
    result = assess(stations, "station", 2017, lang="zh_CN")
    mh = next(r for r in result.rows if r.code == "MH")
    page = _texts(subject_story(result, mh))
    # responsiveness; growth is 0 whatever is entered, for applications that did not grow
    assert page.count("未录入") == 1
    assert any(t.startswith("未完成") for t in page)
    assert _texts(summary_story(result)).count("未录入") == 2
    assert write_sheet_pdf(result, tmp_path / "s.pdf").read_bytes().startswith(b"%PDF")


def test_a_finalized_year_keeps_its_figures_when_later_data_arrives(stations):
    before = sheet_json(assess(stations, "station", 2017))
    finalize(stations, 2017, "主任", at=AT)
    publicity(stations)
    after = sheet_json(assess(stations, "station", 2017))
    assert after["rows"] == before["rows"]
    assert after["finalized"] == {"by": "主任", "at": "2018-01-30T09:30:00"}


@pytest.mark.parametrize("entry", [
    lambda s: set_score(s, 2017, "station", "MH", "responsiveness", "4", "", "王明"),
    lambda s: set_score(s, 2017, "station", "PD", "events", "8", "理由", "王明")])
def test_any_entry_on_a_finalized_year_is_refused_with_the_rule(stations, entry):
    finalize(stations, 2017, "主任")
    with pytest.raises(DomainError, match="finalized by 主任.*reopen"):
        entry(stations)


def test_reopening_needs_a_reason_and_is_kept_and_the_sheets_follow_the_data_again(stations):
    finalize(stations, 2017, "主任")
    publicity(stations)
    with pytest.raises(DomainError, match="needs a reason"):
        reopen(stations, 2017, "主任", "  ")
    reopen(stations, 2017, "主任", "补录六月活动")
    assert row(stations, "PD").items["events"].computed == 8
    assert [(c.action, c.reason) for c in stations.query(AssessmentClosure).order_by(AssessmentClosure.id)] == [
        ("finalize", ""), ("reopen", "补录六月活动")]
    with pytest.raises(DomainError, match="not finalized"):
        reopen(stations, 2017, "主任", "again")


def test_the_commands_finalize_reopen_and_list_the_history_oldest_first(stations, db_path, capsys):
    stations.commit()
    base = ["--db", str(db_path), "--lang", "en"]
    score = base + ["score", "set", "--year", "2017", "--sheet", "station", "--code", "PD", "--item", "events"]
    assert main(score + ["--score", "8", "--reason", "材料不全", "--by", "王明"]) == 0
    assert main(score + ["--score", "9", "--reason", "复核后", "--by", "李华"]) == 0
    assert main(base + ["score", "history", "--year", "2017"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["year"] == 2017
    assert [(r["score"], r["computed"], r["reason"], r["by"]) for r in data["rows"]] == [
        ("8", "6", "材料不全", "王明"), ("9", "6", "复核后", "李华")]
    assert set(data["rows"][0]) == {"sheet", "code", "item", "score", "computed", "reason", "by", "at"}
    assert main(base + ["assess", "finalize", "--year", "2017", "--by", "主任"]) == 0
    assert main(score + ["--score", "7", "--reason", "x", "--by", "王明"]) == 2
    assert "finalized" in capsys.readouterr().err
    assert main(base + ["assess", "reopen", "--year", "2017", "--by", "主任"]) == 2
    assert "reason" in capsys.readouterr().err
    assert main(base + ["assess", "reopen", "--year", "2017", "--by", "主任", "--reason", "补录"]) == 0
    assert main(base + ["score", "history", "--year", "2017", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "sheet,code,item,score,computed,reason,by,at"


def test_the_upgrade_keeps_todays_adjustments_as_the_first_entry_of_their_history(db_path):
    import sqlite3

    from kjdesk.db import migrate
    from kjdesk.db.database import open_database

    migrate.upgrade(db_path, "0006")
    with sqlite3.connect(db_path) as con:
        con.execute("INSERT INTO stations (code, name_zh, name_en, host_org, status) VALUES ('PD', '浦东', '', '', 'active')")
        con.execute("INSERT INTO manual_scores (year, sheet, code, item, score, reason, by, at) VALUES "
                    "(2017, 'station', 'PD', 'events', '8', '材料不全', '王明', '2018-01-30 09:30:00')")
    with open_database(db_path)() as session:
        events = row(session, "PD").items["events"]
        assert (events.score, events.adjustment.reason, events.adjustment.computed) == (8, "材料不全", None)
        assert not events.moved   # the computed value then is not known
