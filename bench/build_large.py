"""Build the large benchmark database: 200,000 loan applications, about 1.2 million events.

    python bench/build_large.py [--db PATH] [--applications N] [--force]

Years 2011–2018, 10 stations with 100 specialists, 21 banks, enterprises with valid credit codes
across the 16 districts, two review meetings a month, and a realistic mix of fates: returned at
preliminary review, deferred, rejected, approved (then disbursed, repaid, some overdue), declined,
switched to another bank, and many cases still pending at their bank with follow-ups. Every
timeline is checked by kjdesk.domain.timeline and the current-state columns come from it.
Rows go in through sqlite3's executemany (no ORM objects): about a minute on these machines.
An existing database with the asked number of applications is reused.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kjdesk.domain import timeline as tl  # noqa: E402
from kjdesk.domain.creditcode import check_char  # noqa: E402
from kjdesk.domain.reference import DISTRICTS  # noqa: E402

DEFAULT_DB = Path(tempfile.gettempdir()) / "kjdesk-bench-200k.sqlite"
DAY = dt.timedelta(days=1)
WAN = 1_000_000  # fen


def credit_code(n: int) -> str:
    body = f"91310{n % 10000:04d}MA{n // 10000:06d}"[:17]
    return body + check_char(body)


def meeting_days(year_from: int, year_to: int) -> list[dt.date]:
    """The 10th and the 25th of every month (moved off weekends)."""
    days = []
    for year in range(year_from, year_to + 1):
        for month in range(1, 13):
            for d in (10, 25):
                day = dt.date(year, month, d)
                while day.weekday() >= 5:
                    day += DAY
                days.append(day)
    return days


# A follow-up says what the bank said; a switch needs its reason.
NOTES = {"followed_up": "已电话回访银行", "bank_switched": "原银行审批停滞"}


def case_steps(rng: random.Random, submitted: dt.date, banks: int, meetings: list[dt.date], last_day: dt.date):
    """One case's timeline as (date, type, bank, amount, meeting day) steps, by a plausible fate."""
    steps = [(submitted, "submitted", None, None, None)]
    day = submitted + DAY * rng.randint(1, 5)
    if rng.random() < 0.05:
        return steps + [(day, "preliminary_returned", None, None, None)]
    steps.append((day, "preliminary_passed", None, None, None))
    day += DAY * rng.randint(3, 15)
    steps.append((day, "investigated", None, None, None))
    meeting = next((m for m in meetings if m > day), None)
    if meeting is None or meeting > last_day:
        return steps
    fate = rng.random()
    if fate < 0.04:
        return steps + [(meeting, "review_rejected", None, None, meeting)]
    if fate < 0.10:
        steps.append((meeting, "review_deferred", None, None, meeting))
        meeting = next((m for m in meetings if m > meeting + DAY * 20), None)
        if meeting is None or rng.random() < 0.3:
            return steps
    amount = rng.choice((100, 200, 300, 500, 800, 1000, 1500, 2000)) * WAN
    steps.append((meeting, "review_passed", None, amount, meeting))
    bank = rng.randint(1, banks)
    day = meeting + DAY * rng.randint(2, 10)
    steps.append((day, "recommended", bank, amount, None))
    # How long the bank takes; a quarter of the cases are still there (many past a warning line).
    if rng.random() < 0.25:
        for _ in range(rng.randint(0, 1)):
            day += DAY * rng.randint(20, 40)
            steps.append((day, "followed_up", bank, None, None))
        return steps
    if rng.random() < 0.12:
        day += DAY * rng.randint(60, 100)
        new_bank = bank % banks + 1
        day += DAY * rng.randint(5, 20)
        steps.append((day, "bank_switched", new_bank, None, None))
        bank = new_bank
    day += DAY * rng.randint(10, 70)
    if rng.random() < 0.08:
        return steps + [(day, "bank_declined", bank, None, None)]
    approved = amount * rng.choice((6, 8, 10)) // 10
    steps.append((day, "bank_approved", bank, approved, None))
    day += DAY * rng.randint(5, 20)
    steps.append((day, "disbursed", None, approved, None))
    if rng.random() < 0.02:
        return steps + [(day + DAY * rng.randint(100, 300), "overdue", None, approved // 3, None)]
    if rng.random() < 0.4:
        steps.append((day + DAY * 365, "repaid", None, approved, None))
    return steps


def build(path: Path, applications: int, seed: int = 2017) -> None:
    from kjdesk.db.database import open_database

    open_database(path)  # the schema, by the migrations
    rng = random.Random(seed)
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous=OFF")
    n_banks, n_stations, n_enterprises = 21, 10, applications * 3 // 4
    districts = [d.code for d in DISTRICTS]
    db.executemany("insert into stations (id, code, name_zh, name_en, host_org, district_code, established, status) "
                   "values (?,?,?,?,?,?,?,'active')",
                   [(i, f"ST{i:02d}", f"第{i}科技金融服务站", f"Station {i}", f"第{i}园区", districts[i - 1],
                     f"{2010 + i % 3}-0{i % 9 + 1}-15") for i in range(1, n_stations + 1)])
    db.executemany("insert into specialists (id, code, name, station_id, phone) values (?,?,?,?,?)",
                   [(i, f"SP{i:03d}", f"专员{i}", (i - 1) % n_stations + 1, f"1380000{i:04d}") for i in range(1, 101)])
    db.executemany("insert into banks (id, code, name_zh, name_en, first_year, microloan_partner) values (?,?,?,?,?,?)",
                   [(i, f"B{i:02d}", f"合作银行{i}", f"Bank {i}", 2011 + i % 7, i % 3 == 0)
                    for i in range(1, n_banks + 1)])
    db.executemany("insert into enterprises (id, credit_code, name, district_code, park, founded, qualifications) "
                   "values (?,?,?,?,?,?,?)",
                   [(i, credit_code(i), f"上海第{i}科技有限公司", rng.choice(districts), "",
                     dt.date(rng.randint(1995, 2016), rng.randint(1, 12), rng.randint(1, 28)).isoformat(),
                     rng.choice(("", "high_tech", "high_tech,tech_sme", "little_giant_candidate")))
                    for i in range(1, n_enterprises + 1)])
    meetings = meeting_days(2011, 2018)
    meeting_id = {day: i for i, day in enumerate(meetings, start=1)}
    db.executemany("insert into review_meetings (id, code, date, members, minutes) values (?,?,?,?,?)",
                   [(i, f"PS{day:%Y%m%d}", day.isoformat(), "评审专家组", "") for day, i in meeting_id.items()])
    last_day = dt.date(2018, 12, 31)
    products = ("performance_loan",) * 7 + ("little_giant_credit", "micro_loan", "venture_loan")
    apps, events, event_count = [], [], 0
    for app_id in range(1, applications + 1):
        submitted = dt.date(2011, 1, 3) + DAY * int(rng.random() ** 0.7 * 2900)
        steps = case_steps(rng, submitted, n_banks, meetings, last_day)
        state = tl.derive_state([tl.Event(d, tl.EventType(t), f"B{b:02d}" if b else None, a, NOTES.get(t, ""))
                                 for d, t, b, a, _m in steps])
        station = rng.randint(1, n_stations)
        specialist = station + n_stations * rng.randint(0, 9)
        apps.append((app_id, f"KJ{submitted.year}{app_id:07d}", rng.randint(1, n_enterprises), rng.choice(products),
                     station, specialist, rng.choice((100, 200, 500, 1000)) * WAN, rng.random() < 0.25,
                     state.status.value, int(state.bank[1:]) if state.bank else None,
                     state.bank_since and state.bank_since.isoformat(), state.submitted_on.isoformat(),
                     state.last_event_on.isoformat()))
        for seq, (day, type_, bank, amount, meeting) in enumerate(steps, start=1):
            events.append((app_id, seq, day.isoformat(), type_, bank, amount,
                           specialist if type_ == "investigated" else None, meeting_id.get(meeting),
                           NOTES.get(type_, "")))
        if len(events) > 200_000:
            event_count += _flush(db, apps, events)
            apps, events = [], []
    event_count += _flush(db, apps, events)
    activity_types = ("publicity_event", "training_event", "matchmaking_event", "absence", "attendance",
                      "work_summary", "case_report", "research_report_accepted", "joint_research")
    db.executemany("insert into activities (date, station_id, type, bank_id, attendees, title) values (?,?,?,?,?,?)",
                   [(dt.date(rng.randint(2011, 2018), rng.randint(1, 12), rng.randint(1, 28)).isoformat(),
                     rng.randint(1, n_stations), t, rng.randint(1, n_banks) if t.endswith("_event") and rng.random() < 0.4
                     else None, rng.randint(10, 200) if t.endswith("_event") else None, f"活动{i}")
                    for i, t in enumerate(rng.choice(activity_types) for _ in range(5_000))])
    db.commit()
    db.close()
    print(f"built {path}: {applications} applications, {event_count} events")


def _flush(db, apps, events) -> int:
    db.executemany("insert into applications (id, ref, enterprise_id, product_code, station_id, specialist_id, "
                   "requested_fen, first_bank_loan, status, bank_id, bank_since, submitted_on, last_event_on) "
                   "values (?,?,?,?,?,?,?,?,?,?,?,?,?)", apps)
    db.executemany("insert into events (application_id, seq, date, type, bank_id, amount_fen, specialist_id, "
                   "meeting_id, note) values (?,?,?,?,?,?,?,?,?)", events)
    return len(events)


def existing_applications(path: Path) -> int | None:
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return db.execute("select count(*) from applications").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"where (default {DEFAULT_DB})")
    parser.add_argument("--applications", type=int, default=200_000)
    parser.add_argument("--force", action="store_true", help="rebuild even if the database is there")
    args = parser.parse_args()
    if args.db.exists() and not args.force and existing_applications(args.db) == args.applications:
        print(f"reusing {args.db}")
        return 0
    for suffix in ("", "-wal", "-shm"):
        Path(f"{args.db}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    build(args.db, args.applications)
    print(f"in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
