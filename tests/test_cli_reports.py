"""The headless report and aging commands: formats, languages, exit codes."""
import csv
import datetime as dt
import io
import json

from builders import bank, enterprise, recommended, walk
from openpyxl import load_workbook

from kjdesk.cli import main

D = dt.date


def small_db(session_factory):
    with session_factory() as s, s.begin():
        bank(s, "B1")
        app = recommended(s, enterprise(s, district="xuhui"), "B1", recommended_on=D(2017, 3, 1), amount=6_112_470_000)
        walk(s, app, [(D(2017, 4, 1), "bank_approved", dict(bank_code="B1", amount_fen=6_112_470_000))])
        recommended(s, enterprise(s, name="上海乙科技", district="xuhui"), "B1", recommended_on=D(2017, 9, 1))


def test_district_report_as_json_names_districts_in_the_chosen_language(session_factory, db_path, capsys):
    small_db(session_factory)
    assert main(["report", "districts", "--year", "2017", "--format", "json", "--db", str(db_path), "--lang", "zh_CN"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["year"] == 2017
    assert data["rows"] == [{"district": "徐汇区", "applications": 2, "recommended_count": 2,
                             "recommended_amount_wan": 6612.47, "deferred_count": 0, "approved_count": 1,
                             "approved_amount_wan": 6112.47}]
    assert data["total"]["district"] == "总计"


def test_amounts_in_json_are_exact_decimal_text(session_factory, db_path, capsys):
    small_db(session_factory)
    main(["report", "districts", "--year", "2017", "--db", str(db_path)])
    assert '"approved_amount_wan": 6112.47\n' in capsys.readouterr().out


def test_json_output_keeps_every_digit_of_a_decimal():
    from decimal import Decimal

    from kjdesk.jsonout import dumps
    assert dumps([Decimal("123456789012.000001"), Decimal("-0.5")]) == "[\n  123456789012.000001,\n  -0.5\n]"


def test_product_report_as_csv_and_xlsx(session_factory, db_path, tmp_path, capsys):
    small_db(session_factory)
    assert main(["report", "products", "--year", "2017", "--format", "csv", "--db", str(db_path), "--lang", "en"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[0]["product"] == "Performance-guarantee loan" and rows[0]["approved_amount_wan"] == "6112.47"
    out = tmp_path / "p.xlsx"
    assert main(["report", "products", "--year", "2017", "--format", "xlsx", "-o", str(out), "--db", str(db_path)]) == 0
    ws = load_workbook(out).active
    assert ws["A2"].value == "Product" and ws["B3"].value == 6112.47


def test_xlsx_without_an_output_file_is_bad_input(db_path, capsys):
    assert main(["report", "districts", "--year", "2017", "--format", "xlsx", "--db", str(db_path)]) == 2
    assert "-o" in capsys.readouterr().err


def test_aging_lists_cases_at_their_bank_as_of_a_date(session_factory, db_path, capsys):
    small_db(session_factory)
    assert main(["aging", "--as-of", "2017-11-30", "--db", str(db_path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["as_of"] == "2017-11-30"
    assert [(r["enterprise"], r["bank_code"], r["since"], r["days"], r["level"]) for r in data["rows"]] == [
        ("上海乙科技", "B1", "2017-09-01", 90, 90)]


def test_aging_as_csv(session_factory, db_path, capsys):
    small_db(session_factory)
    main(["aging", "--as-of", "2017-10-01", "--format", "csv", "--db", str(db_path)])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "ref,enterprise,bank_code,since,days,level" and lines[1].endswith(",30,30")


def test_a_date_that_does_not_exist_is_refused(db_path, capsys):
    try:
        main(["aging", "--as-of", "2017-02-30", "--db", str(db_path)])
    except SystemExit as exc:
        assert exc.code == 2
    assert "2017-02-30" in capsys.readouterr().err


def test_a_file_that_is_not_a_database_exits_2_with_the_reason(tmp_path, capsys):
    bad = tmp_path / "x.sqlite"
    bad.write_text("not a db")
    assert main(["aging", "--db", str(bad)]) == 2
    assert "not a kjdesk database" in capsys.readouterr().err


def test_aging_counts_to_the_databases_working_date_when_no_date_is_given(session_factory, db_path, capsys):
    from kjdesk.services.settings import WORKING_DATE, set_setting

    small_db(session_factory)
    with session_factory() as s, s.begin():
        set_setting(s, WORKING_DATE, "2017-10-01")
    assert main(["aging", "--db", str(db_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["as_of"] == "2017-10-01" and [r["days"] for r in data["rows"]] == [30]


def test_a_report_from_a_database_that_does_not_exist_is_refused_not_created(tmp_path, capsys):
    missing = tmp_path / "typo" / "kjdsk.sqlite"
    assert main(["report", "districts", "--year", "2017", "--db", str(missing)]) == 2
    assert "no database" in capsys.readouterr().err
    assert not missing.exists()


def test_a_failed_report_leaves_the_previous_file_whole(session_factory, db_path, tmp_path, monkeypatch):
    small_db(session_factory)
    out = tmp_path / "districts.xlsx"
    out.write_bytes(b"last month's report")

    def broken_save(self, filename):
        open(filename, "wb").write(b"half")
        raise OSError("disk full")

    monkeypatch.setattr("openpyxl.Workbook.save", broken_save)
    assert main(["report", "districts", "--year", "2017", "--format", "xlsx", "-o", str(out), "--db", str(db_path)]) == 2
    assert out.read_bytes() == b"last month's report"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []
