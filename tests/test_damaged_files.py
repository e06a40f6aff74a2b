"""A damaged, empty or schema-less file is never written to: commands refuse it with the reason
(exit 2), export rescues what can be read, and the file stays byte for byte as it was."""
from __future__ import annotations

import hashlib
import sqlite3

import pytest
from sqlalchemy import text

from kjdesk import cli
from kjdesk.db.database import open_database
from kjdesk.db.errors import DatabaseProblem, EnvironmentProblem, Kind
from kjdesk.demo import build_demo

PAGE = 4096


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    factory = open_database(path)
    build_demo(factory)
    factory.engine.dispose()
    with sqlite3.connect(path) as conn:  # one file, no -wal beside it: what a user copies around
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
    return path


@pytest.fixture
def damaged(demo_file, tmp_path):
    """The demo with pages in the middle of the file overwritten (page 1, the schema, intact)."""
    path = tmp_path / "damaged.sqlite"
    data = bytearray(demo_file.read_bytes())
    pages = len(data) // PAGE
    for page in range(pages // 3, pages // 3 + 8):
        data[page * PAGE:(page + 1) * PAGE] = bytes([0xA5]) * PAGE
    path.write_bytes(bytes(data))
    return path


def run(capsys, *argv) -> tuple[int, str]:
    code = cli.main(list(argv))
    return code, capsys.readouterr().err


def test_a_damaged_database_is_found_on_opening_and_opened_for_reading_only(damaged):
    db = open_database(damaged)
    assert db.damage is not None and not db.writable
    with pytest.raises(EnvironmentProblem) as refused:
        with db.write():
            pass
    assert refused.value.kind is Kind.DAMAGED


@pytest.mark.parametrize("argv", [
    ["report", "districts", "--year", "2017"],
    ["score", "set", "--year", "2017", "--sheet", "station", "--code", "ST01", "--item", "responsiveness",
     "--score", "4", "--reason", "x", "--by", "manager"],
    ["aging", "--as-of", "2018-03-31"],
])
def test_commands_refuse_a_damaged_database_and_change_nothing(damaged, capsys, argv):
    before = digest(damaged)
    code, err = run(capsys, *argv, "--db", str(damaged))
    assert code == 2 and "damaged" in err and "Traceback" not in err
    assert digest(damaged) == before


def test_an_import_into_a_damaged_database_is_refused_and_changes_nothing(damaged, demo_file, tmp_path, capsys):
    book = tmp_path / "book.xlsx"
    assert run(capsys, "export", str(book), "--db", str(demo_file))[0] == 0
    before = digest(damaged)
    code, err = run(capsys, "import", str(book), "--db", str(damaged))
    assert code == 2 and "damaged" in err
    assert digest(damaged) == before


def test_export_rescues_what_can_be_read_from_a_damaged_database(damaged, tmp_path, capsys):
    before = digest(damaged)
    out = tmp_path / "rescued.xlsx"
    code, err = run(capsys, "export", str(out), "--db", str(damaged))
    assert code in (0, 2) and "Traceback" not in err and "bug" not in err
    assert "damaged" in err
    assert out.exists() and out.stat().st_size > 0
    assert digest(damaged) == before


@pytest.mark.parametrize("make", ["zero_bytes", "empty_sqlite"])
def test_a_read_command_refuses_an_empty_file_and_gives_it_no_schema(tmp_path, capsys, make):
    path = tmp_path / "empty.sqlite"
    if make == "zero_bytes":
        path.write_bytes(b"")
    else:
        sqlite3.connect(path).execute("PRAGMA user_version=0").connection.close()
    before = path.read_bytes()
    code, err = run(capsys, "report", "districts", "--year", "2017", "--db", str(path))
    assert code == 2 and "empty" in err
    assert path.read_bytes() == before


def test_a_database_without_its_schema_version_is_refused_not_upgraded_over(db_path):
    open_database(db_path).engine.dispose()
    with sqlite3.connect(db_path) as conn:
        conn.execute("DELETE FROM alembic_version")
    with pytest.raises(DatabaseProblem, match="no schema version: it is damaged"):
        open_database(db_path)


def test_a_database_address_is_never_taken_for_a_folder(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, err = run(capsys, "report", "districts", "--year", "2017", "--db", "postgresql://center@127.0.0.1:1/kjdesk")
    assert code == 2 and "Traceback" not in err  # nothing listens there: told as an unreachable server
    assert list(tmp_path.iterdir()) == []
