"""``kjdesk import|export|template``: 0 on success, 2 with every problem on stderr, never a traceback."""
from __future__ import annotations

from exchange_helpers import counts, valid_sheets, write_book
from openpyxl import load_workbook

from kjdesk.cli import main
from kjdesk.db.database import open_database


def test_import_prints_a_summary_and_exits_0(tmp_path, capsys):
    db = tmp_path / "cli.sqlite"
    path = write_book(tmp_path / "ok.xlsx", valid_sheets())
    assert main(["--db", str(db), "import", path]) == 0
    out = capsys.readouterr().out
    assert "applications: 1 added, 0 updated" in out and "events: 6 added" in out


def test_a_refused_import_lists_every_problem_on_stderr_and_exits_2(tmp_path, capsys):
    db = tmp_path / "cli.sqlite"
    sheets = valid_sheets()
    sheets["enterprises"][2][2] = "Atlantis"
    sheets["events"][2][1] = "2017-02-30"
    path = write_book(tmp_path / "bad.xlsx", sheets)
    assert main(["--db", str(db), "import", path]) == 2
    err = capsys.readouterr().err
    assert "2 problems" in err
    assert "sheet enterprises, row 3, column district, value “Atlantis”" in err
    assert "sheet events, row 3, column date, value “2017-02-30”" in err
    assert not any(counts(open_database(db))[t] for t in ("banks", "enterprises", "applications", "events"))


def test_a_file_that_is_not_a_workbook_exits_2_without_a_traceback(tmp_path, capsys):
    text = tmp_path / "notes.xlsx"
    text.write_text("hello")
    assert main(["--db", str(tmp_path / "cli.sqlite"), "import", str(text)]) == 2
    assert main(["--db", str(tmp_path / "cli.sqlite"), "import", str(tmp_path / "missing.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "not an Excel workbook" in err and "no such file" in err and "Traceback" not in err


def test_export_then_import_through_the_commands(tmp_path, capsys):
    first, second = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    assert main(["--db", str(first), "import", write_book(tmp_path / "ok.xlsx", valid_sheets())]) == 0
    out = tmp_path / "all.xlsx"
    assert main(["--db", str(first), "export", str(out)]) == 0
    assert "events: 6 rows" in capsys.readouterr().out
    assert main(["--db", str(second), "import", str(out)]) == 0
    assert counts(open_database(second)) == counts(open_database(first))


def test_template_in_chinese(tmp_path):
    out = tmp_path / "t.xlsx"
    assert main(["--lang", "zh_CN", "template", str(out)]) == 0
    assert load_workbook(out).sheetnames[:3] == ["说明", "服务站", "专员"]
