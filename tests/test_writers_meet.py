"""Two writers that meet: each takes the write lock before it reads what it decides on, so neither
loses the other's committed work and neither stores a timeline the rules forbid. The loser of a race
waits, then gets the rule in words, never a bug."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap
import threading
import time

from sqlalchemy import select

import builders
from exchange_helpers import write_book
from kjdesk.db import models as m
from kjdesk.db.database import open_database
from kjdesk.domain import timeline
from kjdesk.services.cases import domain_events, record_event
from kjdesk.services.exchange import import_workbook

D = dt.date


def _recommended_cases(factory, n: int) -> list[int]:
    with factory.write() as s:
        builders.bank(s, "B01")
        builders.bank(s, "B02")
        ids = [builders.recommended(s, builders.enterprise(s, name=f"上海并发{i}科技有限公司"), "B01").id
               for i in range(n)]
    return ids


def _timeline_ok(factory, app_id: int) -> bool:
    with factory() as s:
        app = s.get(m.Application, app_id)
        timeline.derive_state(domain_events(app))
        return True


def test_an_import_never_removes_an_event_the_client_committed_while_it_ran(session_factory, tmp_path):
    [app_id] = _recommended_cases(session_factory, 1)
    with session_factory() as s:
        ref = s.get(m.Application, app_id).ref
    book = write_book(tmp_path / "followups.xlsx", {"events": [
        ["application_ref", "date", "type", "bank_code", "amount", "specialist_code", "meeting_code", "note"],
        [ref, D(2017, 3, 1), "followed_up", None, None, None, None, "imported call"]]})
    client = {}

    def client_records_a_follow_up():
        with session_factory.write() as s:
            record_event(s, app_id, "followed_up", D(2017, 3, 2), note="client call")
        client["done"] = time.monotonic()

    def progress(fraction, _message):
        # The import has read and checked everything; now the client records on the same case.
        if fraction >= 0.7 and "thread" not in client:
            client["thread"] = threading.Thread(target=client_records_a_follow_up)
            client["thread"].start()
            client["thread"].join(1.0)  # it must wait for the import's lock, not slip in under it
            client["waited"] = "done" not in client

    import_workbook(session_factory, book, progress=progress)
    client["thread"].join(10)
    assert client["waited"], "the client's write went in while the import held what it had read"
    with session_factory() as s:
        notes = sorted(e.note for e in s.scalars(select(m.Event).where(m.Event.application_id == app_id))
                       if e.type == "followed_up")
    assert notes == ["client call", "imported call"]
    assert _timeline_ok(session_factory, app_id)


RACER = textwrap.dedent("""
    import datetime as dt, json, sys, time
    from kjdesk.db.database import open_database
    from kjdesk.db.errors import classify
    from kjdesk.domain.errors import DomainError
    from kjdesk.services.cases import record_event

    db, start, step, plan = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), json.loads(sys.argv[4])
    factory = open_database(db)
    outcomes = []
    for i, (app_id, action) in enumerate(plan):
        time.sleep(max(0.0, start + i * step - time.time()))
        try:
            with factory.write() as s:
                if action == "approve":
                    record_event(s, app_id, "bank_approved", dt.date(2017, 4, 1), bank_code="B01",
                                 amount_fen=100_000_000)
                else:
                    record_event(s, app_id, "bank_switched", dt.date(2017, 4, 1), bank_code="B02",
                                 note="the bank stalls")
            outcomes.append("ok")
        except DomainError as exc:
            outcomes.append("refused: " + exc.message)
        except Exception as exc:
            problem = classify(exc)
            outcomes.append(("environment: " + problem.message) if problem else "bug: " + repr(exc))
    print(json.dumps(outcomes))
""")


def test_two_processes_deciding_the_same_case_at_once_store_only_what_the_rules_allow(session_factory, db_path):
    pairs = [("approve", "approve"), ("switch", "switch"), ("approve", "switch"), ("switch", "approve")] * 5
    ids = _recommended_cases(session_factory, len(pairs))
    start, step = time.time() + 4.0, 0.15
    racers = [subprocess.Popen([sys.executable, "-c", RACER, str(db_path), str(start), str(step),
                                json.dumps([(app_id, pair[side]) for app_id, pair in zip(ids, pairs)])],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for side in (0, 1)]
    results = []
    for racer in racers:
        out, err = racer.communicate(timeout=120)
        assert racer.returncode == 0, err
        results.append(json.loads(out))
    for app_id, pair, first, second in zip(ids, pairs, *results):
        outcomes = (first, second)
        assert not any(o.startswith(("bug", "environment")) for o in outcomes), outcomes
        assert "ok" in outcomes  # the first to take the lock records its decision
        if pair == ("approve", "approve"):
            assert outcomes.count("ok") == 1  # the other is told the case is decided
        assert _timeline_ok(session_factory, app_id)
    with session_factory() as s:
        approvals = s.execute(select(m.Event.application_id).where(m.Event.type == "bank_approved")).all()
    assert len(approvals) == len({a for (a,) in approvals}), "a case was approved twice"


def test_a_demo_never_replaces_data_committed_while_it_was_planning(db_path, monkeypatch, capsys):
    from kjdesk import cli
    from kjdesk.demo import build

    open_database(db_path).engine.dispose()  # a schema, no data: the demo may fill it
    planned = build.plan_cases

    def plan_while_someone_imports(rng):
        cases = planned(rng)
        other = open_database(db_path)
        with other.write() as s:  # committed while the demo plans, before it takes the lock
            builders.station(s, "ST09")
        other.engine.dispose()
        return cases

    monkeypatch.setattr(build, "plan_cases", plan_while_someone_imports)
    assert cli.main(["demo", "--db", str(db_path)]) == 2
    assert "--force" in capsys.readouterr().err
    with open_database(db_path)() as s:
        assert s.scalar(select(m.Station.code)) == "ST09"
