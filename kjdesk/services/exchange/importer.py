"""``import_workbook``: read and check the whole workbook, then write it in one transaction.

Every problem is collected (sheet, row, column, value, reason); if there is any, nothing is written
and ImportRefused lists them all. Checks that need the workbook's own rows in the database (the
assessment rubric's check of manual scores) run inside the transaction, which is then rolled back.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from kjdesk.db import models as m
from kjdesk.db.audit import bulk_write, record_bulk
from kjdesk.domain.errors import DomainError
from kjdesk.i18n import _
from kjdesk.services.exchange.known import Known
from kjdesk.services.exchange.programs import stage_programs, write_programs
from kjdesk.services.exchange.reader import Problems, open_workbook
from kjdesk.services.exchange.stage import Ref, Stager, credit_key
from kjdesk.services.exchange.store import Writer, upsert_products
from kjdesk.services.exchange.subsidies import stage_batches, stage_subsidies, write_batches, write_subsidies
from kjdesk.services.exchange.timelines import Timeline, attach_meetings, build_timelines, read_events
from kjdesk.services.exchange.allowance_rates import stage_rates, write_rates
from kjdesk.services.settings import working_date
from kjdesk.services.exchange.worklog import check_scores, stage_activities, stage_scores, write_scores
from kjdesk.services.users import acting, require

SHOWN_IN_MESSAGE = 200  # problems listed in the error message; all of them stay in .problems


class ImportRefused(DomainError):
    """The workbook was not imported; ``problems`` says every reason."""

    def __init__(self, problems):
        self.problems = list(problems)
        lines = [str(p) for p in self.problems[:SHOWN_IN_MESSAGE]]
        if len(self.problems) > SHOWN_IN_MESSAGE:
            lines.append(_("… and {n} more problems").format(n=len(self.problems) - SHOWN_IN_MESSAGE))
        super().__init__(_("the workbook was not imported, nothing was changed; {n} problems:").format(
            n=len(self.problems)) + "\n" + "\n".join(lines))


class ImportCancelled(Exception):
    """The user stopped the import; nothing was changed."""


@dataclass
class ImportSummary:
    """Rows added and updated per sheet, and what was imported but is worth a second look."""
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    warnings: list = field(default_factory=list)  # reader.Problem: where and why

    def note(self, sheet: str, added: int, updated: int = 0) -> None:
        if added or updated:
            self.added[sheet] = self.added.get(sheet, 0) + added
            self.updated[sheet] = self.updated.get(sheet, 0) + updated

    @property
    def counts(self) -> dict[str, int]:
        return {sheet: self.added[sheet] + self.updated[sheet] for sheet in self.added}

    def lines(self) -> list[str]:
        if not self.added:
            lines = [_("nothing to add or update")]
        else:
            lines = [_("{sheet}: {added} added, {updated} updated").format(
                sheet=sheet, added=self.added[sheet], updated=self.updated[sheet]) for sheet in self.added]
        return lines + [_("warning: {problem}").format(problem=w) for w in self.warnings]


# Share of the progress bar for reading each sheet (events are most of any large workbook).
_READ_SHARE = 0.6


def import_workbook(session_factory, path, *, progress: Callable[[float, str], None] | None = None,
                    cancelled: Callable[[], bool] | None = None) -> ImportSummary:
    """Import an exchange workbook all-or-nothing; ImportRefused lists every problem."""
    def report(fraction: float, message: str) -> None:
        if cancelled is not None and cancelled():
            raise ImportCancelled(_("the import was cancelled; nothing was changed"))
        if progress is not None:
            progress(fraction, message)

    report(0.0, _("Opening {file}").format(file=str(path)))
    book = open_workbook(path)
    problems = Problems()
    book.check_sheets(problems)
    summary = ImportSummary()
    # The write lock first: the stored timelines it checks against cannot change until it commits.
    with session_factory.write() as session, bulk_write(session, note=Path(path).name):
        require(session, "import")
        known = Known(session)
        stager = Stager(book, known, problems)
        report(0.02, _("Checking stations, specialists, banks and enterprises"))
        stager.keyed("stations", "stations", stager.stations)
        stager.keyed("specialists", "specialists", stager.specialists)
        stager.keyed("banks", "banks", stager.banks)
        products = stager.products()
        programs = stage_programs(stager, session)
        stager.keyed("enterprises", "enterprises", stager.enterprises, key_of=credit_key)
        stager.keyed("review_meetings", "meetings", stager.review_meetings)
        report(0.1, _("Checking applications"))
        stager.keyed("applications", "applications", stager.applications)
        report(0.15, _("Checking events"))
        by_ref = read_events(stager, lambda n: report(min(_READ_SHARE, 0.15 + n / 3_000_000),
                                                _("Checking events: row {n}").format(n=n)))
        report(_READ_SHARE, _("Checking timelines"))
        timelines = build_timelines(stager, session, by_ref, working_date(session))
        del by_ref
        created_meetings = attach_meetings(stager, session, timelines)
        activities = stage_activities(stager, session)
        batches = stage_batches(stager)
        subsidies = stage_subsidies(stager, session)
        scores = stage_scores(stager)
        rates = stage_rates(stager)
        users = stager.keyed("users", "users", stager.users)
        if (users.new or users.changed) and not acting(session).may("manage_users"):
            problems.add("users", None, "", "", _("only a manager imports users"))
        if problems:
            raise ImportRefused(problems)
        summary.warnings = list(stager.warnings)

        report(0.7, _("Writing"))
        writer = Writer(session, known)
        for sheet, table in (("stations", "stations"), ("specialists", "specialists"), ("banks", "banks"),
                             ("enterprises", "enterprises")):
            summary.note(sheet, *writer.plan(table, stager.plans[sheet]))
        summary.note("products", *upsert_products(writer, products))
        summary.note("subsidy_programs", *write_programs(writer, programs))
        added, updated = writer.plan("meetings", stager.plans["review_meetings"],
                                     extra_new={code: dict(code=code, date=day) for code, day in created_meetings.items()})
        summary.note("review_meetings", added, updated)
        report(0.75, _("Writing applications"))
        summary.note("applications", *_write_applications(writer, stager, timelines))
        report(0.8, _("Writing events"))
        summary.note("events", *_write_events(writer, timelines))
        del timelines
        summary.note("activities", writer.insert(m.Activity, (writer.resolve(a) for a in activities)))
        summary.note("subsidy_batches", *write_batches(writer, batches))
        summary.note("subsidies", *write_subsidies(writer, subsidies))
        if scores:
            session.flush()
            check_scores(session, scores, problems)
            if problems:
                raise ImportRefused(problems)
            summary.note("manual_scores", *write_scores(writer, scores))
        if rates:
            summary.note("allowance_rates", *write_rates(session, rates))
        summary.note("users", *writer.plan("users", users))
        if users.new or users.changed:
            _check_managers(session, problems)
        record_bulk(session, Path(path).name, {sheet: (summary.added[sheet], summary.updated[sheet])
                                               for sheet in summary.added})
        report(0.99, _("Saving"))  # the last chance to cancel: leaving the block commits
    if progress is not None:
        progress(1.0, _("Imported"))
    return summary


def _check_managers(session, problems: Problems) -> None:
    from sqlalchemy import func, select

    managers = session.scalar(select(func.count()).select_from(m.User).where(m.User.role == "manager", m.User.active))
    if not managers:
        problems.add("users", None, "role", "", _("there must stay an active manager to manage the users"))
        raise ImportRefused(problems)


def _state_fields(line: Timeline | None) -> dict:
    if line is None:
        return {}
    s = line.state
    return dict(status=s.status.value if s.status else None, bank_id=Ref("banks", s.bank) if s.bank else None,
                bank_since=s.bank_since, submitted_on=s.submitted_on, last_event_on=s.last_event_on)


_NO_STATE = dict(status=None, bank_id=None, bank_since=None, submitted_on=None, last_event_on=None)


def _write_applications(writer: Writer, stager: Stager, timelines: dict[str, Timeline]) -> tuple[int, int]:
    """Applications of the sheet, with their current state; then the state of other applications
    whose timeline the events sheet changed."""
    plan = stager.plans["applications"]
    ref_of = {app_id: ref for ref, app_id in writer.known.applications.items()}
    added, updated = writer.plan(
        "applications", plan,
        new_fields=lambda ref: writer.resolve(_state_fields(timelines.get(ref))) or _NO_STATE,
        changed_fields=lambda app_id: writer.resolve(_state_fields(timelines.get(ref_of[app_id]))))
    in_sheet = set(plan.rows)
    ids = writer.known.applications
    writer.update(m.Application, ((ids[ref], writer.resolve(_state_fields(line)))
                                  for ref, line in timelines.items() if ref not in in_sheet))
    return added, updated


def _write_events(writer: Writer, timelines: dict[str, Timeline]) -> tuple[int, int]:
    """Write the timelines; (events of new timelines, events of rewritten ones)."""
    ids = writer.known.applications
    writer.delete_events([ids[ref] for ref, line in timelines.items() if line.rewrites])
    banks, specialists, meetings = writer.known.banks, writer.known.specialists, writer.known.meetings

    def rows():
        for ref, line in timelines.items():
            app_id = ids[ref]
            for seq, e in enumerate(line.events, start=1):
                yield (app_id, seq, e.date.isoformat(), e.type.value, banks[e.bank] if e.bank else None, e.amount,
                       specialists[e.specialist] if e.specialist else None,
                       meetings[e.meeting] if e.meeting else None, e.note, e.premium, e.recorded_by)

    written = writer.insert_plain("events", ("application_id", "seq", "date", "type", "bank_id", "amount_fen",
                                             "specialist_id", "meeting_id", "note", "premium_fen", "recorded_by"),
                                  rows())
    rewritten = sum(len(line.events) for line in timelines.values() if line.rewrites)
    return written - rewritten, rewritten
