"""The environment, not kjdesk: a full disk, a read-only medium, a kill in the middle of a backup.
Each is told as such (exit 2, what to do), changes nothing, and leaves no partial file behind."""
from __future__ import annotations

import gc
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import uuid

import pytest

import builders
from kjdesk import cli
from kjdesk.db.database import BACKUPS_KEPT, backup, open_database
from kjdesk.db.errors import DatabaseProblem, EnvironmentProblem, Kind, classify


def _mount(kind: str, target, *options: str) -> None:
    target.mkdir()
    result = subprocess.run(["mount", "-t", kind, "-o", ",".join(options), kind, str(target)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"this machine cannot mount a {kind} here (needs root): {result.stderr.strip()}")


def _unmount(target) -> None:
    gc.collect()  # engines the commands left behind hold files open on the mount
    result = subprocess.run(["umount", "-l", str(target)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB disk of its own (tmpfs), to fill."""
    disk = tmp_path / "disk"
    _mount("tmpfs", disk, "size=2m")
    try:
        yield disk
    finally:
        _unmount(disk)


def _fill(folder) -> None:
    with open(folder / "filler", "wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
        except OSError:
            pass


def _with_a_case(path) -> None:
    db = open_database(path)
    with db.write() as s:
        builders.bank(s, "B01")
        builders.recommended(s, builders.enterprise(s), "B01")
    db.engine.dispose()


def test_a_full_disk_is_told_as_such_by_the_command_line_and_changes_nothing(small_disk, capsys):
    path = small_disk / "kjdesk.sqlite"
    _with_a_case(path)
    _fill(small_disk)
    code = cli.main(["import", str(_big_workbook(small_disk.parent)), "--db", str(path)])
    err = capsys.readouterr().err
    assert code == 2 and "disk is full" in err and "bug" not in err
    os.remove(small_disk / "filler")
    db = open_database(path)
    assert db.check() is None
    with db() as s:
        assert s.scalar(sqlite_count("enterprises")) == 1


def sqlite_count(table):
    from sqlalchemy import text
    return text(f"select count(*) from {table}")


def _big_workbook(folder):
    """Enough enterprises that writing them needs more than the full disk has left."""
    from exchange_helpers import write_book

    rows = [["credit_code", "name", "district"]] + [
        [builders.credit_code(500_000 + i), f"上海满盘{i:05d}科技有限公司" + "测" * 60, "浦东新区"] for i in range(6000)]
    return write_book(folder / "big.xlsx", {"enterprises": rows})


def test_an_export_to_a_full_disk_is_told_as_such_and_leaves_no_partial_file(small_disk, db_path, capsys):
    _with_a_case(db_path)
    _fill(small_disk)
    code = cli.main(["export", str(small_disk / "out.xlsx"), "--db", str(db_path)])
    err = capsys.readouterr().err
    assert code == 2 and "disk is full" in err and "bug" not in err
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]


def test_a_backup_on_a_full_disk_leaves_no_partial_backup(small_disk):
    path = small_disk / "kjdesk.sqlite"
    _with_a_case(path)
    _fill(small_disk)
    with pytest.raises(Exception) as failed:
        backup(path, "before-upgrade-0004")
    assert classify(failed.value).kind is Kind.FULL, failed.value.sqlite_errorname
    assert not [p.name for p in small_disk.iterdir() if ".bak" in p.name]


@pytest.fixture
def read_only_disk(tmp_path):
    """A database on a medium mounted read-only (a CD, a write-protected stick)."""
    disk = tmp_path / "ro"
    _mount("tmpfs", disk, "size=8m")
    try:
        _with_a_case(disk / "kjdesk.sqlite")  # closed cleanly: a WAL database with no -wal left
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        yield disk / "kjdesk.sqlite"
    finally:
        _unmount(disk)


def test_a_database_on_read_only_media_opens_for_reading_and_refuses_writes(read_only_disk, capsys):
    db = open_database(read_only_disk)
    assert db.read_only and not db.writable
    with db() as s:
        assert s.scalar(sqlite_count("applications")) == 1
    with pytest.raises(EnvironmentProblem) as refused:
        with db.write():
            pass
    assert refused.value.kind is Kind.READ_ONLY
    db.engine.dispose()
    assert cli.main(["report", "districts", "--year", "2017", "--format", "json", "--db", str(read_only_disk)]) == 0
    capsys.readouterr()
    code = cli.main(["score", "set", "--year", "2017", "--sheet", "station", "--code", "ST01", "--item",
                     "responsiveness", "--score", "4", "--reason", "x", "--by", "m", "--db", str(read_only_disk)])
    assert code == 2 and "read-only" in capsys.readouterr().err


KILLED_BACKUP = textwrap.dedent("""
    import sys
    from pathlib import Path
    from kjdesk.db.database import backup
    while True:
        backup(Path(sys.argv[1]), "before-upgrade-0004")
""")


def test_a_backup_killed_at_any_moment_never_leaves_a_partial_backup_among_the_kept_ones(db_path, monkeypatch):
    _with_a_case(db_path)
    with sqlite3.connect(db_path) as conn:  # a few MB, so that a kill lands inside a copy
        conn.execute("create table ballast(x)")
        conn.executemany("insert into ballast values (?)", ((uuid.uuid4().hex * 20,) for _ in range(8000)))
    for round_ in range(12):
        racer = subprocess.Popen([sys.executable, "-c", KILLED_BACKUP, str(db_path)])
        time.sleep(0.6 + 0.07 * round_)
        racer.send_signal(signal.SIGKILL)
        racer.wait()
        for bak in db_path.parent.glob("*.bak"):
            with sqlite3.connect(f"file:{bak}?mode=ro", uri=True) as conn:
                assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",), bak.name
    monkeypatch.setattr("kjdesk.db.database.STALE_PART_SECONDS", 0)  # as if the kills were long ago
    kept = backup(db_path, "before-upgrade-0004")  # a backup after the kills tidies what they left
    assert not [p for p in db_path.parent.iterdir() if ".part" in p.name]
    assert kept in set(db_path.parent.glob("*.bak"))
    assert len(list(db_path.parent.glob("kjdesk.before-upgrade-0004.*.bak"))) <= BACKUPS_KEPT


def test_a_busy_database_is_told_as_busy_not_as_a_bug(db_path, capsys, monkeypatch):
    _with_a_case(db_path)
    monkeypatch.setattr("kjdesk.db.database.BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        code = cli.main(["score", "set", "--year", "2017", "--sheet", "station", "--code", "ST01", "--item",
                         "responsiveness", "--score", "4", "--reason", "x", "--by", "m", "--db", str(db_path)])
    finally:
        holder.rollback()
        holder.close()
    err = capsys.readouterr().err
    assert code == 2 and "busy" in err and "bug" not in err


def test_a_database_whose_last_changes_are_in_its_wal_on_read_only_media_is_refused_not_shown_stale(tmp_path):
    disk = tmp_path / "ro"
    _mount("tmpfs", disk, "size=8m")
    try:
        path = disk / "kjdesk.sqlite"
        _with_a_case(path)
        crash = textwrap.dedent(f"""
            import os, sqlite3
            c = sqlite3.connect({str(path)!r}, isolation_level=None)
            c.execute("PRAGMA wal_autocheckpoint=0")
            c.execute("insert into settings(key, value) values ('working_date', '2019-01-01')")
            os._exit(0)  # a crash: the committed row stays in the -wal
        """)
        subprocess.run([sys.executable, "-c", crash], check=True)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        with pytest.raises(DatabaseProblem, match="copy both files"):
            open_database(path)
        code = cli.main(["report", "districts", "--year", "2017", "--db", str(path)])
        assert code == 2
    finally:
        _unmount(disk)
