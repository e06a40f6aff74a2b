"""A workbook with a bad cell is refused whole: every problem named by sheet, row, column and value,
and the database unchanged."""
from __future__ import annotations

import datetime as dt

import pytest
from exchange_helpers import ENT1, counts, valid_sheets, write_book

from kjdesk.domain.errors import DomainError
from kjdesk.services.exchange import ImportRefused, WorkbookUnreadable, import_workbook


@pytest.fixture
def refused(tmp_path, session_factory):
    """Import the valid ledger changed by ``edit``; return the problems and check nothing changed."""
    def run(edit):
        sheets = valid_sheets()
        edit(sheets)
        path = write_book(tmp_path / "bad.xlsx", sheets)
        before = counts(session_factory)
        with pytest.raises(ImportRefused) as caught:
            import_workbook(session_factory, path)
        assert counts(session_factory) == before, "a refused import changes nothing"
        return [(p.sheet, p.row, p.column, p.value) for p in caught.value.problems], caught.value
    return run


def test_the_valid_ledger_imports(tmp_path, session_factory):
    summary = import_workbook(session_factory, write_book(tmp_path / "ok.xlsx", valid_sheets()))
    assert summary.added["applications"] == 1 and summary.added["events"] == 6


def test_a_bad_credit_code_is_refused_with_its_place(refused):
    def edit(s):
        s["enterprises"][1][0] = ENT1[:-1] + ("1" if ENT1[-1] != "1" else "2")
    problems, exc = refused(edit)
    assert problems[0][:3] == ("enterprises", 2, "credit_code")
    assert "check character" in exc.problems[0].reason
    assert isinstance(exc, DomainError)  # so the command line exits 2


def test_an_unknown_district_is_refused(refused):
    problems, _ = refused(lambda s: s["enterprises"][2].__setitem__(2, "Atlantis"))
    assert problems == [("enterprises", 3, "district", "Atlantis")]


def test_an_unknown_bank_code_is_refused(refused):
    problems, _ = refused(lambda s: s["events"][5].__setitem__(3, "B99"))
    assert ("events", 6, "bank_code", "B99") in problems


def test_an_unknown_station_is_refused(refused):
    problems, _ = refused(lambda s: s["applications"][1].__setitem__(3, "ST99"))
    assert problems == [("applications", 2, "station_code", "ST99")]


def test_a_day_that_does_not_exist_is_refused(refused):
    problems, exc = refused(lambda s: s["events"][2].__setitem__(1, "2017-02-30"))
    assert problems == [("events", 3, "date", "2017-02-30")]
    assert "no such day" in exc.problems[0].reason


def test_a_negative_amount_is_refused(refused):
    problems, exc = refused(lambda s: s["applications"][1].__setitem__(5, -5))
    assert problems == [("applications", 2, "requested_amount", "-5")]
    assert "negative" in exc.problems[0].reason


@pytest.mark.parametrize("amount", [1.1234567, "1.1234567"])
def test_an_amount_finer_than_a_fen_is_refused(refused, amount):
    problems, exc = refused(lambda s: s["events"][4].__setitem__(4, amount))
    assert problems == [("events", 5, "amount", "1.1234567")]
    assert "6 decimals" in exc.problems[0].reason


def test_an_approval_before_the_recommendation_is_refused(refused):
    def edit(s):
        s["events"][6][1] = dt.date(2017, 2, 12)  # approved before the 2-15 recommendation
    problems, exc = refused(edit)
    assert problems == [("events", 7, "type", "bank_approved")]
    assert "cannot follow" in exc.problems[0].reason


def test_an_event_before_the_submission_is_refused(refused):
    problems, exc = refused(lambda s: s["events"][2].__setitem__(1, dt.date(2016, 12, 30)))
    assert problems == [("events", 3, "type", "preliminary_passed")]
    assert "before the application is submitted" in exc.problems[0].reason


def test_a_bank_event_without_a_bank_is_refused(refused):
    problems, exc = refused(lambda s: s["events"][5].__setitem__(3, None))
    assert problems == [("events", 6, "bank_code", "")]
    assert "needs a bank" in exc.problems[0].reason


def test_an_unknown_column_is_refused_by_name(refused):
    def edit(s):
        s["banks"][0].append("colour")
        s["banks"][1].append("red")
    problems, exc = refused(edit)
    assert problems == [("banks", 1, "colour", "")]
    assert "unknown column" in exc.problems[0].reason


def test_an_unknown_sheet_is_refused_by_name(refused):
    problems, _ = refused(lambda s: s.__setitem__("event", [["application_ref"], ["A1"]]))
    assert problems == [("event", None, None, "")]


def test_every_problem_is_reported_together(refused):
    def edit(s):
        s["enterprises"][2][2] = "Atlantis"
        s["applications"][1][3] = "ST99"
        s["events"][2][1] = "2017-02-30"
        s["banks"][2][3] = "two thousand"
    problems, exc = refused(edit)
    assert {p[:3] for p in problems} == {("enterprises", 3, "district"), ("applications", 2, "station_code"),
                                          ("events", 3, "date"), ("banks", 3, "first_year")}
    message = str(exc)
    assert "sheet applications, row 2, column station_code, value “ST99”" in message
    assert "4 problems" in message


def test_a_new_row_without_a_required_column_is_refused(refused):
    def edit(s):
        s["enterprises"] = [row[:2] + row[3:] for row in s["enterprises"]]  # no district column
    problems, _exc = refused(edit)
    assert problems[0][:3] == ("enterprises", 2, "district")


def test_a_duplicate_key_is_refused(refused):
    problems, _exc = refused(lambda s: s["banks"].append(["B01", "又一个银行", "", None, None]))
    assert problems == [("banks", 4, "code", "B01")]


def test_a_text_file_named_xlsx_is_a_clear_error(tmp_path, session_factory):
    path = tmp_path / "notes.xlsx"
    path.write_text("this is not a workbook")
    with pytest.raises(WorkbookUnreadable, match="not an Excel workbook"):
        import_workbook(session_factory, path)


def test_a_missing_file_is_a_clear_error(tmp_path, session_factory):
    with pytest.raises(WorkbookUnreadable, match="no such file"):
        import_workbook(session_factory, tmp_path / "nowhere.xlsx")


def test_a_cancelled_import_changes_nothing(tmp_path, session_factory):
    from kjdesk.services.exchange import ImportCancelled

    path = write_book(tmp_path / "ok.xlsx", valid_sheets())
    asked = []

    def cancelled():
        asked.append(1)
        return len(asked) > 3  # stop midway

    before = counts(session_factory)
    with pytest.raises(ImportCancelled):
        import_workbook(session_factory, path, cancelled=cancelled)
    assert counts(session_factory) == before
