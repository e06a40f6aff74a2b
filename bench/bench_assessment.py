"""Assessment speed (a benchmark, not a test).

    python bench/bench_assessment.py [--large PATH] [--year 2017]

Prints:
  - printing: every sheet of the demo's 2017 (10 stations, 21 banks, the two ranking summaries)
    plus the district and 3+X tables as PDF, from a cold start of the printing code (target < 3 s);
  - assessing: both sheets for a year on the 200,000-application database (target < 1 s).
The large database comes from bench/build_large.py when it is there; otherwise a plain one of
the same size is built here (200,000 applications, about 1.2 million events), once, and reused.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED_DB = Path(tempfile.gettempdir()) / "kjdesk-bench-200k.sqlite"
OWN_DB = Path(tempfile.gettempdir()) / "kjdesk-bench-assessment-200k.sqlite"


def bench_printing(year: int) -> dict:
    from kjdesk.commands.report import build, table_title
    from kjdesk.db.database import open_database
    from kjdesk.demo import build_demo

    folder = Path(tempfile.mkdtemp(prefix="kjdesk-bench-pdf-"))
    factory = open_database(folder / "demo.sqlite")
    build_demo(factory)
    started = time.perf_counter()
    from kjdesk.assessment.engine import assess
    from kjdesk.reports.sheets import write_sheet_pdf
    from kjdesk.reports.tables import write_table_pdf

    with factory() as session:
        stations = assess(session, "station", year, lang="zh_CN")
        banks = assess(session, "bank", year, lang="zh_CN")
        tables = {name: build(session, name, year) for name in ("districts", "products")}
    write_sheet_pdf(stations, folder / "stations.pdf")
    write_sheet_pdf(banks, folder / "banks.pdf")
    for name, (columns, records, total) in tables.items():
        write_table_pdf(table_title(name, year), columns, records, total, folder / f"{name}.pdf", lang="zh_CN")
    seconds = time.perf_counter() - started
    return {"pdf_all_sheets_and_tables_s": round(seconds, 3), "folder": str(folder)}


def bench_assessing(path: Path, year: int, runs: int = 3) -> dict:
    from sqlalchemy import func, select

    from kjdesk.assessment.engine import assess
    from kjdesk.db.database import open_database
    from kjdesk.db.models import Application, Event

    factory = open_database(path)
    with factory() as session:
        apps = session.scalar(select(func.count()).select_from(Application))
        events = session.scalar(select(func.count()).select_from(Event))
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            stations = assess(session, "station", year)
            banks = assess(session, "bank", year)
            times.append(time.perf_counter() - started)
    return {"applications": apps, "events": events, "stations": len(stations.rows), "banks": len(banks.rows),
            "assess_year_best_s": round(min(times), 3), "assess_year_first_s": round(times[0], 3)}


def large_database() -> Path:
    if SHARED_DB.exists():
        return SHARED_DB
    builder = HERE / "build_large.py"
    if builder.exists():
        subprocess.run([sys.executable, str(builder), "--db", str(SHARED_DB)], check=True)
        return SHARED_DB
    if not OWN_DB.exists():
        build_plain_large(OWN_DB)
    return OWN_DB


def build_plain_large(path: Path, applications: int = 200_000, seed: int = 7) -> None:
    """Stations, banks, enterprises and 200,000 cases through a full timeline, 2011–2018, in bulk."""
    from kjdesk.db.database import open_database

    open_database(path)  # the schema, by the migrations
    rng = random.Random(seed)
    db = sqlite3.connect(path)
    db.executemany("insert into stations (id, code, name_zh, name_en, host_org, status) values (?,?,?,?,'','active')",
                   [(i, f"S{i:02d}", f"第{i}服务站", f"Station {i}") for i in range(1, 11)])
    db.executemany("insert into banks (id, code, name_zh, name_en, first_year, microloan_partner) values (?,?,?,?,?,?)",
                   [(i, f"B{i:02d}", f"银行{i}", f"Bank {i}", 2011 + i % 8, i % 3 == 0) for i in range(1, 22)])
    enterprises = applications * 3 // 5
    db.executemany("insert into enterprises (id, credit_code, name, district_code, park, qualifications) "
                   "values (?,?,?,'pudong','','')", [(i, f"BENCH{i:013d}", f"企业{i}") for i in range(1, enterprises + 1)])
    app_rows, event_rows, event_id = [], [], 0
    for app_id in range(1, applications + 1):
        year = rng.randint(2011, 2018)
        day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 300))
        product = "micro_loan" if rng.random() < 0.1 else "performance_loan"
        bank = rng.randint(1, 21)
        steps = [("submitted", None, None), ("preliminary_passed", None, None), ("investigated", None, None),
                 ("review_passed", None, 5_000_000), ("recommended", bank, 5_000_000)]
        if rng.random() < 0.2:
            bank = bank % 21 + 1
            steps.append(("bank_switched", bank, None))
        if rng.random() < 0.85:
            steps.append(("bank_approved", bank, rng.randint(1, 50) * 1_000_000))
        for seq, (type_, bank_id, amount) in enumerate(steps, start=1):
            event_id += 1
            event_rows.append((event_id, app_id, seq, (day + dt.timedelta(days=seq * 9)).isoformat(), type_, bank_id,
                               amount, ""))
        status = {"bank_approved": "bank_approved"}.get(steps[-1][0], "at_bank")
        app_rows.append((app_id, f"R{app_id:07d}", rng.randint(1, enterprises), product, rng.randint(1, 10), False,
                         status, bank, day.isoformat(), (day + dt.timedelta(days=len(steps) * 9)).isoformat()))
    db.executemany("insert into applications (id, ref, enterprise_id, product_code, station_id, first_bank_loan, "
                   "status, bank_id, submitted_on, last_event_on) values (?,?,?,?,?,?,?,?,?,?)", app_rows)
    db.executemany("insert into events (id, application_id, seq, date, type, bank_id, amount_fen, note) "
                   "values (?,?,?,?,?,?,?,?)", event_rows)
    activity_types = ("publicity_event", "training_event", "matchmaking_event", "absence", "attendance",
                      "work_summary", "case_report", "research_report_accepted", "joint_research")
    db.executemany("insert into activities (date, station_id, type, bank_id, title) values (?,?,?,?,'')",
                   [(dt.date(rng.randint(2011, 2018), rng.randint(1, 12), rng.randint(1, 28)).isoformat(),
                     rng.randint(1, 10), rng.choice(activity_types), rng.choice([None, rng.randint(1, 21)]))
                    for _ in range(20_000)])
    db.commit()
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", type=Path, help="a large kjdesk database (default: built or reused in /tmp)")
    parser.add_argument("--year", type=int, default=2017)
    args = parser.parse_args()
    printing = bench_printing(args.year)
    print(f"PDF: all {args.year} sheets (10 stations, 21 banks, 2 summaries) + district and 3+X tables: "
          f"{printing['pdf_all_sheets_and_tables_s']} s (target < 3 s)  [{printing['folder']}]")
    figures = bench_assessing(args.large or large_database(), args.year)
    print(f"Assessing {args.year} on {figures['applications']:,} applications / {figures['events']:,} events "
          f"({figures['stations']} stations, {figures['banks']} banks): first {figures['assess_year_first_s']} s, "
          f"best {figures['assess_year_best_s']} s (target < 1 s)")


if __name__ == "__main__":
    main()
