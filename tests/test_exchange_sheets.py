"""Sheet by sheet: products added as data, subsidy status moving on, the work log as a multiset,
manual scores through the assessment's own check."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from exchange_helpers import ENT1, valid_sheets, write_book
from sqlalchemy import func, select

from kjdesk.db import models as m
from kjdesk.services.exchange import ImportRefused, import_workbook


def test_a_product_added_as_data_can_be_used_by_the_same_workbook(tmp_path, session_factory):
    sheets = valid_sheets()
    sheets["products"] = [["code", "name_zh"], ["ip_pledge_loan", "知识产权质押贷"]]
    sheets["applications"].append(["A2", ENT1, "知识产权质押贷", None, None, None, None])
    summary = import_workbook(session_factory, write_book(tmp_path / "a.xlsx", sheets))
    assert summary.added["products"] == 1
    with session_factory() as s:
        assert s.scalar(select(m.Application.product_code).where(m.Application.ref == "A2")) == "ip_pledge_loan"


def _subsidy(status, status_date, subsidy=None):
    sheets = valid_sheets()
    sheets["subsidies"] = [["ref", "program", "credit_code", "premium", "submitted", "status", "status_date",
                            "subsidy"],
                           ["S1", "innovation_voucher", ENT1, 20, "2017-05-02", status, status_date, subsidy]]
    return sheets


def test_a_subsidy_moving_on_gets_the_missing_steps(tmp_path, session_factory):
    import_workbook(session_factory, write_book(tmp_path / "a.xlsx", _subsidy("accepted", "2017-05-10")))
    import_workbook(session_factory, write_book(tmp_path / "b.xlsx", _subsidy("paid", "2017-09-01", "8")))
    with session_factory() as s:
        case = s.scalar(select(m.SubsidyCase))
        assert (case.status, case.subsidy_fen) == ("paid", 8_000_000)
        assert [(h.status, h.date.isoformat()) for h in case.history] == [
            ("submitted", "2017-05-02"), ("accepted", "2017-05-10"), ("expert_review", "2017-09-01"),
            ("approved", "2017-09-01"), ("paid", "2017-09-01")]


def test_a_subsidy_cannot_go_back_to_rejected_once_approved(tmp_path, session_factory):
    import_workbook(session_factory, write_book(tmp_path / "a.xlsx", _subsidy("approved", "2017-06-01")))
    with pytest.raises(ImportRefused) as caught:
        import_workbook(session_factory, write_book(tmp_path / "b.xlsx", _subsidy("rejected", "2017-07-01")))
    assert [(p.sheet, p.row, p.column) for p in caught.value.problems] == [("subsidies", 2, "status")]


def test_a_status_date_before_the_submission_is_refused(tmp_path, session_factory):
    with pytest.raises(ImportRefused) as caught:
        import_workbook(session_factory, write_book(tmp_path / "a.xlsx", _subsidy("accepted", "2017-04-01")))
    assert [(p.sheet, p.row, p.column) for p in caught.value.problems] == [("subsidies", 2, "status_date")]


def test_equal_work_log_rows_are_two_activities_and_a_reimport_adds_none(tmp_path, session_factory):
    sheets = valid_sheets()
    row = [dt.date(2017, 3, 3), "ST01", "training_event", "B01", 40, "政策宣讲"]
    sheets["activities"] = [["date", "station_code", "type", "bank_code", "attendees", "title"], row, list(row)]
    path = write_book(tmp_path / "a.xlsx", sheets)
    import_workbook(session_factory, path)
    import_workbook(session_factory, path)
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(m.Activity)) == 2


def test_a_bank_on_a_work_summary_is_refused(tmp_path, session_factory):
    sheets = valid_sheets()
    sheets["activities"] = [["date", "station_code", "type", "bank_code"], ["2017-03-03", "ST01", "work_summary", "B01"]]
    with pytest.raises(ImportRefused) as caught:
        import_workbook(session_factory, write_book(tmp_path / "a.xlsx", sheets))
    assert [(p.sheet, p.row, p.column) for p in caught.value.problems] == [("activities", 2, "bank_code")]


def test_manual_scores_are_stored_and_a_change_is_added_to_the_history_by_their_key(tmp_path, session_factory):
    sheets = valid_sheets()
    header = ["year", "sheet", "code", "item", "score", "reason", "by"]
    sheets["manual_scores"] = [header, [2017, "station", "ST01", "responsiveness", 4.5, "配合积极", "李经理"]]
    import_workbook(session_factory, write_book(tmp_path / "a.xlsx", sheets))
    update = {"manual_scores": [header, [2017, "station", "ST01", "responsiveness", "5", "全力配合", "李经理"]]}
    summary = import_workbook(session_factory, write_book(tmp_path / "b.xlsx", update))
    assert summary.updated == {"manual_scores": 1}
    with session_factory() as s:
        history = s.scalars(select(m.ManualScore).order_by(m.ManualScore.id)).all()
        assert [(h.score, h.reason) for h in history] == [(Decimal("4.5"), "配合积极"), (Decimal("5"), "全力配合")]


def test_a_manual_score_above_the_items_maximum_is_refused_by_the_rubric(tmp_path, session_factory):
    sheets = valid_sheets()
    sheets["manual_scores"] = [["year", "sheet", "code", "item", "score", "by"],
                               [2017, "station", "ST01", "responsiveness", 9, "李"]]  # the item's maximum is 5
    with pytest.raises(ImportRefused) as caught:
        import_workbook(session_factory, write_book(tmp_path / "a.xlsx", sheets))
    assert [(p.sheet, p.row, p.column) for p in caught.value.problems] == [("manual_scores", 2, "score")]
    with session_factory() as s:  # the stations and banks written before the check are rolled back
        assert s.scalar(select(func.count()).select_from(m.Station)) == 0
