"""``kjdesk demo [--force]``: build the trainers' demo database (docs/demo.md says what is in it)."""
from __future__ import annotations

import argparse

from kjdesk.i18n import _


def register(subparsers, common) -> None:
    parser = subparsers.add_parser(
        "demo", parents=[common], help=_("build the trainers' demo database"),
        description=_("Fill the database with the demo data set, which reproduces the published 2017 figures."))
    parser.add_argument("--force", action="store_true",
                        help=_("replace the data of a database that already holds some (a backup is made first)"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from sqlalchemy import func, select

    from kjdesk.cli import InputProblem, open_session_factory
    from kjdesk.db import models as m
    from kjdesk.db.database import ServerAddress, backup, resolve_path
    from kjdesk.demo.build import build_demo, holds_data
    from kjdesk.demo.reference import DEMO_TODAY
    from kjdesk.services.settings import working_date

    path = resolve_path(getattr(args, "db", None))
    factory = open_session_factory(args, create=True)

    def before_clearing(session) -> None:
        # Under the write lock: nothing can be committed between this look and the demo replacing it.
        if not holds_data(session):
            return
        if not args.force:
            raise InputProblem(_("{path} already holds data; add --force to replace it (a backup is made "
                                 "first)").format(path=path))
        # Rebuilding a demo must not rotate away the backup of the real data a first demo replaced.
        was_demo = working_date(session, today=None) == DEMO_TODAY
        if isinstance(path, ServerAddress):
            raise InputProblem(_("{path} is a database on a server, which kjdesk does not back up: have its "
                                 "administrator back it up (pg_dump) and give kjdesk demo a new, empty database").format(
                path=path))
        saved = backup(path, "before-demo-rebuild" if was_demo else "before-demo")
        print(_("The data it held is saved in {path}").format(path=saved))

    build_demo(factory, before_clearing=before_clearing)
    with factory() as session:
        count = {name: session.scalar(select(func.count()).select_from(model)) for name, model in (
            ("enterprises", m.Enterprise), ("applications", m.Application), ("events", m.Event),
            ("meetings", m.ReviewMeeting), ("activities", m.Activity), ("subsidies", m.SubsidyCase))}
    print(_("Demo data built in {path}: {enterprises} enterprises, {applications} loan applications with "
            "{events} events, {meetings} review meetings, {activities} work-log entries, {subsidies} subsidy "
            "cases.").format(path=path, **count))
    print(_("The demo is seen as of {today}; it reproduces the published 2017 district and 3+X tables.").format(
        today=DEMO_TODAY.isoformat()))
    return 0
