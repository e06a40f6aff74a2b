"""Subsidy cases at scale: 50,000 cases added to a copy of the large benchmark database.

    python bench/bench_subsidies.py [--db PATH] [--copy PATH]

Prints each figure beside its target: the Subsidies list's first page and each filter keystroke
(< 100 ms), the yearly subsidy table (< 0.2 s), 免申即享 proposals for a year of 科技履约贷 loans
(< 0.5 s) and a 1,000-line payment list PDF (< 2 s). The copy is reused when it holds the cases.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.build_large import DEFAULT_DB  # noqa: E402
from kjdesk.db.database import open_database  # noqa: E402

CASES = 50_000
DEFAULT_COPY = Path(tempfile.gettempdir()) / "kjdesk-bench-subsidies.sqlite"
PROGRAMS = (("clinical_trial_liability", "drug_class_1"), ("product_liability", "device_class_3"),
            ("angel_risk_compensation", None), ("innovation_voucher", None))
PATH = ("submitted", "accepted", "expert_review", "approved", "paid")


def add_cases(path: Path, seed: int = 2018) -> None:
    """50,000 cases applied for, 2017–2019, each with its whole history, through executemany."""
    rng = random.Random(seed)
    db = sqlite3.connect(path)
    enterprises = [r[0] for r in db.execute("select id from enterprises")]
    cases, steps = [], []
    for n in range(1, CASES + 1):
        program, klass = PROGRAMS[n % len(PROGRAMS)]
        submitted = dt.date(2017, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365))
        base = rng.randrange(1, 200) * 100_000
        subsidy = min(base // 2, 500_000_00 if program.endswith("liability") else base // 2)
        status = PATH[rng.randrange(len(PATH))] if rng.random() > 0.05 else "rejected"
        path_ = ["submitted", "rejected"] if status == "rejected" else list(PATH[:PATH.index(status) + 1])
        day = submitted
        for s in path_:
            steps.append((n, s, day.isoformat(), "王芳", ""))
            last = day
            day += dt.timedelta(days=rng.randrange(3, 40))
        approved = subsidy if status in ("approved", "paid") else None
        cases.append((n, f"BT{submitted.year}{n:06d}", program, rng.choice(enterprises), f"P{n:08d}", "太保",
                      base, (submitted - dt.timedelta(days=5)).isoformat(), submitted.isoformat(), status,
                      last.isoformat(), subsidy, base * 40, klass, f"{last.year}-{last.month:02d}" if status == "paid"
                      else "", approved, "补正" if status == "rejected" else ""))
    db.executemany("insert into subsidy_cases (id, ref, program_code, enterprise_id, policy_no, insurer, premium_fen, "
                   "policy_start, submitted, status, status_date, subsidy_fen, insured_fen, class_code, batch, "
                   "approved_fen, reason) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", cases)
    db.executemany("insert into subsidy_status_history (case_id, status, date, by, note) values (?,?,?,?,?)", steps)
    db.execute("update products set premium_rate = '0.02' where code = 'performance_loan'")
    db.commit()
    db.close()


def prepare(source: Path, copy: Path) -> None:
    if copy.exists():
        with sqlite3.connect(copy) as db:
            if db.execute("select count(*) from subsidy_cases").fetchone()[0] >= CASES:
                return
    shutil.copyfile(source, copy)
    open_database(copy)  # brings the schema up to date
    started = time.perf_counter()
    add_cases(copy)
    print(f"added {CASES:,} subsidy cases in {time.perf_counter() - started:.1f} s")


def timed(fn, repeat: int = 3):
    """(best seconds, result) of ``repeat`` runs."""
    best, result = None, None
    for _i in range(repeat):
        started = time.perf_counter()
        result = fn()
        took = time.perf_counter() - started
        best = took if best is None else min(best, took)
    return best, result


def report(what: str, seconds: float, target: float) -> None:
    mark = "ok" if seconds < target else "SLOW"
    print(f"{what:<58} {seconds * 1000:8.1f} ms   target < {target * 1000:.0f} ms   {mark}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="the large database (bench/build_large.py)")
    parser.add_argument("--copy", type=Path, default=DEFAULT_COPY, help="where the copy with the cases goes")
    args = parser.parse_args()
    if not args.db.exists():
        print(f"{args.db} is missing: run bench/build_large.py first")
        return 1
    prepare(args.db, args.copy)

    from kjdesk.reports.payment_list import write_payment_pdf
    from kjdesk.services.subsidy_batches import PaymentList, PaymentRow, proposals
    from kjdesk.services.subsidy_list import SubsidyFilter, subsidy_ids, subsidy_rows
    from kjdesk.services.subsidy_report import subsidy_table

    factory = open_database(args.copy)
    with factory() as session:
        def first_page(f=SubsidyFilter()):
            ids = subsidy_ids(session, f, "status_date", True)
            return len(ids), subsidy_rows(session, ids[:100])

        seconds, (count, _rows) = timed(first_page)
        report(f"Subsidies list, first page ({count:,} cases)", seconds, 0.1)
        for text in ("上", "上海", "上海市", "BT2018", "clinical"):
            seconds, (count, _rows) = timed(lambda: first_page(SubsidyFilter(search=text)))
            report(f"  keystroke “{text}” ({count:,} match)", seconds, 0.1)
        for f in (SubsidyFilter(program="innovation_voucher"), SubsidyFilter(status="expert_review"),
                  SubsidyFilter(year=2018)):
            seconds, (count, _rows) = timed(lambda: first_page(f))
            report(f"  filter {f.program or f.status or f.year} ({count:,})", seconds, 0.1)
        seconds, _table = timed(lambda: subsidy_table(session, 2018))
        report("yearly subsidy table 2018", seconds, 0.2)
        seconds, found = timed(lambda: proposals(session, "performance_loan_premium", dt.date(2017, 1, 1),
                                                 dt.date(2017, 12, 31)))
        report(f"免申即享 proposals for 2017 ({len(found):,} loans)", seconds, 0.5)
    rows = [PaymentRow(f"BT2018{i:06d}", p.enterprise, p.credit_code, p.loan_ref, p.premium_fen, p.subsidy_fen)
            for i, p in enumerate((found * 2)[:1000])]
    listed = PaymentList("performance_loan_premium-1", 1, "performance_loan_premium", rows,
                         sum(r.premium_fen for r in rows), sum(r.subsidy_fen for r in rows))
    out = Path(tempfile.gettempdir()) / "kjdesk-bench-payment-list.pdf"
    seconds, _path = timed(lambda: write_payment_pdf(listed, "科技履约贷保费补贴", out, "zh_CN"), repeat=2)
    report(f"payment list PDF, {len(rows):,} lines", seconds, 2.0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
