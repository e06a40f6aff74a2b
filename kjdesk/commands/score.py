"""``kjdesk score set|clear|history``: the manager's entries of manual items and adjustments of
computed ones, and their history."""
from __future__ import annotations

import argparse

from kjdesk.i18n import _


def register(subparsers, common) -> None:
    parser = subparsers.add_parser("score", parents=[common], help=_("enter or adjust an assessment score"),
                                   description=_("Enter a manual item of an assessment sheet, or adjust a computed one "
                                                 "with a reason; clear puts the computed value back."))
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, text in (("set", _("store a score")), ("clear", _("remove a stored score"))):
        sub = actions.add_parser(name, parents=[common], help=text)
        sub.add_argument("--year", type=int, required=True, help=_("the assessed year"))
        sub.add_argument("--sheet", choices=("station", "bank"), required=True, help=_("which sheet"))
        sub.add_argument("--code", required=True, help=_("the station's or bank's code"))
        sub.add_argument("--item", required=True, help=_("the item id on the sheet (e.g. responsiveness)"))
        if name == "set":
            sub.add_argument("--score", required=True, help=_("the score, 0 to the item's maximum"))
            sub.add_argument("--reason", default="", help=_("why (required when adjusting a computed item)"))
            sub.add_argument("--by", required=True, default="", help=_("who enters it (default: --user)"))
        else:
            sub.add_argument("--reason", default="", help=_("why (kept in the history)"))
            sub.add_argument("--by", default="", help=_("who clears it (default: --user)"))
        sub.set_defaults(handler=run)
    sub = actions.add_parser("history", parents=[common], help=_("every entry of a year, oldest first"))
    sub.add_argument("--year", type=int, required=True, help=_("the assessed year"))
    sub.add_argument("--format", choices=("json", "csv"), default="json", help=_("output format"))
    sub.add_argument("-o", "--output", help=_("output file (standard output if omitted)"))
    sub.set_defaults(handler=run_history)


HISTORY_KEYS = ("sheet", "code", "item", "score", "computed", "reason", "by", "at")


def run_history(args: argparse.Namespace) -> int:
    from kjdesk.assessment.engine import score_text
    from kjdesk.assessment.manual import history
    from kjdesk.cli import open_session_factory
    from kjdesk.commands import tabular

    with open_session_factory(args)() as session:
        rows = [{"sheet": h.sheet, "code": h.code, "item": h.item,
                 "score": None if h.score is None else score_text(h.score),
                 "computed": None if h.computed is None else score_text(h.computed),
                 "reason": h.reason, "by": h.by, "at": h.at.isoformat(timespec="seconds")}
                for h in history(session, args.year)]
    if args.format == "json":
        from kjdesk.jsonout import dumps

        tabular.emit_text(dumps({"year": args.year, "rows": rows}), args.output)
    else:
        tabular.emit_text(tabular.csv_text(list(HISTORY_KEYS), rows), args.output)
    return 0


def run(args: argparse.Namespace) -> int:
    from kjdesk.assessment.manual import clear_score, set_score
    from kjdesk.cli import open_session_factory
    from kjdesk.db.audit import user_of

    with open_session_factory(args).write() as session:
        if args.action == "set":
            set_score(session, args.year, args.sheet, args.code, args.item, args.score, args.reason,
                      args.by or user_of(session))
        else:
            clear_score(session, args.year, args.sheet, args.code, args.item, by=args.by or user_of(session),
                        reason=args.reason)
    return 0
