"""Backup and restore of the whole database: only an intact kjdesk file is restored, the current
database is backed up first, and a kill at any moment leaves it whole, either old or new."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
import time

import pytest

from kjdesk.db.database import open_database
from kjdesk.domain.errors import DomainError
from kjdesk.services.backups import back_up_to, describe, restore
from kjdesk.services.settings import get_setting, set_setting


def _database(path, which: str, padding: int = 0):
    factory = open_database(path)
    with factory.write() as s:
        set_setting(s, "which", which)
        for n in range(padding):
            set_setting(s, f"pad{n}", "x" * 10_000)
    factory.engine.dispose()
    return path


def _which(path) -> str:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        return conn.execute("select value from settings where key='which'").fetchone()[0]
    finally:
        conn.close()


def test_a_backup_describes_itself_and_restores_over_the_current_database(tmp_path):
    current = _database(tmp_path / "current.sqlite", "old")
    saved = back_up_to(_database(tmp_path / "other.sqlite", "new"), tmp_path / "saved.sqlite")
    info = describe(saved)
    assert info.counts["applications"] == 0 and info.revision
    kept = restore(current, saved)
    assert _which(current) == "new" and _which(kept) == "old"
    with open_database(current)() as s:
        assert get_setting(s, "which") == "new"


@pytest.mark.parametrize("content, problem", [
    (b"hello, not a database", "not a kjdesk database"),
    (None, "another program"),
])
def test_a_file_that_is_not_a_kjdesk_backup_is_refused_and_nothing_changes(tmp_path, content, problem):
    current = _database(tmp_path / "current.sqlite", "old")
    other = tmp_path / "other.sqlite"
    if content is None:
        conn = sqlite3.connect(other)
        conn.execute("create table notes (x)")
        conn.commit()
        conn.close()
    else:
        other.write_bytes(content)
    with pytest.raises(DomainError, match=problem):
        restore(current, other)
    assert _which(current) == "old"


def test_a_damaged_backup_is_refused(tmp_path):
    current = _database(tmp_path / "current.sqlite", "old")
    broken = _database(tmp_path / "broken.sqlite", "new", padding=50)
    data = bytearray(broken.read_bytes())
    data[4096 * 3:4096 * 3 + 200] = b"\xff" * 200
    broken.write_bytes(bytes(data))
    with pytest.raises(DomainError, match="damaged"):
        restore(current, broken)
    assert _which(current) == "old"


RESTORE = ("import sys; from kjdesk.services.backups import restore; print('go', flush=True); "
           "restore(sys.argv[1], sys.argv[2])")


@pytest.mark.parametrize("delay", [0.0, 0.01, 0.03, 0.06, 0.1, 0.2])
def test_a_restore_killed_at_any_moment_leaves_the_database_whole_and_old_or_new(tmp_path, delay):
    current = _database(tmp_path / "current.sqlite", "old", padding=10)
    source = _database(tmp_path / "source.sqlite", "new", padding=1500)
    child = subprocess.Popen([sys.executable, "-c", RESTORE, str(current), str(source)], stdout=subprocess.PIPE)
    assert child.stdout.readline().strip() == b"go"  # killed from the restore's start (it takes ~0.1 s)
    time.sleep(delay)
    child.kill()
    child.wait()
    assert _which(current) in ("old", "new")
    with open_database(current).write() as s:  # and it opens and takes writes
        set_setting(s, "after", "yes")
