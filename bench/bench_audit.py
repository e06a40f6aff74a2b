"""What the audit trail costs (a benchmark, not a test).

    python bench/bench_audit.py [--db PATH] [--workbook PATH] [--actions 300] [--skip-import]

Prints, beside the targets:
  - a case action (record an event, then undo it: two write transactions) with the audit hook and
    without it (target: the hook adds < 20 %);
  - the import of an exchange workbook into an empty database, with the trail (one change set per
    import) and without it (target: < 30 %). The workbook is the export of --db (copied first with
    SQLite's backup API: opening it would upgrade it in place), or of the demo database if --db is
    not given. (The 200k database's export holds more events than a sheet's 1,048,576 rows and is
    refused on import, so it cannot be measured this way.)
Imports run in fresh processes, alternately, so neither gets the other's warm caches only.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests"))


CHILD = r"""
import json, sys, time
what, db, book, audited = sys.argv[1:5]
import kjdesk.db  # registers the hooks
if audited == "no":
    from sqlalchemy import event
    from sqlalchemy.orm import Session
    from kjdesk.db import audit
    event.remove(Session, "after_flush", audit._record)
    import kjdesk.services.exchange.importer as importer
    importer.record_bulk = lambda *a, **k: None
from kjdesk.db.database import open_database
factory = open_database(db)
started = time.perf_counter()
if what == "export":
    from kjdesk.services.exchange import export_workbook
    with factory() as session:
        export_workbook(session, book)
else:
    from kjdesk.services.exchange import import_workbook
    import_workbook(factory, book)
print(json.dumps({"seconds": time.perf_counter() - started}))
"""


def child(what: str, db: Path, book: Path, audited: bool = True) -> float:
    done = subprocess.run([sys.executable, "-c", CHILD, what, str(db), str(book), "yes" if audited else "no"],
                          capture_output=True, text=True, cwd=HERE.parent)
    if done.returncode:
        raise SystemExit(f"{what} failed: {done.stderr.strip().splitlines()[-1]}")
    return json.loads(done.stdout.strip().splitlines()[-1])["seconds"]


def case_actions(folder: Path, n: int, audited: bool) -> tuple[float, float]:
    """(wall, CPU) seconds per action (record + undo) on a database of 50 cases."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    import builders as b
    from kjdesk.db import audit
    from kjdesk.db.database import open_database
    from kjdesk.services.cases import record_event, undo_last_event

    factory = open_database(folder / f"cases-{audited}-{time.monotonic_ns()}.sqlite")
    with factory.write() as s:
        ids = [b.application(s, b.enterprise(s), dt.date(2017, 3, 1)).id for _ in range(50)]
    if not audited:
        event.remove(Session, "after_flush", audit._record)
    try:
        started, cpu = time.perf_counter(), time.process_time()
        for i in range(n):
            app_id = ids[i % len(ids)]
            with factory.write() as s:
                record_event(s, app_id, "preliminary_passed", dt.date(2017, 3, 2))
            with factory.write() as s:
                undo_last_event(s, app_id)
        return (time.perf_counter() - started) / n, (time.process_time() - cpu) / n
    finally:
        if not audited:
            event.listen(Session, "after_flush", audit._record)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="the database to export and import (default: the demo's)")
    parser.add_argument("--workbook", type=Path, help="the exported workbook (reused if it exists)")
    parser.add_argument("--actions", type=int, default=300)
    parser.add_argument("--skip-import", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        plain, audited = [], []
        for round_ in range(5):
            plain.append(case_actions(folder, args.actions, audited=False))
            audited.append(case_actions(folder, args.actions, audited=True))
        for what, i in (("wall", 0), ("CPU", 1)):
            a, p = min(r[i] for r in audited), min(r[i] for r in plain)
            print(f"case action (record + undo), {what}: {p * 1000:.2f} ms without the trail, {a * 1000:.2f} ms "
                  f"with it: {(a / p - 1) * 100:+.0f} % (target < 20 %)")
        if args.skip_import:
            return 0
        book = args.workbook or folder / "all.xlsx"
        if not book.exists():
            copy = folder / "source.sqlite"
            if args.db is None:
                subprocess.run([sys.executable, "-m", "kjdesk", "--db", str(copy), "demo"], check=True,
                               capture_output=True, cwd=HERE.parent)
            else:
                src, dst = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True), sqlite3.connect(copy)
                src.backup(dst)
                src.close(), dst.close()
            print(f"export of {args.db or 'the demo database'}: {child('export', copy, book):.1f} s")
        times = {True: [], False: []}
        for round_ in range(3):
            for with_trail in (False, True):
                target = folder / f"imported-{with_trail}-{round_}.sqlite"
                target.unlink(missing_ok=True)
                times[with_trail].append(child("import", target, book, with_trail))
                target.unlink()
        p, a = min(times[False]), min(times[True])
        print(f"import of {book.name}: {p:.1f} s without the trail, {a:.1f} s with it: "
              f"{(a / p - 1) * 100:+.0f} % (target < 30 %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
