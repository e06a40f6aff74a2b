"""The manager's entries and adjustments: within 0..max, with a reason, shown beside the computed value."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D

import pytest

import builders as b
from kjdesk.assessment.engine import assess, sheet_json
from kjdesk.assessment.manual import clear_score, set_score
from kjdesk.cli import main
from kjdesk.db.models import Activity, ManualScore
from kjdesk.domain.errors import DomainError

AT = dt.datetime(2018, 1, 30, 9, 30)


@pytest.fixture
def stations(session):
    pd = b.station(session, "PD")
    for _ in range(3):
        session.add(Activity(date=dt.date(2017, 5, 1), station_id=pd.id, type="publicity_event", title="宣讲"))
    b.station(session, "MH", "minhang")
    session.flush()
    return session


def test_an_adjustment_replaces_the_computed_score_and_the_sheet_keeps_both(stations):
    set_score(stations, 2017, "station", "PD", "events", "8", "一场活动材料不全", "王明", at=AT)
    data = sheet_json(assess(stations, "station", 2017))
    pd = next(r for r in data["rows"] if r["code"] == "PD")
    assert pd["items"]["events"] == "8"
    assert pd["adjusted"]["events"] == {"computed": "6", "reason": "一场活动材料不全", "by": "王明",
                                        "at": "2018-01-30T09:30:00", "computed_when_adjusted": "6",
                                        "moved": False}
    assert pd["total"] == "13"   # 5 attendance + 8 events


def test_a_manual_item_is_the_entered_score_and_needs_no_reason(stations):
    set_score(stations, 2017, "station", "MH", "responsiveness", "4.5", "", "王明", at=AT)
    mh = next(r for r in assess(stations, "station", 2017).rows if r.code == "MH")
    assert mh.items["responsiveness"].score == D("4.5") and mh.items["responsiveness"].adjustment is None
    assert mh.items["responsiveness"].entry.by == "王明"


def test_an_adjustment_of_a_computed_item_needs_a_reason(stations):
    with pytest.raises(DomainError, match="needs a reason"):
        set_score(stations, 2017, "station", "PD", "events", "8", "  ", "王明")


@pytest.mark.parametrize("score", ["-1", "15.5", "16"])
def test_a_score_outside_0_to_the_maximum_is_refused(stations, score):
    with pytest.raises(DomainError, match="between 0 and 15"):
        set_score(stations, 2017, "station", "PD", "events", score, "理由", "王明")


def test_a_score_with_more_than_two_decimals_or_not_a_number_is_refused(stations):
    with pytest.raises(DomainError, match="more than two decimals"):
        set_score(stations, 2017, "station", "PD", "events", "3.125", "理由", "王明")
    with pytest.raises(DomainError, match="is not a score"):
        set_score(stations, 2017, "station", "PD", "events", "three", "理由", "王明")


def test_an_item_not_on_the_rubric_in_force_is_refused_and_the_items_are_named(stations):
    with pytest.raises(DomainError, match="has no item “credit_total”; its items are attendance, responsiveness"):
        set_score(stations, 2017, "station", "PD", "credit_total", "3", "理由", "王明")


def test_an_unknown_station_is_refused(stations):
    with pytest.raises(DomainError, match="no station with the code “XX”"):
        set_score(stations, 2017, "station", "XX", "events", "3", "理由", "王明")


def test_setting_again_adds_to_the_history_and_clearing_restores_the_computed_score(stations):
    set_score(stations, 2017, "station", "PD", "events", "8", "材料不全", "王明")
    set_score(stations, 2017, "station", "PD", "events", "9", "复核后", "李华")
    pd = next(r for r in assess(stations, "station", 2017).rows if r.code == "PD")
    assert pd.items["events"].score == 9
    clear_score(stations, 2017, "station", "PD", "events")
    assert [r.score for r in stations.query(ManualScore).order_by(ManualScore.id)] == [8, 9, None]
    pd = next(r for r in assess(stations, "station", 2017).rows if r.code == "PD")
    assert pd.items["events"].score == 6 and pd.items["events"].adjustment is None
    with pytest.raises(DomainError, match="no score is stored"):
        clear_score(stations, 2017, "station", "PD", "events")


def test_station_growth_entered_without_growth_still_scores_0(stations):
    set_score(stations, 2017, "station", "PD", "growth", "5", "", "王明")
    pd = next(r for r in assess(stations, "station", 2017).rows if r.code == "PD")
    assert pd.items["growth"].score == 0 and pd.items["growth"].shown["entered"] == D("5")


def test_the_score_command_stores_and_clears_and_refuses_bad_input_with_exit_2(stations, db_path, capsys):
    stations.commit()
    base = ["--db", str(db_path), "--lang", "en", "score"]
    assert main(base + ["set", "--year", "2017", "--sheet", "station", "--code", "PD", "--item", "events",
                        "--score", "7.5", "--reason", "复核", "--by", "王明"]) == 0
    assert main(base + ["set", "--year", "2017", "--sheet", "station", "--code", "PD", "--item", "events",
                        "--score", "20", "--reason", "复核", "--by", "王明"]) == 2
    assert "between 0 and 15, not 20" in capsys.readouterr().err
    capsys.readouterr()
    assert main(["--db", str(db_path), "assess", "stations", "--year", "2017"]) == 0
    data = json.loads(capsys.readouterr().out)
    pd = next(r for r in data["rows"] if r["code"] == "PD")
    assert pd["items"]["events"] == "7.5" and pd["adjusted"]["events"]["computed"] == "6"
    assert main(base + ["clear", "--year", "2017", "--sheet", "station", "--code", "PD", "--item", "events"]) == 0
    assert main(base + ["clear", "--year", "2017", "--sheet", "station", "--code", "PD", "--item", "events"]) == 2
