"""The events sheet: each application's timeline, checked whole, with the state it leads to.

How events are keyed (events have no code of their own):
- the events of an application that include its ``submitted`` event are its whole timeline and
  replace the stored one (an exported workbook re-imported changes nothing and duplicates nothing;
  a corrected date or amount replaces the wrong one);
- events of an application without a ``submitted`` event are added to its stored timeline, except
  one equal to a stored event in date, type, bank, amount and note, which is taken as already there.
Either way the resulting timeline must make sense (kjdesk.domain.timeline); the problem names the row.
A 科技履约贷 review decision without a meeting_code is put to the meeting held that day, created if
need be: the center's review meetings (评审会) decide that product. The other products are reviewed
by their partners, outside those meetings, so their decisions keep no meeting (and export → import
of a database is exact).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import NamedTuple

from sqlalchemy import select

from kjdesk.db import models as m
from kjdesk.domain import timeline as tl
from kjdesk.domain.errors import DomainError
from kjdesk.domain.money import fen_to_wan_str
from kjdesk.domain.path import OPEN_PATH
from kjdesk.domain.reference import PERFORMANCE_LOAN
from kjdesk.i18n import _
from kjdesk.services.exchange.known import EVENT_TYPES, lookup
from kjdesk.services.exchange.reader import ABSENT, BAD
from kjdesk.services.exchange.sheets import SHEET_BY_NAME
from kjdesk.services.exchange.stage import Stager

SHEET = "events"


class Ev(NamedTuple):
    row: int | None         # workbook row; None for a stored event kept as it is
    date: dt.date
    type: tl.EventType
    bank: str | None        # codes, turned into ids when written
    amount: int | None      # fen
    specialist: str | None
    meeting: str | None
    note: str
    premium: int | None = None      # fen, on a disbursement
    recorded_by: str | None = None


class Timeline(NamedTuple):
    events: list[Ev]
    state: tl.CaseState
    rewrites: bool          # the stored events are deleted and the whole timeline written again


def read_events(stager: Stager, progress) -> dict[str, list[Ev]]:
    """The events sheet's rows by application ref, each row checked on its own."""
    book, problems = stager.book, stager.problems
    by_ref: dict[str, list[Ev]] = defaultdict(list)
    if not book.has(SHEET):
        return by_ref
    sheet = SHEET_BY_NAME[SHEET]
    present, rows = book.rows(sheet, problems, tick=progress)
    for column in ("application_ref", "date", "type"):
        if column not in present:
            problems.add(SHEET, None, column, "", _("the sheet needs the column {column}").format(column=column))
            return by_ref
    # Applications with a row already refused: their timeline is not judged without it.
    broken: set[str] = set()
    same: dict = {}
    banks_ok, specialists_ok = _codes(stager, "banks"), _codes(stager, "specialists")
    meetings_ok = _codes(stager, "meetings")
    for row, cells in rows:
        ref, date, type_text, bank, amount, specialist, meeting, note, premium, recorded_by = cells
        if BAD in cells:
            if ref is not None and ref is not BAD:
                broken.add(ref)
            continue
        bad = False
        for column, value in (("application_ref", ref), ("date", date), ("type", type_text)):
            if value is None:
                problems.add(SHEET, row, column, "", _("{column} is required").format(column=column))
                bad = True
        type_ = None
        if type_text is not None:
            type_ = EVENT_TYPES.get(type_text) or lookup(EVENT_TYPES, type_text)
            if type_ is None:
                problems.add(SHEET, row, "type", type_text, _("unknown event type; the types are {types}").format(
                    types=", ".join(t.value for t in tl.EventType)))
                bad = True
        bank = None if bank is ABSENT else bank
        amount = None if amount is ABSENT else amount
        specialist = None if specialist is ABSENT else specialist
        meeting = None if meeting is ABSENT else meeting
        premium = None if premium is ABSENT else premium
        recorded_by = None if recorded_by is ABSENT else recorded_by
        if premium is not None and type_ is not tl.EventType.DISBURSED:
            problems.add(SHEET, row, "premium", fen_to_wan_str(premium), _("only a disbursement carries a premium"))
            bad = True
        if bank is not None and bank not in banks_ok:
            problems.add(SHEET, row, "bank_code", bank, _("unknown bank code"))
            bad = True
        if specialist is not None and specialist not in specialists_ok:
            problems.add(SHEET, row, "specialist_code", specialist, _("unknown specialist code"))
            bad = True
        if meeting is not None and meeting not in meetings_ok:
            problems.add(SHEET, row, "meeting_code", meeting, _("unknown review meeting code"))
            bad = True
        if bad or (meeting is not None and type_ not in tl.REVIEW_EVENTS):
            if not bad:
                problems.add(SHEET, row, "meeting_code", meeting, _("only a review decision belongs to a meeting"))
            if ref is not None:
                broken.add(ref)
            continue
        # One string object per distinct code or note: a million rows repeat a few hundred of them.
        note = "" if note is None or note is ABSENT else same.setdefault(note, note) if len(same) < 50_000 else note
        event = Ev(row, date, type_, same.setdefault(bank, bank), amount, same.setdefault(specialist, specialist),
                   same.setdefault(meeting, meeting), note, premium, same.setdefault(recorded_by, recorded_by))
        try:
            tl.check_event_fields(tl.Event(date, type_, bank, amount, note))
        except DomainError as exc:
            bank_wrong = (type_ in tl.BANK_EVENTS and not bank) or (
                bank and type_ not in tl.BANK_EVENTS | tl.OWN_BANK_EVENTS)
            if type_ is tl.EventType.BANK_SWITCHED and not note.strip():
                problems.add(SHEET, row, "note", "", exc.message)
            elif bank_wrong:
                problems.add(SHEET, row, "bank_code", bank, exc.message)
            else:
                problems.add(SHEET, row, "amount", "" if amount is None else fen_to_wan_str(amount), exc.message)
            broken.add(ref)
            continue
        by_ref[ref].append(event)
    for ref in broken:
        by_ref.pop(ref, None)
    return by_ref


def _codes(stager: Stager, table: str) -> set[str]:
    return set(stager.known.ids(table)) | stager.keys.get(table, set())


def build_timelines(stager: Stager, session, by_ref: dict[str, list[Ev]], today: dt.date) -> dict[str, Timeline]:
    """Each application's resulting timeline and state; problems for the impossible ones (no event
    after ``today``, the working day), warnings for the doubtful ones."""
    problems, known = stager.problems, stager.known
    stored = _stored_events(session, known, [r for r in by_ref if r in known.applications])
    product_of = products_after_import(stager, session)
    result: dict[str, Timeline] = {}
    for ref, events in by_ref.items():
        if not stager.exists("applications", ref):
            problems.add(SHEET, events[0].row, "application_ref", ref, _(
                "unknown application; it is neither in the database nor in the applications sheet"))
            continue
        events.sort(key=lambda e: e.date)  # stable: a day's events keep the order of their rows
        replaces = any(e.type is tl.EventType.SUBMITTED for e in events) or ref not in stored
        merged = events if replaces else _added(stored[ref], events)
        try:
            path = known.paths.get(product_of.get(ref), OPEN_PATH)
            state, warnings = tl.check_timeline([tl.Event(e.date, e.type, e.bank, e.amount, e.note) for e in merged],
                                                path, today=today)
        except tl.TimelineError as exc:
            culprit = merged[exc.index - 1]
            if culprit.row is None:  # a stored event made impossible by an added one
                reason = _("the stored event {n} of this application ({event}, {date}): {reason}").format(
                    n=exc.index, event=culprit.type.label, date=culprit.date.isoformat(), reason=exc.reason)
                problems.add(SHEET, events[0].row, "date", events[0].date, reason)
            else:
                problems.add(SHEET, culprit.row, "type", culprit.type.value, _("{event} on {date}: {reason}").format(
                    event=culprit.type.label, date=culprit.date.isoformat(), reason=exc.reason))
            continue
        for index, text in warnings:
            event = merged[index - 1]
            if event.row is not None:
                stager.warnings.add(SHEET, event.row, "amount", fen_to_wan_str(event.amount), text)
        result[ref] = Timeline(merged, state, ref in stored)
    return result


def _added(stored: list[Ev], events: list[Ev]) -> list[Ev]:
    """The stored timeline with ``events`` added by date (after the stored events of their day)."""
    already = defaultdict(int)
    for e in stored:
        already[(e.date, e.type, e.bank, e.amount, e.note)] += 1
    merged = list(stored)
    for e in events:
        key = (e.date, e.type, e.bank, e.amount, e.note)
        if already[key]:
            already[key] -= 1
            continue
        merged.append(e)
    merged.sort(key=lambda e: e.date)
    return merged


def _stored_events(session, known, refs: list[str]) -> dict[str, list[Ev]]:
    """The stored timelines of the named applications, as Ev with codes."""
    if not refs:
        return {}
    bank_code = {v: k for k, v in known.banks.items()}
    specialist_code = {v: k for k, v in known.specialists.items()}
    meeting_code = {v: k for k, v in known.meetings.items()}
    ref_of = {known.applications[r]: r for r in refs}
    found: dict[str, list[Ev]] = {}
    ids = list(ref_of)
    e = m.Event
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = session.execute(select(e.application_id, e.date, e.type, e.bank_id, e.amount_fen, e.specialist_id,
                                      e.meeting_id, e.note, e.premium_fen, e.recorded_by)
                               .where(e.application_id.in_(chunk)).order_by(e.application_id, e.date, e.seq))
        for app_id, date, type_, bank, amount, spec, meeting, note, premium, by in rows:
            found.setdefault(ref_of[app_id], []).append(Ev(
                None, date, tl.EventType(type_), bank_code.get(bank), amount, specialist_code.get(spec),
                meeting_code.get(meeting), note or "", premium, by))
    return found


def attach_meetings(stager: Stager, session, timelines: dict[str, Timeline]) -> dict[str, dt.date]:
    """Put each 科技履约贷 review decision of the workbook without a meeting to the meeting held that
    day; the meetings to create (code → date) where there is none."""
    if not any(e.type in tl.REVIEW_EVENTS and e.meeting is None and e.row
               for line in timelines.values() for e in line.events):
        return {}
    reviewed = {ref for ref, product in products_after_import(stager, session).items() if product == PERFORMANCE_LOAN}
    by_date: dict[dt.date, str] = {}
    for code, day in stager.known.meeting_dates.items():
        by_date[day] = min(code, by_date.get(day, code))
    plan = stager.plans.get("review_meetings")
    if plan is not None:
        for code, fields in plan.new.items():
            day = fields.get("date")
            if day is not None:
                by_date[day] = min(code, by_date.get(day, code))
    taken = set(stager.known.meetings) | stager.keys.get("meetings", set())
    created: dict[str, dt.date] = {}
    for ref, line in timelines.items():
        if ref not in reviewed or not any(
                e.type in tl.REVIEW_EVENTS and e.meeting is None and e.row for e in line.events):
            continue
        events = line.events
        for i, e in enumerate(events):
            if e.type in tl.REVIEW_EVENTS and e.meeting is None and e.row:
                code = by_date.get(e.date)
                if code is None:
                    code = _free_code(f"M{e.date.isoformat()}", taken)
                    taken.add(code)
                    by_date[e.date] = code
                    created[code] = e.date
                events[i] = e._replace(meeting=code)
    return created


def products_after_import(stager: Stager, session) -> dict[str, str]:
    """Each application's product code (by ref), as it will be after the import."""
    product_of = dict(session.execute(select(m.Application.ref, m.Application.product_code)).all())
    plan = stager.plans.get("applications")
    if plan is not None:
        ref_of = {app_id: ref for ref, app_id in stager.known.applications.items()}
        for ref, fields in plan.new.items():
            product_of[ref] = fields.get("product_code")
        for app_id, fields in plan.changed.items():
            if "product_code" in fields:
                product_of[ref_of[app_id]] = fields["product_code"]
    return product_of


def _free_code(code: str, taken: set[str]) -> str:
    n, candidate = 2, code
    while candidate in taken:
        candidate, n = f"{code}-{n}", n + 1
    return candidate
