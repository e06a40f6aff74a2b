"""The subsidies sheet: subsidy cases by ref, the subsidy computed when left blank, and the status
history a case must have passed through to reach its status."""
from __future__ import annotations

from sqlalchemy import select

from kjdesk.db import models as m
from kjdesk.domain import subsidy as rules
from kjdesk.domain.errors import DomainError
from kjdesk.i18n import _
from kjdesk.services.exchange.known import SUBSIDY_STATUS_KEYS, lookup
from kjdesk.services.exchange.reader import ABSENT
from kjdesk.services.exchange.stage import Stager, _credit_key

NAME = "subsidies"


def stage_subsidies(stager: Stager, session):
    """The plan of the subsidies sheet; each row's fields carry ``_history``: the steps to add."""
    history = _stored_history(session, stager.known.subsidies.values())

    def convert(row, c, is_new):
        ref, program, credit, station, policy_no, insurer, premium, policy_start, submitted, status, status_date, \
            subsidy = c
        problems = stager.problems
        f = {k: v for k, v in dict(ref=ref, policy_no=_text(policy_no), insurer=_text(insurer), premium_fen=premium,
                                   policy_start=policy_start, submitted=submitted).items() if v is not ABSENT}
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
        if status not in (None, ABSENT):
            status_code = lookup(SUBSIDY_STATUS_KEYS, status)
            if status_code is None:
                problems.add(NAME, row, "status", status, _("unknown status; write submitted, accepted, expert_review, "
                                                            "approved, rejected or paid"))
                return f
            status = f["status"] = status_code
        if submitted in (None, ABSENT) or status in (None, ABSENT):
            return f
        day = submitted if status_date in (None, ABSENT) else status_date
        if day < submitted:
            problems.add(NAME, row, "status_date", status_date, _("comes before the submitted date {date}").format(
                date=submitted.isoformat()))
        f["status_date"] = day
        if subsidy is ABSENT and not is_new:
            pass  # an update without the column keeps the stored subsidy
        elif subsidy is not None and subsidy is not ABSENT:
            f["subsidy_fen"] = subsidy
        elif status == "rejected" or premium in (None, ABSENT) or code is None:
            f["subsidy_fen"] = None
        else:
            try:
                f["subsidy_fen"] = rules.subsidy_for(stager.known.programs[code], premium, submitted)
            except DomainError as exc:
                problems.add(NAME, row, "submitted", submitted, exc.message)
        f["_history"] = _steps(stager, row, ref, status, submitted, day, is_new, history)
        return f

    return stager.keyed(NAME, "subsidies", convert)


def _steps(stager, row, ref, status, submitted, day, is_new, history):
    """The history rows to add: the path to ``status`` beyond what is stored."""
    path = rules.subsidy_path(status)
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
    steps = []
    for i, step in enumerate(todo):
        steps.append(dict(status=step, date=submitted if first and i == 0 else day, by="", note=""))
    return steps


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
    steps_of_old = {case_id: fields.pop("_history", []) for case_id, fields in plan.changed.items()}
    added, updated = writer.plan("subsidies", plan)
    ids = writer.known.subsidies
    rows = [dict(case_id=ids[ref], **s) for ref, steps in steps_of_new.items() for s in steps]
    rows += [dict(case_id=case_id, **s) for case_id, steps in steps_of_old.items() for s in steps]
    writer.insert(m.SubsidyStatus, rows)
    return added, updated


def _text(value):
    return value if value is ABSENT else (value or "")

