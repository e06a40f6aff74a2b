"""The large database on PostgreSQL beside SQLite: the district table, the aging list and both
assessment sheets, each timed on both (first run and best of 3), against the target "within 2x of
SQLite".

    python bench/bench_postgres.py [--db PATH] [--pg postgresql://…] [--year 2017] [--as-of 2018-03-31]

--db is the SQLite database of build_large.py (default $TMPDIR/kjdesk-bench-200k.sqlite). --pg is an
empty PostgreSQL database to copy it into; without it a throwaway server is started (as the tests do,
tests/pg.py: Debian's PostgreSQL binaries, run as the postgres user when root) and removed after.
The copy goes table by table by COPY, then ANALYZE, as a center would after loading its data.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def copy_into(sqlite_db, server_db) -> dict[str, int]:
    """Every row of every kjdesk table of the file into the (schema-only) server database."""
    from sqlalchemy import select, text

    from kjdesk.db.models import Base
    from kjdesk.db.postgres import catch_up_sequences

    tables = Base.metadata.sorted_tables
    counts = {}
    with server_db.write() as target, sqlite_db() as source:
        target.execute(text("TRUNCATE " + ", ".join(t.name for t in tables) + " CASCADE"))
        raw = target.connection().connection
        for table in tables:
            columns = [c.name for c in table.columns]
            rows = source.execute(select(*table.columns))
            n = 0
            with raw.cursor() as cursor, cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    n += 1
            counts[table.name] = n
        catch_up_sequences(target)
    with server_db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("ANALYZE")
    return counts


def timed(fn, runs: int = 3) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times[0], min(times)


def measure(db, year: int, as_of: dt.date) -> dict[str, tuple[float, float]]:
    from kjdesk.assessment.engine import assess
    from kjdesk.services.aging import aging_list
    from kjdesk.services.statistics import district_table

    with db() as session:
        return {
            f"district_table({year})": timed(lambda: district_table(session, year)),
            f"aging_list({as_of})": timed(lambda: aging_list(session, as_of)),
            f"assess station {year}": timed(lambda: assess(session, "station", year)),
            f"assess bank {year}": timed(lambda: assess(session, "bank", year)),
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "kjdesk-bench-200k.sqlite")
    parser.add_argument("--pg", help="an empty PostgreSQL database (default: a throwaway server)")
    parser.add_argument("--year", type=int, default=2017)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2018, 3, 31))
    args = parser.parse_args()
    if not args.db.exists():
        print(f"{args.db} is missing: run bench/build_large.py first", file=sys.stderr)
        return 2
    from kjdesk.db.database import open_database, resolve_path

    server = None
    url = args.pg
    if url is None:
        sys.path.insert(0, str(ROOT / "tests"))
        from pg import Server, find_binaries

        bindir = find_binaries()
        if bindir is None:
            print("no PostgreSQL binaries: give --pg", file=sys.stderr)
            return 2
        server = Server(bindir)
        server.start()
        url = server.new_database()
    try:
        sqlite_db = open_database(args.db, create=False)
        server_db = open_database(resolve_path(url))
        started = time.perf_counter()
        counts = copy_into(sqlite_db, server_db)
        print(f"copied {counts['applications']:,} applications, {counts['events']:,} events into {server_db.path} "
              f"in {time.perf_counter() - started:.1f} s")
        figures = {"SQLite": measure(sqlite_db, args.year, args.as_of),
                   "PostgreSQL": measure(server_db, args.year, args.as_of)}
        print(f"load: {os.getloadavg()[0]:.1f}; first run / best of 3, seconds")
        print(f"{'what':<26}{'SQLite':>16}{'PostgreSQL':>16}{'best ratio':>12}  target")
        for what, (first, best) in figures["SQLite"].items():
            pg_first, pg_best = figures["PostgreSQL"][what]
            ratio = pg_best / best
            verdict = "within 2x of SQLite: " + ("yes" if ratio <= 2 else "NO")
            print(f"{what:<26}{first:>7.3f} / {best:<6.3f}{pg_first:>8.3f} / {pg_best:<6.3f}{ratio:>10.2f}x  {verdict}")
        server_db.engine.dispose()
    finally:
        if server is not None:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
