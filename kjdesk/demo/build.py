"""Build the trainers' demo database: plan everything in memory, check it, write it in one transaction.

The rows are exactly what the services would write (events numbered in timeline order, the
current-state columns derived by the domain's timeline), inserted in bulk because recording
thirty thousand events one by one through ``record_event`` would take minutes.
"""
from __future__ import annotations

import random
from typing import Callable

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from kjdesk.db import models as m
from kjdesk.db.postgres import catch_up_sequences
from kjdesk.db.audit import bulk_write, record_bulk
from kjdesk.demo import reference as ref
from kjdesk.demo.enterprises import assign_enterprises
from kjdesk.demo.history import plan_history
from kjdesk.demo.loans import plan_2017
from kjdesk.demo.meetings import meeting_rows
from kjdesk.demo.names import mobile, person_name
from kjdesk.demo.plan import Case, Context
from kjdesk.demo.subsidies import write_subsidies
from kjdesk.demo.worklog import plan_worklog
from kjdesk.domain import timeline
from kjdesk.i18n import _
from kjdesk.services.cases import product_paths
from kjdesk.services.registry import ref_prefix
from kjdesk.services.settings import WORKING_DATE, set_setting
from kjdesk.services.users import mark_training

Progress = Callable[[float, str], None]

# Tables holding a user's data, children first (the order they are emptied in).
DATA_TABLES = (m.SubsidyStatus, m.SubsidyCase, m.SubsidyBatch, m.Event, m.Application, m.ReviewMeeting, m.Activity, m.Enterprise,
               m.Specialist, m.Station, m.Bank, m.ManualScore)


def holds_data(session: Session) -> bool:
    """Whether the database holds anything beyond the reference rows every new database has."""
    return any(session.scalar(select(func.count()).select_from(t)) for t in DATA_TABLES)


def plan_cases(rng: random.Random) -> list[Case]:
    ctx = Context(rng, ref.meeting_dates())
    cases = plan_2017(ctx)
    return cases + plan_history(ctx, cases)


def build_demo(session_factory: sessionmaker[Session], *, progress: Progress | None = None,
               before_clearing: Callable[[Session], None] | None = None) -> None:
    """Replace the data of the database with the demo data set (the same every time).

    ``before_clearing(session)`` runs inside the write transaction, holding the write lock, just
    before the data goes: what it decides (is there data? back it up) cannot change before the
    demo replaces it."""
    report = progress or (lambda fraction, message: None)
    rng = random.Random(ref.SEED)
    report(0.0, _("Planning the loan cases"))
    cases = plan_cases(rng)
    report(0.4, _("Planning enterprises, stations and banks"))
    enterprises = assign_enterprises(rng, cases)
    with session_factory.write() as session, bulk_write(session, note="demo"):
        if before_clearing is not None:
            before_clearing(session)
        report(0.5, _("Clearing the database"))
        for table in DATA_TABLES:
            session.execute(delete(table))
        if session.get(m.Product, ref.OTHER_PRODUCT[0]) is None:
            code, name_zh, name_en = ref.OTHER_PRODUCT
            session.add(m.Product(code=code, name_zh=name_zh, name_en=name_en))
        report(0.55, _("Writing stations, banks and enterprises"))
        ids = _write_reference(session, rng)
        _write_enterprises(session, enterprises)
        report(0.65, _("Writing loan cases and their timelines"))
        _write_cases(session, rng, cases, ids)
        report(0.85, _("Writing the stations' work log and subsidy cases"))
        session.execute(insert(m.Activity), plan_worklog(rng, ids))
        set_setting(session, WORKING_DATE, ref.DEMO_TODAY.isoformat())
        mark_training(session)  # where trainers may work
        write_subsidies(session, rng, cases, enterprises, ids)
        catch_up_sequences(session)
        record_bulk(session, "demo", {t.__tablename__: (session.scalar(select(func.count()).select_from(t)), 0)
                                      for t in DATA_TABLES})
    report(1.0, _("Demo data ready"))


def _write_reference(session: Session, rng: random.Random) -> dict:
    """Stations, specialists and banks; returns the ids the other writers need, by code."""
    ids: dict = {"station": {}, "specialists": {}, "bank": {}, "specialist_names": {}}
    for n, s in enumerate(ref.STATIONS, start=1):
        ids["station"][s.code] = n
        session.execute(insert(m.Station), [dict(id=n, code=s.code, name_zh=s.name_zh, name_en=s.name_en,
                                                 host_org=s.host_org, district_code=s.district,
                                                 established=s.established, status="active")])
    rows = []
    for s in ref.STATIONS:
        for k in range(1, s.specialists + 1):
            sid = len(rows) + 1
            name = person_name(rng)
            rows.append(dict(id=sid, code=f"{s.code}-{k:02d}", name=name, station_id=ids["station"][s.code],
                             phone=mobile(rng)))
            ids["specialists"].setdefault(s.code, []).append(sid)
            ids["specialist_names"][sid] = name
    session.execute(insert(m.Specialist), rows)
    session.execute(insert(m.Bank), [dict(id=n, code=b.code, name_zh=b.name_zh, name_en=b.name_en,
                                          first_year=b.first_year, microloan_partner=b.microloan)
                                     for n, b in enumerate(ref.BANKS, start=1)])
    ids["bank"] = {b.code: n for n, b in enumerate(ref.BANKS, start=1)}
    return ids


def _write_enterprises(session: Session, enterprises) -> None:
    session.execute(insert(m.Enterprise), [
        dict(id=n, credit_code=e.credit_code, name=e.name, district_code=e.district, park=e.park,
             founded=e.founded, qualifications=e.qualifications) for n, e in enumerate(enterprises, start=1)])


def _station_of(case: Case) -> str | None:
    code = ref.STATION_OF_DISTRICT[case.district]
    station = next(s for s in ref.STATIONS if s.code == code)
    return code if case.submitted >= station.established else None


def _write_cases(session: Session, rng: random.Random, cases: list[Case], ids: dict) -> None:
    meetings, meeting_id = meeting_rows(rng, cases)
    session.execute(insert(m.ReviewMeeting), meetings)
    order = sorted(range(len(cases)), key=lambda i: (cases[i].submitted, cases[i].product, i))
    serial: dict[tuple[str, int], int] = {}
    apps, events = [], []
    paths = product_paths(session)
    for app_id, i in enumerate(order, start=1):
        case = cases[i]
        key = (ref_prefix(case.product), case.submitted.year)
        serial[key] = serial.get(key, 0) + 1
        station = _station_of(case)
        staff = ids["specialists"][station] if station else []
        specialist = rng.choice(staff) if staff else None
        state = timeline.derive_state([timeline.Event(s.date, timeline.EventType(s.type), s.bank, s.amount, s.note)
                                       for s in case.steps], paths[case.product])
        apps.append(dict(
            id=app_id, ref=f"{key[0]}{key[1]}{serial[key]:04d}", enterprise_id=case.enterprise + 1,
            product_code=case.product, station_id=ids["station"][station] if station else None,
            specialist_id=specialist, requested_fen=case.requested, first_bank_loan=case.first_bank_loan,
            status=state.status.value, bank_id=ids["bank"][state.bank] if state.bank else None,
            bank_since=state.bank_since, submitted_on=state.submitted_on, last_event_on=state.last_event_on))
        for seq, s in enumerate(case.steps, start=1):
            visitor = (specialist if rng.random() < 0.8 else rng.choice(staff)) if s.visit and staff else None
            events.append(dict(application_id=app_id, seq=seq, date=s.date, type=s.type,
                               bank_id=ids["bank"][s.bank] if s.bank else None, amount_fen=s.amount,
                               specialist_id=visitor, meeting_id=meeting_id.get(s.meeting) if s.meeting else None,
                               note=s.note))
    ids["application_of_case"] = {i: app_id for app_id, i in enumerate(order, start=1)}
    session.execute(insert(m.Application), apps)
    session.execute(insert(m.Event), events)
