"""``kjdesk aging --as-of DATE --format json|csv``: the specialists' daily work list."""
from __future__ import annotations

import argparse

from kjdesk.commands import iso_date
from kjdesk.i18n import _

AGING_KEYS = ["ref", "enterprise", "bank_code", "since", "days", "level"]


def register(subparsers, common) -> None:
    parser = subparsers.add_parser("aging", parents=[common], help=_("cases 30, 60 or 90 days at their bank"),
                                   description=_("Every case 30 days or more at its bank without the bank's decision."))
    parser.add_argument("--as-of", type=iso_date, help=_("the day to count to (default: today, or a demo's own today)"))
    parser.add_argument("--format", choices=("json", "csv"), default="json", help=_("output format"))
    parser.add_argument("-o", "--output", help=_("output file (standard output if omitted)"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from kjdesk.cli import open_session_factory
    from kjdesk.commands import tabular
    from kjdesk.services.aging import aging_list
    from kjdesk.services.settings import working_date

    with open_session_factory(args)() as session:
        as_of = args.as_of or working_date(session)
        rows = aging_list(session, as_of)
    records = [{"ref": r.ref, "enterprise": r.enterprise, "bank_code": r.bank_code, "since": r.since.isoformat(),
                "days": r.days, "level": r.level} for r in rows]
    if args.format == "json":
        from kjdesk.jsonout import dumps

        tabular.emit_text(dumps({"as_of": as_of.isoformat(), "rows": records}), args.output)
    else:
        tabular.emit_text(tabular.csv_text(AGING_KEYS, records), args.output)
    return 0
