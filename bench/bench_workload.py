"""Workload, allowance and assessment-desk speed (a benchmark, not a test).

    python bench/bench_workload.py [--year 2017]

On a copy of the shared 200,000-application database (/tmp/kjdesk-bench-200k.sqlite; the copy is
upgraded to the current schema once and given a visit allowance rate), prints beside its target:
  - workload: every station's and specialist's counts for a year (target < 0.3 s);
  - allowances: the year's monthly allowance statements of every station as PDF, one file per
    station (target < 2 s);
  - desk: the assessment desk's data for a year, both sheets and the history (target < 0.5 s).
The same statements are also printed for the demo data set (the 2017 network at its real scale).
Each figure is the best of three runs.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
SHARED_DB = Path(tempfile.gettempdir()) / "kjdesk-bench-200k.sqlite"
COPY = Path(tempfile.gettempdir()) / "kjdesk-bench-workload-200k.sqlite"


def best(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def year_of_statements(session, folder: Path, year: int) -> int:
    """Every station's twelve monthly statements, one PDF per station; the visits listed."""
    from sqlalchemy import select

    from kjdesk.db.models import Station
    from kjdesk.domain.workload import month_period
    from kjdesk.reports.allowance_statement import write_statements_pdf
    from kjdesk.services import allowances

    lines = 0
    for code in session.scalars(select(Station.code).order_by(Station.code)):
        monthly = [allowances.statement(session, code, month_period(year, m)) for m in range(1, 13)]
        lines += sum(len(s.lines) for s in monthly)
        write_statements_pdf(monthly, folder / f"{code}.pdf", lang="zh_CN")
    return lines


def demo_statements(year: int) -> tuple[float, int]:
    from kjdesk.db.database import open_database
    from kjdesk.demo import build_demo
    from kjdesk.services import allowances

    folder = Path(tempfile.mkdtemp(prefix="kjdesk-bench-demo-"))
    db = open_database(folder / "demo.sqlite")
    build_demo(db)
    with db.write() as session:
        if not allowances.rates(session):
            allowances.set_rate(session, 2011, 50)
    with db() as session:
        lines = year_of_statements(session, folder, year)
        return best(lambda: year_of_statements(session, folder, year)), lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, default=2017)
    year = parser.parse_args().year
    from sqlalchemy import select

    if not COPY.exists():
        shutil.copyfile(SHARED_DB, COPY)
    from kjdesk.assessment.engine import assess
    from kjdesk.assessment.manual import history
    from kjdesk.db.database import open_database
    from kjdesk.db.models import Station
    from kjdesk.domain.workload import year_period
    from kjdesk.services import allowances
    from kjdesk.services.workload import workload

    db = open_database(COPY)
    with db.write() as session:
        if not allowances.rates(session):
            allowances.set_rate(session, 2011, 50)
    folder = Path(tempfile.mkdtemp(prefix="kjdesk-bench-allowances-"))
    with db() as session:
        codes = list(session.scalars(select(Station.code).order_by(Station.code)))
        load = best(lambda: workload(session, year_period(year)))

        lines = year_of_statements(session, folder, year)
        paid = best(lambda: year_of_statements(session, folder, year), runs=1)
        desk = best(lambda: (assess(session, "station", year, lang="zh_CN"), assess(session, "bank", year, lang="zh_CN"),
                             history(session, year)))
    print(f"workload {year}, {len(codes)} stations:        {load:.3f} s   (target < 0.3 s)")
    print(f"allowance statements {year}, 12 x {len(codes)} ({lines:,} visits) as PDF: {paid:.3f} s   (target < 2 s)")
    demo, demo_lines = demo_statements(year)
    print(f"  the same on the demo data set ({demo_lines:,} visits): {demo:.3f} s   (target < 2 s)")
    print(f"assessment desk data {year}:              {desk:.3f} s   (target < 0.5 s)")


if __name__ == "__main__":
    main()
