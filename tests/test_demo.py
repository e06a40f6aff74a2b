"""The demo data set reproduces the published figures exactly, and every case in it is a valid case.

One demo database is built for the whole module (and a second one, through the command line, for
the determinism and command tests).
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
import sqlite3
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import Integer, func, select

from kjdesk.cli import main
from kjdesk.db import models as m
from kjdesk.db.database import open_database
from kjdesk.demo import build_demo
from kjdesk.demo.build import DATA_TABLES
from kjdesk.demo.reference import DEMO_TODAY
from kjdesk.domain import timeline
from kjdesk.services.cases import product_paths
from kjdesk.domain.creditcode import credit_code_problem
from kjdesk.domain.reference import EVENT_ACTIVITY_TYPES
from kjdesk.domain.subsidy import Program, check_subsidy_step, subsidy_for
from kjdesk.services import registry
from kjdesk.services.statistics import district_record, district_table, product_record, product_table
from kjdesk.services.subsidy_report import subsidy_table
from kjdesk.services.worklist import Section, follow_up_ids, stalled_ids, stalled_rows, waiting_ids

PUBLISHED = Path(__file__).resolve().parent / "data"  # the report's tables, see data/README.md
Y2017 = (dt.date(2017, 1, 1), dt.date(2017, 12, 31))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    factory = open_database(path)
    steps = []
    build_demo(factory, progress=lambda fraction, message: steps.append((fraction, message)))
    return factory, path, steps


@pytest.fixture
def s(demo):
    with demo[0]() as session:
        yield session


@pytest.fixture(scope="module")
def cli_built(tmp_path_factory):
    """A second build, by the installed command in a fresh process with another hash seed."""
    path = tmp_path_factory.mktemp("cli") / "demo.sqlite"
    env = dict(os.environ, PYTHONHASHSEED="4242", KJDESK_DB=str(path))
    done = subprocess.run([sys.executable, "-m", "kjdesk", "demo", "--lang", "en"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Demo data built" in done.stdout
    return path


def _published(name: str) -> list[dict[str, str]]:
    with (PUBLISHED / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _text(value) -> str:
    return format(value, "f") if not isinstance(value, (int, str)) else str(value)


def test_the_2017_district_table_is_the_published_one_row_by_row(s):
    table = district_table(s, 2017, "zh_CN")
    ours = {r.district: {k: _text(v) for k, v in district_record(r).items()} for r in table.rows + [table.total]}
    published = _published("district_2017.csv")
    assert sorted(ours) == sorted(row["district"] for row in published)
    for row in published:
        assert ours[row["district"]] == row


def test_the_3x_table_for_2017_2016_and_cumulative_is_the_published_one(s):
    table = product_table(s, 2017, "zh_CN")
    columns = {"approved_amount_wan": "approved_amount_wan_2017", "enterprises": "enterprises_2017",
               "approved_amount_wan_last_year": "approved_amount_wan_2016", "enterprises_last_year": "enterprises_2016"}
    ours = [{columns.get(k, k): _text(v) for k, v in product_record(r).items()} for r in table.rows + [table.total]]
    assert ours == _published("products_2017.csv")


def _count(s, stmt) -> int:
    return s.scalar(stmt)


def _events(type_: str, *, product: str | None = "performance_loan", year=Y2017):
    stmt = select(m.Event).join(m.Application).where(m.Event.type == type_, m.Event.date.between(*year))
    return stmt.where(m.Application.product_code == product) if product else stmt


def test_the_2017_scale_of_the_network(s):
    assert _count(s, select(func.count()).select_from(m.Station)) == 10
    assert _count(s, select(func.count()).select_from(m.Specialist)) == 103
    assert _count(s, select(func.count()).select_from(m.Bank)) == 21
    applicants = select(func.count(), func.count(func.distinct(m.Application.enterprise_id)),
                        func.count().filter(m.Application.first_bank_loan)).where(
        m.Application.product_code == "performance_loan", m.Application.submitted_on.between(*Y2017))
    assert tuple(s.execute(applicants).one()) == (889, 889, 222)
    switches = select(func.count()).select_from(_events("bank_switched", product=None).subquery())
    assert _count(s, switches) == 56


def test_47_review_meetings_in_2017_decided_on_670_projects_and_every_decision_belongs_to_one(s):
    meetings = s.scalars(select(m.ReviewMeeting).where(m.ReviewMeeting.date.between(*Y2017))).all()
    assert len(meetings) == 47
    assert all(mt.members and mt.minutes for mt in meetings)
    reviews = s.scalars(select(m.Event).join(m.Application).where(
        m.Event.type.in_(["review_passed", "review_deferred", "review_rejected"]), m.Event.date.between(*Y2017),
        m.Application.product_code == "performance_loan")).all()
    assert len({e.application_id for e in reviews}) == 670
    assert all(e.meeting is not None and e.meeting.date == e.date for e in reviews)
    assert {e.meeting_id for e in reviews} == {mt.id for mt in meetings}


def test_review_meetings_decide_only_on_performance_loans_in_every_year(s):
    reviews = s.execute(select(m.Application.product_code, m.Event.meeting_id).join(m.Application).where(
        m.Event.type.in_(["review_passed", "review_deferred", "review_rejected"]))).all()
    assert all((meeting is not None) == (product == "performance_loan") for product, meeting in reviews)


def test_459_of_the_2017_applicants_applied_for_the_first_time_and_the_rest_had_applied_before(s):
    earlier = (select(m.Application.enterprise_id).where(m.Application.product_code == "performance_loan",
                                                         m.Application.submitted_on < Y2017[0]))
    returning = select(func.count()).where(m.Application.product_code == "performance_loan",
                                           m.Application.submitted_on.between(*Y2017),
                                           m.Application.enterprise_id.in_(earlier))
    assert _count(s, returning) == 889 - 459


def test_applications_are_spread_over_every_year_from_2011_to_the_demos_today(s):
    per_year = dict(s.execute(select(func.strftime("%Y", m.Application.submitted_on), func.count())
                              .group_by(func.strftime("%Y", m.Application.submitted_on))).all())
    assert sorted(per_year) == [str(y) for y in range(2011, 2019)]
    assert min(per_year.values()) >= 100


def test_station_events_and_joint_events_of_2017(s):
    in_2017 = m.Activity.date.between(*Y2017)
    station_events = select(func.count()).where(in_2017, m.Activity.station_id.is_not(None),
                                                m.Activity.type.in_(sorted(EVENT_ACTIVITY_TYPES)))
    joint = select(func.count()).where(in_2017, m.Activity.bank_id.is_not(None))
    assert (_count(s, station_events), _count(s, joint)) == (90, 130)
    # Every joint event is an event (not a meeting or a report), co-hosted with a station or the platform.
    kinds = s.scalars(select(func.distinct(m.Activity.type)).where(in_2017, m.Activity.bank_id.is_not(None))).all()
    assert set(kinds) <= EVENT_ACTIVITY_TYPES


def test_20_overdue_loans_of_6112_47_wan_from_2011_to_2017(s):
    overdue = s.execute(select(func.count(), func.sum(m.Event.amount_fen)).where(
        m.Event.type == "overdue", m.Event.date <= dt.date(2017, 12, 31))).one()
    assert tuple(overdue) == (20, 6_112_470_000)


def test_every_timeline_is_valid_and_the_current_state_columns_follow_from_it(s):
    banks = {b.id: b.code for b in s.scalars(select(m.Bank))}
    by_app = defaultdict(list)
    for e in s.scalars(select(m.Event).order_by(m.Event.application_id, m.Event.date, m.Event.seq)):
        by_app[e.application_id].append(e)
    apps = s.scalars(select(m.Application)).all()
    paths = product_paths(s)
    assert len(apps) == len(by_app) > 4000
    for app in apps:
        events = by_app[app.id]
        assert [e.seq for e in events] == list(range(1, len(events) + 1)), app.ref
        state = timeline.derive_state([timeline.Event(e.date, timeline.EventType(e.type), banks.get(e.bank_id),
                                                      e.amount_fen, e.note) for e in events], paths[app.product_code])
        stored = (app.status, banks.get(app.bank_id), app.bank_since, app.submitted_on, app.last_event_on)
        assert stored == (state.status.value, state.bank, state.bank_since, state.submitted_on,
                          state.last_event_on), app.ref
        assert dt.date(2011, 1, 1) <= events[0].date and events[-1].date <= DEMO_TODAY


def test_a_case_registered_after_the_demo_continues_its_products_numbering(s):
    """The demo numbers its cases as the register does (same prefixes, one series per product and year)."""
    year = func.strftime("%Y", m.Application.submitted_on)
    groups = s.execute(select(m.Application.product_code, year, func.count()).group_by(m.Application.product_code,
                                                                                       year)).all()
    assert len({product for product, _year, _n in groups}) == 5  # the 3+X and the discontinued one
    for product, year, n in groups:
        assert registry.next_ref(s, product, int(year)) == f"{registry.ref_prefix(product)}{year}{n + 1:04d}"


def test_no_bank_is_named_before_its_first_year_of_cooperation(s):
    early = select(func.count()).select_from(m.Event).join(m.Bank, m.Bank.id == m.Event.bank_id).where(
        func.cast(func.strftime("%Y", m.Event.date), Integer) < m.Bank.first_year)
    assert _count(s, early) == 0
    assert _count(s, select(func.count()).select_from(m.Bank).where(m.Bank.first_year == 2017)) >= 3


def test_enterprises_have_valid_unique_credit_codes_and_chinese_names(s):
    enterprises = s.scalars(select(m.Enterprise)).all()
    assert all(credit_code_problem(e.credit_code) is None for e in enterprises)
    assert len({e.name for e in enterprises}) == len(enterprises)
    assert all(e.name.startswith("上海") and e.name.endswith("有限公司") and e.park for e in enterprises)


def test_subsidy_cases_of_every_program_follow_the_formula_and_their_status_history(s):
    programs = s.scalars(select(m.SubsidyProgram)).all()
    cases = s.scalars(select(m.SubsidyCase)).all()
    assert {c.program_code for c in cases} == {p.code for p in programs}
    by_code = {p.code: Program(p.code, p.rate, p.cap_fen, p.opens, p.closes) for p in programs}
    capped = 0
    for case in cases:
        program = by_code[case.program_code]
        if case.status != "rejected":
            assert case.subsidy_fen == subsidy_for(program, case.premium_fen, case.submitted), case.ref
            capped += program.cap is not None and case.subsidy_fen == program.cap
        current, granted = None, case.history[0].status == "accepted"
        for step in case.history:
            check_subsidy_step(current, step.status, granted=granted)
            current = step.status
        assert (current, case.history[-1].date) == (case.status, case.status_date)
        assert case.history[0].date == case.submitted
    assert capped > 0  # some premiums are large enough to show the cap


def test_subsidy_cases_reach_every_status_in_two_batches_and_one_program_stands_near_its_budget(s):
    statuses = set(s.scalars(select(m.SubsidyCase.status)))
    assert statuses == {"submitted", "returned", "accepted", "expert_review", "approved", "rejected", "paid"}
    years = {y for (y,) in s.execute(select(func.strftime("%Y", m.SubsidyStatus.date)).distinct())}
    assert {"2015", "2016", "2017", "2018"} <= years
    batches = s.scalars(select(m.SubsidyBatch).order_by(m.SubsidyBatch.number)).all()
    assert [(b.number, b.approved_on is not None) for b in batches] == [(1, True), (2, False)]
    used = {r.program_code: r.budget_used_percent for r in subsidy_table(s, 2018).rows}
    assert 85 <= used["performance_loan_premium"] < 100
    assert all(p < 50 for code, p in used.items() if code != "performance_loan_premium")


def test_the_work_list_has_something_in_every_section_on_the_demos_today(s):
    stalled = stalled_rows(s, stalled_ids(s, DEMO_TODAY), DEMO_TODAY)
    assert {item.level for item in stalled.values()} == {30, 60, 90}
    assert follow_up_ids(s, DEMO_TODAY)
    for section in (Section.PRELIMINARY, Section.VISIT, Section.MEETING):
        assert waiting_ids(s, section), section
    followed = _count(s, select(func.count()).where(m.Event.type == "followed_up"))
    assert followed > 50


def test_the_builder_reports_its_progress_to_the_end(demo):
    fractions = [fraction for fraction, _message in demo[2]]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


def _table_digests(path: Path) -> dict[str, str]:
    conn = sqlite3.connect(path)
    try:
        out = {}
        for model in DATA_TABLES + (m.Product, m.SubsidyProgram):
            name = model.__tablename__
            digest = hashlib.sha256()
            for row in conn.execute(f"select * from {name} order by 1"):
                digest.update(repr(row).encode())
            out[name] = digest.hexdigest()
        return out
    finally:
        conn.close()


def test_two_builds_give_the_same_data(demo, cli_built):
    assert _table_digests(demo[1]) == _table_digests(cli_built)


def test_the_command_refuses_to_overwrite_data_without_force(cli_built, capsys):
    assert main(["demo", "--db", str(cli_built)]) == 2
    assert "--force" in capsys.readouterr().err


def test_force_replaces_the_data_after_a_backup(tmp_path):
    path = tmp_path / "mine.sqlite"
    factory = open_database(path)
    with factory() as session, session.begin():
        session.add(m.Station(code="MINE", name_zh="我的服务站"))
    assert main(["demo", "--db", str(path), "--force"]) == 0
    backups = list(tmp_path.glob("mine.before-demo.*.bak"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as old:
        assert old.execute("select code from stations").fetchall() == [("MINE",)]
    with factory() as session:
        assert session.scalar(select(m.Station).where(m.Station.code == "MINE")) is None
        assert session.scalar(select(func.count()).select_from(m.Station)) == 10
    # Rebuilding the demo keeps its backups apart, so the real data's backup is never rotated away.
    assert main(["demo", "--db", str(path), "--force"]) == 0
    assert len(list(tmp_path.glob("mine.before-demo-rebuild.*.bak"))) == 1
    assert list(tmp_path.glob("mine.before-demo.*.bak")) == backups
