"""``kjdesk score set|clear``: the manager's entries of manual items and adjustments of computed ones."""
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
            sub.add_argument("--by", default="", help=_("who enters it (default: --user)"))
        sub.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from kjdesk.assessment.manual import clear_score, set_score
    from kjdesk.cli import open_session_factory
    from kjdesk.db.audit import user_of

    with open_session_factory(args).write() as session:
        if args.action == "set":
            set_score(session, args.year, args.sheet, args.code, args.item, args.score, args.reason,
                      args.by or user_of(session))
        else:
            clear_score(session, args.year, args.sheet, args.code, args.item)
    return 0
