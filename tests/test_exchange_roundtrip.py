"""Export → import → export gives the same workbook; rows with a known key update; events are keyed
by their application's timeline; Chinese titles and the template work."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from builders import bank, enterprise, recommended, station, walk
from exchange_helpers import ENT1, counts, read_book, valid_sheets, write_book
from openpyxl import load_workbook
from sqlalchemy import func, select

from kjdesk.db import models as m
from kjdesk.db.database import open_database
from kjdesk.services.exchange import ImportRefused, export_workbook, import_workbook, write_template
from kjdesk.services.exchange.sheets import SHEETS
from kjdesk.services.exchange.template import column_title

D = dt.date


@pytest.fixture
def session_factory(database):
    """Every test here runs on a file and on a PostgreSQL server (the ``database`` fixture)."""
    return database


def _fill(session):
    """A little of everything: meetings, a switch, amounts to the fen, work log, subsidies, scores."""
    st = station(session, "ST01")
    session.add(m.Specialist(code="SP01", name="王芳", station_id=st.id, phone="021-1234"))
    bank(session, "B01")
    bank(session, "B02", microloan=True)
    meeting = m.ReviewMeeting(code="PS2017-01", date=D(2017, 2, 10), members="甲、乙", minutes="通过1项")
    session.add(meeting)
    session.flush()
    ent = enterprise(session, "上海丙科技有限公司")
    ent.qualifications, ent.founded, ent.park = "high_tech,tech_sme", D(2009, 9, 9), "张江"
    app = recommended(session, ent, "B01", amount=123_456_789, st=st)
    for e in app.events:
        if e.type == "review_passed":
            e.meeting_id = meeting.id
    walk(session, app, [(D(2017, 4, 20), "followed_up", dict(note="=催办")),
                        (D(2017, 5, 2), "bank_switched", dict(bank_code="B02", note="审批停滞")),
                        (D(2017, 6, 1), "bank_approved", dict(bank_code="B02", amount_fen=100_000_001)),
                        (D(2017, 6, 9), "disbursed", dict(bank_code="B02", amount_fen=100_000_001,
                                                          premium_fen=1_500_001, recorded_by="王芳"))])
    session.get(m.Product, "performance_loan").premium_rate = Decimal("0.015")
    session.add(m.Product(code="green_loan", name_zh="绿色贷", name_en="Green loan", preliminary_review="required",
                          site_visit="none", review_meeting="optional", premium_rate=Decimal("0.000001")))
    app.requested_fen, app.first_bank_loan = 150_000_000, True
    session.add_all([
        m.Activity(date=D(2017, 3, 3), station_id=st.id, type="training_event", attendees=40, title="政策宣讲"),
        m.Activity(date=D(2017, 3, 3), station_id=st.id, type="training_event", attendees=40, title="政策宣讲"),
        m.Activity(date=D(2017, 5, 5), station_id=None, type="matchmaking_event", bank_id=1, title="银企对接"),
    ])
    case = m.SubsidyCase(ref="BF20170001", program_code="performance_loan_premium", enterprise_id=ent.id,
                         station_id=st.id, policy_no="P-1", insurer="太保", premium_fen=3_000_000,
                         policy_start=D(2017, 1, 1), submitted=D(2017, 7, 1), status="approved",
                         status_date=D(2017, 8, 1), subsidy_fen=1_500_000)
    case.history = [m.SubsidyStatus(status=st_, date=D(2017, 7, 1) if st_ == "submitted" else D(2017, 8, 1))
                    for st_ in ("submitted", "accepted", "expert_review", "approved")]
    session.add(case)
    session.add(m.ManualScore(year=2017, sheet="station", code="ST01", item="responsiveness",
                              score=Decimal("4.5"), reason="配合积极", by="李经理", at=dt.datetime(2018, 1, 5, 9)))


def test_export_import_export_gives_the_same_workbook(tmp_path, session_factory):
    with session_factory() as s, s.begin():
        _fill(s)
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    with session_factory() as s:
        export_workbook(s, first)
    other = open_database(tmp_path / "other.sqlite")
    import_workbook(other, first)
    with other() as s:
        export_workbook(s, second)
    assert read_book(first) == read_book(second)
    assert counts(other)["events"] == counts(session_factory)["events"]
    with other() as s:  # the current-state columns follow the imported timeline
        app = s.scalar(select(m.Application))
        assert (app.status, app.bank.code, app.requested_fen) == ("disbursed", "B02", 150_000_000)
        disbursed = app.events[-1]
        assert (disbursed.bank.code, disbursed.premium_fen, disbursed.recorded_by) == ("B02", 1_500_001, "王芳")
        green = s.get(m.Product, "green_loan")
        assert (green.preliminary_review, green.site_visit, green.review_meeting, green.premium_rate) == (
            "required", "none", "optional", Decimal("0.000001"))
        assert s.get(m.Product, "performance_loan").premium_rate == Decimal("0.015")


def test_amounts_are_written_as_exact_numbers_and_dates_as_dates(tmp_path, session_factory):
    with session_factory() as s, s.begin():
        _fill(s)
        s.flush()
    path = tmp_path / "out.xlsx"
    with session_factory() as s:
        export_workbook(s, path)
    events = read_book(path)["events"]
    header = events[0]
    passed = next(r for r in events if r[header.index("type")] == "review_passed")
    assert passed[header.index("amount")] == 123.456789
    assert isinstance(passed[header.index("date")], dt.datetime)
    note = next(r for r in events if r[header.index("type")] == "followed_up")[header.index("note")]
    assert note == "=催办"  # text, never turned into a formula


def test_reimporting_an_export_duplicates_nothing(tmp_path, session_factory):
    with session_factory() as s, s.begin():
        _fill(s)
    path = tmp_path / "all.xlsx"
    with session_factory() as s:
        export_workbook(s, path)
    before = counts(session_factory)
    summary = import_workbook(session_factory, path)
    after = counts(session_factory)
    assert after == before
    assert summary.added.get("activities", 0) == 0 and summary.updated["applications"] == 1


def test_a_row_with_a_known_key_updates_that_row(tmp_path, session_factory):
    import_workbook(session_factory, write_book(tmp_path / "a.xlsx", valid_sheets()))
    update = {"banks": [["code", "name_zh"], ["B02", "上海浦东发展银行"]],
              "enterprises": [["credit_code", "park"], [ENT1.lower(), "漕河泾"]]}
    summary = import_workbook(session_factory, write_book(tmp_path / "b.xlsx", update))
    assert summary.updated == {"banks": 1, "enterprises": 1} and not any(summary.added.values())
    with session_factory() as s:
        b02 = s.scalar(select(m.Bank).where(m.Bank.code == "B02"))
        assert (b02.name_zh, b02.name_en, b02.first_year) == ("上海浦东发展银行", "SPDB", 2012)  # others kept
        assert s.scalar(select(m.Enterprise.park).where(m.Enterprise.credit_code == ENT1)) == "漕河泾"


def test_events_without_a_submission_are_added_to_the_stored_timeline(tmp_path, session_factory):
    import_workbook(session_factory, write_book(tmp_path / "a.xlsx", valid_sheets()))
    more = {"events": [["application_ref", "date", "type", "amount"],
                       ["A1", "2017-04-01", "disbursed", "450.5"]]}
    import_workbook(session_factory, write_book(tmp_path / "b.xlsx", more))
    import_workbook(session_factory, write_book(tmp_path / "b.xlsx", more))  # the same again: already there
    with session_factory() as s:
        app = s.scalar(select(m.Application))
        assert [e.type for e in app.events][-2:] == ["bank_approved", "disbursed"] and app.status == "disbursed"
        assert len(app.events) == 7


def test_added_events_must_leave_a_timeline_that_makes_sense(tmp_path, session_factory):
    import_workbook(session_factory, write_book(tmp_path / "a.xlsx", valid_sheets()))
    before = counts(session_factory)
    wrong = {"events": [["application_ref", "date", "type", "bank_code", "amount"],
                        ["A1", "2017-04-01", "recommended", "B02", 100]]}  # already approved
    with pytest.raises(ImportRefused) as caught:
        import_workbook(session_factory, write_book(tmp_path / "b.xlsx", wrong))
    assert [(p.sheet, p.row, p.column) for p in caught.value.problems] == [("events", 2, "type")]
    assert counts(session_factory) == before


def test_a_timeline_with_its_submission_replaces_the_stored_one(tmp_path, session_factory):
    import_workbook(session_factory, write_book(tmp_path / "a.xlsx", valid_sheets()))
    sheets = valid_sheets()
    sheets["events"][4][1] = dt.date(2017, 2, 11)  # the review date corrected
    import_workbook(session_factory, write_book(tmp_path / "b.xlsx", {"events": sheets["events"]}))
    with session_factory() as s:
        dates = [e.date for e in s.scalar(select(m.Application)).events if e.type == "review_passed"]
        assert dates == [D(2017, 2, 11)]


def test_a_review_decision_without_a_meeting_goes_to_the_meeting_of_the_day(tmp_path, session_factory):
    sheets = valid_sheets()
    sheets["review_meetings"] = [["code", "date"], ["PS2017-02", "2017-02-10"]]
    sheets["applications"].append(["A2", ENT1, "performance_loan", None, None, None, "no"])
    sheets["events"] += [["A2", D(2017, 3, 1), "submitted", None, None, None, None, None],
                         ["A2", D(2017, 3, 2), "preliminary_passed", None, None, None, None, None],
                         ["A2", D(2017, 3, 15), "review_deferred", None, None, None, None, None]]
    import_workbook(session_factory, write_book(tmp_path / "a.xlsx", sheets))
    with session_factory() as s:
        decided = dict(s.execute(select(m.Event.date, m.ReviewMeeting.code).join(m.ReviewMeeting)).all())
        assert decided == {D(2017, 2, 10): "PS2017-02", D(2017, 3, 15): "M2017-03-15"}


def test_other_products_review_decisions_belong_to_no_meeting(tmp_path, session_factory):
    sheets = valid_sheets()
    sheets["events"] = [row[:6] + row[7:] for row in sheets["events"]]  # a ledger without meeting_code
    sheets["applications"][1][2] = "little_giant_credit"
    import_workbook(session_factory, write_book(tmp_path / "a.xlsx", sheets))
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(m.ReviewMeeting)) == 0
        assert s.scalar(select(m.Event.meeting_id).where(m.Event.type == "review_passed")) is None


def test_chinese_column_titles_and_sheet_names_are_accepted(tmp_path, session_factory):
    sheets = {"银行": [["银行编号", "银行名称", "微贷通合作"], ["B09", "测试银行", "是"]],
              "企业": [["统一社会信用代码", "企业名称", "所在区", "资质"], [ENT1, "上海甲科技有限公司", "静安区", "高新技术企业、专精特新"]],
              "贷款申请": [["申请编号", "统一社会信用代码", "产品", "申请金额（万元）"], ["X1", ENT1, "科技履约贷", "1,200.5"]]}
    import_workbook(session_factory, write_book(tmp_path / "zh.xlsx", sheets))
    with session_factory() as s:
        ent = s.scalar(select(m.Enterprise))
        app = s.scalar(select(m.Application))
        assert (ent.district_code, ent.qualifications) == ("jingan", "high_tech,specialized_new")
        assert (app.product_code, app.requested_fen) == ("performance_loan", 1_200_500_000)
        assert s.scalar(select(m.Bank.microloan_partner)) is True


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_template_has_instructions_first_and_every_sheet(tmp_path, session_factory, lang):
    path = tmp_path / "t.xlsx"
    write_template(path, lang)
    book = load_workbook(path)
    assert book.sheetnames[0] == ("说明" if lang == "zh_CN" else "instructions")
    for sheet in SHEETS:
        ws = book[sheet.zh if lang == "zh_CN" else sheet.name]
        assert [c.value for c in ws[1]] == [column_title(c, lang) for c in sheet.columns]
    text = " ".join(str(c.value) for row in book.worksheets[0].iter_rows() for c in row if c.value)
    assert ("How to fill" not in text and "填写" in text) if lang == "zh_CN" else "all-or-nothing" in text
    # A blank template imports as nothing, its instructions sheet ignored.
    assert import_workbook(session_factory, path).added == {}


def test_a_filled_chinese_template_imports(tmp_path, session_factory):
    path = tmp_path / "t.xlsx"
    write_template(path, "zh_CN")
    book = load_workbook(path)
    book["银行"].append(["B07", "交通银行", "Bank of Communications", 2013, "否"])
    book["服务站"].append(["ST07", "徐汇服务站", None, None, "徐汇区", "2014-01-01", None])
    book.save(path)
    summary = import_workbook(session_factory, path)
    assert summary.added == {"stations": 1, "banks": 1}


def test_a_subsidy_left_blank_is_computed_with_its_history(tmp_path, session_factory):
    sheets = valid_sheets()
    sheets["subsidies"] = [["ref", "program", "credit_code", "premium", "submitted", "status", "status_date", "subsidy"],
                           ["S1", "clinical_trial_liability", ENT1, 150, "2018-01-10", "approved", "2018-03-01", None]]
    import_workbook(session_factory, write_book(tmp_path / "a.xlsx", sheets))
    with session_factory() as s:
        case = s.scalar(select(m.SubsidyCase))
        assert case.subsidy_fen == 50 * 1_000_000  # min(150 × 50%, cap 50 万元)
        assert [(h.status, h.date) for h in case.history] == [
            ("submitted", D(2018, 1, 10)), ("accepted", D(2018, 3, 1)), ("expert_review", D(2018, 3, 1)),
            ("approved", D(2018, 3, 1))]


def test_a_manual_score_outside_its_range_is_refused(tmp_path, session_factory):
    sheets = valid_sheets()
    sheets["manual_scores"] = [["year", "sheet", "code", "item", "score", "reason", "by"],
                               [2017, "station", "ST01", "responsiveness", 120, "", "李"],
                               [2017, "bank", "ST01", "growth", 3, "", "李"]]
    with pytest.raises(ImportRefused) as caught:
        import_workbook(session_factory, write_book(tmp_path / "a.xlsx", sheets))
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "score"), (3, "code")]


def test_an_added_event_that_makes_a_stored_one_impossible_is_refused(tmp_path, session_factory):
    import_workbook(session_factory, write_book(tmp_path / "a.xlsx", valid_sheets()))
    switch = {"events": [["application_ref", "date", "type", "bank_code", "note"],
                         ["A1", "2017-03-01", "bank_switched", "B02", "审批停滞"]]}
    with pytest.raises(ImportRefused) as caught:  # the stored approval on 03-20 is by B01, no longer the bank
        import_workbook(session_factory, write_book(tmp_path / "b.xlsx", switch))
    problem = caught.value.problems[0]
    assert (problem.sheet, problem.row) == ("events", 2) and "stored event 7" in problem.reason


def test_an_export_reads_one_snapshot_even_when_a_write_commits_meanwhile(tmp_path, session_factory):
    """A case action committed during an export does not make its sheets disagree."""
    import threading

    from exchange_helpers import read_book, valid_sheets, write_book

    from kjdesk.db.models import Station
    from kjdesk.services.exchange import export_workbook, import_workbook
    from kjdesk.services.exchange import writer

    import_workbook(session_factory, write_book(tmp_path / "in.xlsx", valid_sheets()))
    real_row = writer.XlsxWriter.row
    wrote_once = threading.Event()

    def row_then_write(self, cells, **kw):
        real_row(self, cells, **kw)
        if not wrote_once.is_set():
            wrote_once.set()
            with session_factory() as other, other.begin():
                other.add(Station(code="ST99", name_zh="后来的服务站"))

    writer.XlsxWriter.row = row_then_write
    try:
        with session_factory() as session:
            export_workbook(session, tmp_path / "out.xlsx")
    finally:
        writer.XlsxWriter.row = real_row
    stations = [row[0] for row in read_book(tmp_path / "out.xlsx")["stations"][1:]]
    assert stations == ["ST01"]
