"""Foundation speed (a benchmark, not a test).

    python bench/bench_foundation.py [--db PATH] [--year 2017] [--as-of 2018-03-31]
                                     [--workbook PATH] [--skip-exchange] [--skip-reports]

On the database of bench/build_large.py (built if the file is not there, else used as it is) prints:
  - export of the whole database to an exchange workbook: time, peak memory, file size;
  - import of that workbook into an empty database (target < 2 min, peak memory < 1 GB), and
    that the second database holds as many applications and events as the first;
  - kjdesk.services.statistics.district_table(session, YEAR) and
    kjdesk.services.aging.aging_list(session, AS_OF) (target < 0.5 s each; best of 3 and first run).
Export and import each run in a fresh process so that their peak memory (ru_maxrss) is their own.
With --workbook, the export goes to that file and an existing one is imported without exporting again.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

CHILD = r"""
import json, resource, sys, time
from kjdesk.db.database import open_database
what, db, book = sys.argv[1:4]
factory = open_database(db)
started = time.perf_counter()
if what == "export":
    from kjdesk.services.exchange import export_workbook
    with factory() as session:
        rows = export_workbook(session, book)
else:
    from kjdesk.services.exchange import import_workbook
    rows = import_workbook(factory, book).added
seconds = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024,
                  "rows": rows}))
"""


def run_child(what: str, db: Path, book: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, what, str(db), str(book)], check=True,
                         capture_output=True, text=True, cwd=HERE.parent).stdout
    return json.loads(out.strip().splitlines()[-1])


def timed(fn, session, runs: int = 3, limit: float = 60.0) -> tuple[float, float] | None:
    """(first, best) seconds of ``fn()``; None if one run is still going after ``limit`` seconds
    (the query is interrupted, so a slow one cannot hang the benchmark)."""
    import sqlite3
    import threading

    raw = session.connection().connection.driver_connection
    times = []
    for _ in range(runs):
        timer = threading.Timer(limit, raw.interrupt)
        timer.start()
        started = time.perf_counter()
        try:
            fn()
        except Exception as exc:
            if isinstance(getattr(exc, "orig", exc), sqlite3.OperationalError) and "interrupt" in str(exc):
                session.rollback()
                return None
            raise
        finally:
            timer.cancel()
        times.append(time.perf_counter() - started)
    return times[0], min(times)


def _shown(name: str, result, limit: float = 60.0) -> str:
    if result is None:
        return f"{name}: did not finish in {limit:.0f} s, interrupted (target < 0.5 s)"
    return f"{name}: first {result[0]:.3f} s, best {result[1]:.3f} s (target < 0.5 s)"


def main() -> int:
    from build_large import DEFAULT_DB

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--year", type=int, default=2017)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2018, 3, 31))
    parser.add_argument("--workbook", type=Path, help="keep the exported workbook here (reused if it exists)")
    parser.add_argument("--skip-exchange", action="store_true", help="only the report timings")
    parser.add_argument("--skip-reports", action="store_true", help="only export and import")
    args = parser.parse_args()
    if not args.db.exists():
        subprocess.run([sys.executable, str(HERE / "build_large.py"), "--db", str(args.db)], check=True)

    from sqlalchemy import func, select

    from kjdesk.db.database import open_database
    from kjdesk.db.models import Application, Event

    def sizes(path):
        with open_database(path)() as s:
            return (s.scalar(select(func.count()).select_from(Application)),
                    s.scalar(select(func.count()).select_from(Event)))

    apps, events = sizes(args.db)
    print(f"database: {args.db} ({args.db.stat().st_size / 2**20:.0f} MB): {apps} applications, {events} events")
    if not args.skip_exchange:
        with tempfile.TemporaryDirectory() as folder:
            book, target = args.workbook or Path(folder) / "all.xlsx", Path(folder) / "imported.sqlite"
            if book.exists():
                print(f"reusing the workbook {book} ({book.stat().st_size / 2**20:.0f} MB)")
            else:
                exported = run_child("export", args.db, book)
                print(f"export: {exported['seconds']:.1f} s ({exported['cpu']:.1f} s of CPU), "
                      f"peak {exported['peak_mb']:.0f} MB, "
                      f"workbook {book.stat().st_size / 2**20:.0f} MB")
            imported = run_child("import", target, book)
            verdict = "ok" if imported["seconds"] < 120 and imported["peak_mb"] < 1024 else "OVER TARGET"
            print(f"import into an empty database: {imported['seconds']:.1f} s ({imported['cpu']:.1f} s of CPU), "
                  f"peak {imported['peak_mb']:.0f} MB "
                  f"(target < 120 s, < 1024 MB: {verdict})")
            same = sizes(target) == (apps, events)
            print(f"imported database holds the same applications and events: {same}")

    if args.skip_reports:
        return 0
    factory = open_database(args.db)
    with factory() as session:
        try:
            from kjdesk.services.statistics import district_table
        except ImportError:
            print("district_table: kjdesk.services.statistics is not there yet")
        else:
            print(_shown(f"district_table({args.year})", timed(lambda: district_table(session, args.year), session)))
        try:
            from kjdesk.services.aging import aging_list
        except ImportError:
            print("aging_list: kjdesk.services.aging is not there yet")
        else:
            found: list = []
            result = timed(lambda: found.append(len(aging_list(session, args.as_of))), session)
            cases = f", {found[0]} cases" if found else ""
            print(_shown(f"aging_list({args.as_of}){cases}", result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
