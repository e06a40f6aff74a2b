"""``kjdesk audit [--ref REF] [--user NAME] [--since DATE] --format json|csv``: who did what."""
from __future__ import annotations

import argparse

from kjdesk.commands import iso_date
from kjdesk.i18n import _


def register(subparsers, common) -> None:
    parser = subparsers.add_parser("audit", parents=[common], help=_("who changed what, and when"),
                                   description=_("The audit trail: every insert, change and removal, oldest first."))
    parser.add_argument("--ref", help=_("only what concerns this case, subsidy case or enterprise (credit code)"))
    parser.add_argument("--by", dest="by", metavar="NAME", help=_("only what this user did"))
    parser.add_argument("--since", type=iso_date, help=_("only from this day on (YYYY-MM-DD)"))
    parser.add_argument("--format", choices=("json", "csv"), default="json", help=_("output format"))
    parser.add_argument("-o", "--output", help=_("output file (standard output if omitted)"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from kjdesk.cli import open_session_factory
    from kjdesk.commands import tabular
    from kjdesk.services.audit import KEYS, trail

    with open_session_factory(args)() as session:
        records = [line.record() for line in trail(session, ref=args.ref, user=args.by, since=args.since)]
    if args.format == "json":
        from kjdesk.jsonout import dumps

        tabular.emit_text(dumps({"rows": records}), args.output)
    else:
        tabular.emit_text(tabular.csv_text(KEYS, records), args.output)
    return 0
