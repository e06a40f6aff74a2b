"""The activities sheet (stations' work log, banks' joint events) and the manual_scores sheet.

Activities have no key: a row equal in every column to a stored activity is that activity. Counted
as a multiset, so two equal rows are two activities, and re-importing an export adds nothing.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import select

from kjdesk.db import models as m
from kjdesk.domain.reference import EVENT_ACTIVITY_TYPES
from kjdesk.i18n import _
from kjdesk.services.exchange.known import ACTIVITY_KEYS, lookup
from kjdesk.services.exchange.reader import ABSENT, BAD
from kjdesk.services.exchange.sheets import SHEET_BY_NAME
from kjdesk.services.exchange.stage import Stager


def stage_activities(stager: Stager, session) -> list[dict]:
    """The activities to add (fields with Refs)."""
    name, problems = "activities", stager.problems
    if not stager.book.has(name):
        return []
    present, rows = stager.book.rows(SHEET_BY_NAME[name], problems)
    for column in ("date", "type"):
        if column not in present:
            problems.add(name, None, column, "", _("the sheet needs the column {column}").format(column=column))
            return []
    stored = Counter(_stored(session))
    added = []
    for row, cells in rows:
        if BAD in cells:
            continue
        date, station, type_text, bank, attendees, title = cells
        station = None if station is ABSENT else station
        bank = None if bank is ABSENT else bank
        attendees = None if attendees is ABSENT else attendees
        title = "" if title in (None, ABSENT) else title
        if date is None:
            problems.add(name, row, "date", "", _("date is required"))
        type_ = None
        if type_text is None:
            problems.add(name, row, "type", "", _("type is required"))
        else:
            type_ = lookup(ACTIVITY_KEYS, type_text)
            if type_ is None:
                problems.add(name, row, "type", type_text, _("unknown activity type; the types are {types}").format(
                    types=", ".join(sorted(set(ACTIVITY_KEYS.values())))))
        if bank is not None and type_ is not None and type_ not in EVENT_ACTIVITY_TYPES:
            problems.add(name, row, "bank_code", bank, _("only an event (publicity, training, matchmaking) has a "
                                                         "co-hosting bank"))
        if attendees is not None and attendees < 0:
            problems.add(name, row, "attendees", attendees, _("cannot be negative"))
        station_ref = stager.ref("stations", name, row, "station_code", station, _("station"))
        bank_ref = stager.ref("banks", name, row, "bank_code", bank, _("bank"))
        key = (date, station, type_, bank, attendees, title)
        if stored[key]:
            stored[key] -= 1
            continue
        added.append(dict(date=date, station_id=station_ref, type=type_, bank_id=bank_ref, attendees=attendees,
                          title=title))
    return added


def _stored(session):
    a = m.Activity
    rows = session.execute(select(a.date, m.Station.code, a.type, m.Bank.code, a.attendees, a.title)
                           .outerjoin(m.Station, m.Station.id == a.station_id)
                           .outerjoin(m.Bank, m.Bank.id == a.bank_id))
    return [tuple(r) for r in rows]


def stage_scores(stager: Stager) -> list[tuple[int, dict]]:
    """(row, fields) of the manual_scores sheet, each key (year, sheet, code, item) once."""
    name, problems = "manual_scores", stager.problems
    if not stager.book.has(name):
        return []
    present, rows = stager.book.rows(SHEET_BY_NAME[name], problems)
    lacking = [c for c in ("year", "sheet", "code", "item", "score") if c not in present]
    if lacking:
        problems.add(name, None, ", ".join(lacking), "", _("the sheet needs the columns {columns}").format(
            columns=", ".join(lacking)))
        return []
    seen: dict[tuple, int] = {}
    staged = []
    this_year = dt.date.today().year
    for row, cells in rows:
        if BAD in cells:
            continue
        year, sheet, code, item, score, reason, by = cells
        bad = False
        for column, value in (("year", year), ("sheet", sheet), ("code", code), ("item", item), ("score", score)):
            if value is None:
                problems.add(name, row, column, "", _("{column} is required").format(column=column))
                bad = True
        if year is not None and not 2011 <= year <= this_year + 1:
            problems.add(name, row, "year", year, _("not an assessment year (2011 to {last})").format(last=this_year + 1))
            bad = True
        if sheet is not None and sheet not in ("station", "bank"):
            problems.add(name, row, "sheet", sheet, _("write station or bank"))
            bad = True
        elif sheet is not None and code is not None:
            table = "stations" if sheet == "station" else "banks"
            if not stager.exists(table, code):
                problems.add(name, row, "code", code, _("unknown {sheet} code").format(sheet=sheet))
                bad = True
        if bad:
            continue
        key = (year, sheet, code, item)
        if key in seen:
            problems.add(name, row, "item", item, _("the same year, sheet, code and item are on row {other}").format(
                other=seen[key]))
            continue
        seen[key] = row
        staged.append((row, dict(year=year, sheet=sheet, code=code, item=item, score=score,
                                 reason="" if reason in (None, ABSENT) else reason,
                                 by="" if by in (None, ABSENT) else by)))
    return staged


def check_scores(session, staged, problems) -> None:
    """The assessment engine's own check (item on the rubric in force, score within its maximum, a
    reason for an adjustment), run once the stations and banks of the workbook are written."""
    try:
        from kjdesk.assessment.manual import check_manual_score
    except ImportError:  # the assessment package is optional for the exchange: the sheet checks stand
        return
    from kjdesk.domain.errors import DomainError

    for row, f in staged:
        try:
            check_manual_score(session, f["year"], f["sheet"], f["code"], f["item"], f["score"], f["reason"])
        except DomainError as exc:
            problems.add("manual_scores", row, "score", f["score"], exc.message)


def write_scores(writer, staged) -> tuple[int, int]:
    """Scores are a history: a new or changed score is a new row; (new keys, changed keys)."""
    s = m.ManualScore
    stored = {}
    for y, sh, c, i, score, reason, by in writer.session.execute(
            select(s.year, s.sheet, s.code, s.item, s.score, s.reason, s.by).order_by(s.id)):
        stored[(y, sh, c, i)] = (score, reason, by)   # the latest wins
    now = dt.datetime.now().replace(microsecond=0)
    new, changed = [], []
    for _row, f in staged:
        old = stored.get((f["year"], f["sheet"], f["code"], f["item"]))
        if old is None:
            new.append({**f, "at": now, "rubric": ""})
        elif old != (f["score"], f["reason"], f["by"]):
            changed.append({**f, "at": now, "rubric": ""})
    # Through the ORM table so the exact-decimal column type turns scores into text.
    writer.insert(s, changed)
    return writer.insert(s, new), len(changed)
