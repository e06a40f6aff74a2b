"""``kjdesk case show`` and ``kjdesk case event``: a case from the command line, through the same
services and rules as the client (exit 0 when recorded, 2 with the rule in words when refused)."""
import datetime as dt
import json

import pytest
from builders import bank, enterprise, recommended, station

from kjdesk.cli import main
from kjdesk.db import models as m

D = dt.date


@pytest.fixture
def db(session_factory, db_path):
    """LY20170001 of station ST01, recommended to B01 for 500 万元 on 2017-02-15."""
    with session_factory() as s, s.begin():
        st = station(s, "ST01")
        s.add(m.Specialist(code="SP01", name="王芳", station_id=st.id))
        bank(s, "B01")
        bank(s, "B02")
        recommended(s, enterprise(s), "B01", ref="LY20170001", st=st)
    return str(db_path)


def test_show_as_json_gives_codes_decimal_amounts_and_iso_dates(db, capsys):
    assert main(["case", "show", "LY20170001", "--format", "json", "--db", db]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {k: data[k] for k in ("ref", "station", "product", "status", "bank")} == {
        "ref": "LY20170001", "station": "ST01", "product": "performance_loan", "status": "at_bank", "bank": "B01"}
    assert [e["type"] for e in data["events"]] == [
        "submitted", "preliminary_passed", "investigated", "review_passed", "recommended"]
    assert data["events"][-1] == {"date": "2017-02-15", "type": "recommended", "bank": "B01", "amount": "500",
                                  "specialist": None, "note": ""}


def test_show_as_text_reads_like_the_timeline(db, capsys):
    assert main(["case", "show", "LY20170001", "--db", db, "--lang", "zh_CN"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "LY20170001"
    assert "2017-02-15  推荐银行  B01  500 万元" in out


def test_an_unknown_case_is_refused_by_name(db, capsys):
    assert main(["case", "show", "LY20179999", "--db", db]) == 2
    assert "there is no application LY20179999" in capsys.readouterr().err


def test_an_event_is_recorded_through_the_rules(db, session_factory, capsys):
    assert main(["case", "event", "LY20170001", "followed_up", "--date", "2017-04-20", "--bank", "B01",
                 "--note", "电话催办", "--specialist", "SP01", "--by", "王芳", "--db", db]) == 0
    assert "LY20170001" in capsys.readouterr().out
    with session_factory() as s:
        event = s.query(m.Event).filter_by(type="followed_up").one()
        assert (event.note, event.specialist.code, event.recorded_by, event.bank.code) == ("电话催办", "SP01", "王芳", "B01")


def test_a_switch_without_a_reason_is_refused_with_the_rule_and_changes_nothing(db, session_factory, capsys):
    assert main(["case", "event", "LY20170001", "bank_switched", "--date", "2017-05-01", "--bank", "B02",
                 "--db", db]) == 2
    assert "a bank switch needs a reason (the note)" in capsys.readouterr().err
    with session_factory() as s:
        assert s.query(m.Event).count() == 5


def test_an_event_after_the_working_day_is_refused(db, capsys):
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    assert main(["case", "event", "LY20170001", "followed_up", "--date", tomorrow, "--note", "x", "--db", db]) == 2
    assert "after the working day" in capsys.readouterr().err


def test_an_approval_above_the_recommendation_is_recorded_and_warned_of_on_stderr(db, capsys):
    assert main(["case", "event", "LY20170001", "bank_approved", "--date", "2017-03-01", "--bank", "B01",
                 "--amount", "500.005", "--db", db]) == 0
    captured = capsys.readouterr()
    assert "warning: the approved amount 500.005 (10k CNY) is above the recommended 500 (10k CNY)" in captured.err
    assert "Approved by bank" in captured.out


@pytest.mark.parametrize("args, reason", [
    (["no_such_type", "--date", "2017-03-01"], "unknown event type “no_such_type”"),
    (["bank_approved", "--date", "2017-03-01", "--bank", "B01", "--amount", "1.0000001"], "more than 6 decimals"),
    (["followed_up", "--date", "2017-03-01", "--note", "x", "--specialist", "SP99"], "unknown specialist code"),
    (["followed_up", "--date", "2017-03-01", "--note", "x", "--meeting", "PS1"], "only a review decision"),
])
def test_bad_input_is_refused_naming_what_was_wrong(db, capsys, args, reason):
    assert main(["case", "event", "LY20170001", *args, "--db", db]) == 2
    assert reason in capsys.readouterr().err
