"""The subsidies, subsidy_batches and subsidy_steps sheets.

A case's steps on subsidy_steps are its whole history: they replace the stored one and decide its
status. Without them a case's status implies the steps it must have passed through, and only the
missing ones are added. The subsidy is computed when left blank; an approved amount above it, or
below it without a reason, is refused.
"""
from __future__ import annotations

from sqlalchemy import delete, select

from kjdesk.db import models as m
from kjdesk.domain import subsidy as rules
from kjdesk.domain.errors import DomainError
from kjdesk.i18n import _
from kjdesk.services.exchange.known import SUBSIDY_STATUS_KEYS, lookup
from kjdesk.services.exchange.programs import upsert_by_code
from kjdesk.services.exchange.reader import ABSENT, BAD
from kjdesk.services.exchange.sheets import SHEET_BY_NAME
from kjdesk.services.exchange.stage import Stager, _credit_key

NAME, STEPS, BATCHES = "subsidies", "subsidy_steps", "subsidy_batches"
_STATUSES = "submitted, returned, accepted, expert_review, approved, rejected, paid"


def stage_subsidies(stager: Stager, session):
    """The plan of the subsidies sheet; each row's fields carry ``_history``: the steps to add
    (and ``_replace`` when they replace the stored history)."""
    history = _stored_history(session, stager.known.subsidies.values())
    steps = _read_steps(stager)

    def convert(row, c, is_new):
        (ref, program, credit, station, policy_no, insurer, premium, policy_start, submitted, status, status_date,
         subsidy, loan_ref, insured, class_code, batch, approved, reason) = c
        problems = stager.problems
        f = {k: v for k, v in dict(
            ref=ref, policy_no=_text(policy_no), insurer=_text(insurer), premium_fen=premium, policy_start=policy_start,
            submitted=submitted, insured_fen=insured, class_code=class_code, batch=_text(batch), approved_fen=approved,
            reason=_text(reason)).items() if v is not ABSENT}
        code = None
        if program not in (None, ABSENT):
            code = lookup(stager.known.program_keys, program)
            if code is None:
                problems.add(NAME, row, "program", program, _("unknown subsidy program; the programs are {codes}").format(
                    codes=", ".join(sorted(stager.known.programs))))
            f["program_code"] = code
        if credit not in (None, ABSENT):
            f["enterprise_id"] = stager.ref("enterprises", NAME, row, "credit_code",
                                            _credit_key(credit, problems, NAME, row), _("enterprise"))
        if station is not ABSENT:
            f["station_id"] = stager.ref("stations", NAME, row, "station_code", station, _("station"))
        if loan_ref is not ABSENT:
            f["application_id"] = stager.ref("applications", NAME, row, "application_ref", loan_ref, _("application"))
        if code and class_code not in (None, ABSENT):
            classes = [k.code for k in stager.known.programs[code].classes]
            if class_code not in classes:
                problems.add(NAME, row, "class", class_code, _("not a class of {program}; its classes are {codes}").format(
                    program=code, codes=", ".join(classes) or "—"))
        if status not in (None, ABSENT):
            status_code = lookup(SUBSIDY_STATUS_KEYS, status)
            if status_code is None:
                problems.add(NAME, row, "status", status, _("unknown status; write {statuses}").format(statuses=_STATUSES))
                return f
            status = f["status"] = status_code
        given = steps.pop(ref, None)
        if given is not None:
            last = given[-1]
            if status not in (None, ABSENT) and status != last["status"]:
                problems.add(NAME, row, "status", status, _("the case's subsidy_steps end at “{last}”").format(
                    last=last["status"]))
            status = f["status"] = last["status"]
            f["status_date"] = last["date"]
            f["_history"], f["_replace"] = given, not is_new
        if submitted in (None, ABSENT) or status in (None, ABSENT):
            return f
        if given is None:
            day = submitted if status_date in (None, ABSENT) else status_date
            if day < submitted:
                problems.add(NAME, row, "status_date", status_date, _("comes before the submitted date {date}").format(
                    date=submitted.isoformat()))
            f["status_date"] = day
            f["_history"] = _steps(stager, row, ref, status, submitted, day, is_new, history)
        given_start = policy_start not in (None, ABSENT)
        _subsidy(stager, row, f, code, subsidy, premium, policy_start if given_start else submitted,
                 "policy_start" if given_start else "submitted", status, is_new)
        return f

    plan = stager.keyed(NAME, "subsidies", convert)
    for ref, given in steps.items():  # steps of stored cases the subsidies sheet does not list
        if ref not in stager.known.subsidies:
            stager.problems.add(STEPS, given[0]["row"], "ref", ref, _("unknown subsidy case; it is neither in the "
                                                                      "database nor on the subsidies sheet"))
            continue
        plan.changed.setdefault(stager.known.subsidies[ref], {}).update(
            status=given[-1]["status"], status_date=given[-1]["date"], _history=given, _replace=True)
    return plan


def _subsidy(stager, row, f, code, subsidy, premium, started, started_column, status, is_new):
    """The computed subsidy (unless given; the base must arise on ``started``, inside the program's
    window), and the approved amount checked against it."""
    if subsidy is ABSENT and not is_new:
        return  # an update without the column keeps the stored subsidy
    if subsidy is not None and subsidy is not ABSENT:
        f["subsidy_fen"] = subsidy
    elif status == "rejected" or premium in (None, ABSENT) or code is None:
        f["subsidy_fen"] = None
    else:
        try:
            f["subsidy_fen"] = rules.subsidy_for(stager.known.programs[code], premium, started)
        except DomainError as exc:
            stager.problems.add(NAME, row, started_column, started, exc.message)
            return
    approved = f.get("approved_fen")
    if approved is not None and f["subsidy_fen"] is not None:
        try:
            rules.approved_amount(f["subsidy_fen"], approved, f.get("reason") or "")
        except DomainError as exc:
            stager.problems.add(NAME, row, "approved", approved, exc.message)


def _read_steps(stager) -> dict[str, list[dict]]:
    """ref → the steps of subsidy_steps, in the sheet's order, each history checked whole."""
    if not stager.book.has(STEPS):
        return {}
    problems = stager.problems
    sheet = SHEET_BY_NAME[STEPS]
    present, rows = stager.book.rows(sheet, problems)
    lacking = [c.name for c in sheet.columns if c.required and c.name not in present]
    if lacking:
        problems.add(STEPS, None, ", ".join(lacking), "", _("the sheet needs the columns {columns}").format(
            columns=", ".join(lacking)))
        return {}
    out: dict[str, list[dict]] = {}
    for row, (ref, date, status, by, note) in rows:
        if BAD in (ref, date, status):
            continue
        blank = [name for name, v in (("ref", ref), ("date", date), ("status", status)) if v is None]
        if blank:
            problems.add(STEPS, row, blank[0], "", _("{column} is required").format(column=blank[0]))
            continue
        code = lookup(SUBSIDY_STATUS_KEYS, status)
        if code is None:
            problems.add(STEPS, row, "status", status, _("unknown status; write {statuses}").format(statuses=_STATUSES))
            continue
        out.setdefault(ref, []).append(dict(row=row, status=code, date=date, by=_text(by) or "", note=_text(note) or ""))
    for given in out.values():
        granted, current, last = given[0]["status"] == "accepted", None, None
        for step in given:
            try:
                rules.check_subsidy_step(current, step["status"], granted=granted)
            except DomainError as exc:
                problems.add(STEPS, step["row"], "status", step["status"], exc.message)
                break
            if last and step["date"] < last:
                problems.add(STEPS, step["row"], "date", step["date"], _("comes before the step before it ({date})").format(
                    date=last.isoformat()))
                break
            current, last = step["status"], step["date"]
    return out


def _steps(stager, row, ref, status, submitted, day, is_new, history):
    """The history rows to add: the path to ``status`` beyond what is stored."""
    path = rules.subsidy_path(status) if status != "returned" else ["submitted", "returned"]
    done = [] if is_new else history.get(stager.known.subsidies[ref], [])
    if done == path[:len(done)]:
        todo = path[len(done):]
    elif done and done[-1] == status:
        todo = []
    else:
        stager.problems.add(NAME, row, "status", status, _("a subsidy case cannot go from “{current}” to “{new}”").format(
            current=done[-1] if done else "—", new=status))
        return []
    first = not done
    return [dict(status=step, date=submitted if first and i == 0 else day, by="", note="")
            for i, step in enumerate(todo)]


def _stored_history(session, ids) -> dict[int, list[str]]:
    if not ids:
        return {}
    h = m.SubsidyStatus
    found: dict[int, list[str]] = {}
    for case_id, status in session.execute(select(h.case_id, h.status).order_by(h.case_id, h.id)):
        found.setdefault(case_id, []).append(status)
    return found


def write_subsidies(writer, plan) -> tuple[int, int]:
    steps_of_new = {ref: fields.pop("_history", []) for ref, fields in plan.new.items()}
    for fields in plan.new.values():
        fields.pop("_replace", None)
    replaced = [case_id for case_id, fields in plan.changed.items() if fields.pop("_replace", False)]
    steps_of_old = {case_id: fields.pop("_history", []) for case_id, fields in plan.changed.items()}
    added, updated = writer.plan("subsidies", plan)
    ids = writer.known.subsidies
    for start in range(0, len(replaced), 500):
        writer.conn.execute(delete(m.SubsidyStatus).where(m.SubsidyStatus.case_id.in_(replaced[start:start + 500])))
    rows = [dict(case_id=ids[ref], **_step(s)) for ref, steps in steps_of_new.items() for s in steps]
    rows += [dict(case_id=case_id, **_step(s)) for case_id, steps in steps_of_old.items() for s in steps]
    writer.insert(m.SubsidyStatus, rows)
    return added, updated


def _step(step: dict) -> dict:
    return dict(status=step["status"], date=step["date"], by=step["by"], note=step["note"])


def stage_batches(stager: Stager) -> list[dict]:
    """The subsidy_batches sheet: batches keyed by code, to add or update."""
    if not stager.book.has(BATCHES):
        return []
    problems = stager.problems
    present, rows = stager.book.rows(SHEET_BY_NAME[BATCHES], problems)
    lacking = [c.name for c in SHEET_BY_NAME[BATCHES].columns if c.required and c.name not in present]
    if lacking:
        problems.add(BATCHES, None, ", ".join(lacking), "", _("the sheet needs the columns {columns}").format(
            columns=", ".join(lacking)))
        return []
    out, seen = [], {}
    for row, (code, program, number, made_on, period_from, period_to, approved_on) in rows:
        cells = dict(code=code, program=program, number=number, made_on=made_on, period_from=period_from,
                     period_to=period_to)
        if BAD in cells.values() or approved_on is BAD:
            continue
        blank = [k for k, v in cells.items() if v is None]
        if blank:
            problems.add(BATCHES, row, blank[0], "", _("{column} is required").format(column=blank[0]))
            continue
        program_code = lookup(stager.known.program_keys, program)
        if program_code is None:
            problems.add(BATCHES, row, "program", program, _("unknown subsidy program"))
            continue
        if code in seen or (program_code, number) in seen:
            problems.add(BATCHES, row, "code", code, _("the same batch is on row {other}").format(
                other=seen.get(code) or seen[(program_code, number)]))
            continue
        seen[code] = seen[(program_code, number)] = row
        out.append(dict(code=code, program_code=program_code, number=number, made_on=made_on,
                        period_from=period_from, period_to=period_to,
                        approved_on=None if approved_on is ABSENT else approved_on))
    return out


def write_batches(writer, rows: list[dict]) -> tuple[int, int]:
    return upsert_by_code(writer, m.SubsidyBatch.__table__, rows)


def _text(value):
    return value if value is ABSENT else (value or "")
