"""``kjdesk assess stations|banks --year Y --format json|pdf|xlsx [-o OUT] [--split]``;
``kjdesk assess finalize|reopen --year Y --by U [--reason R]``."""
from __future__ import annotations

import argparse

from kjdesk.i18n import _

SHEET_OF = {"stations": "station", "banks": "bank"}


def register(subparsers, common) -> None:
    parser = subparsers.add_parser("assess", parents=[common], help=_("score the stations or the banks for a year"),
                                   description=_("The yearly assessment sheet of every station or partner bank."))
    parser.add_argument("subjects", choices=tuple(SHEET_OF) + ("finalize", "reopen"),
                        help=_("which sheet, or finalize or reopen the year"))
    parser.add_argument("--year", type=int, required=True, help=_("the assessed year"))
    parser.add_argument("--format", choices=("json", "pdf", "xlsx"), default="json", help=_("output format"))
    parser.add_argument("-o", "--output", help=_("output file (standard output if omitted; required for pdf and xlsx)"))
    parser.add_argument("--split", action="store_true",
                        help=_("PDF only: -o is a folder, one file per station or bank plus the ranking summary"))
    parser.add_argument("--by", help=_("finalize, reopen: who does it"))
    parser.add_argument("--reason", default="", help=_("finalize, reopen: why (required to reopen)"))
    parser.set_defaults(handler=run)


def _close(args: argparse.Namespace) -> int:
    from kjdesk.assessment import closing
    from kjdesk.cli import InputProblem, open_session_factory

    if not args.by:
        raise InputProblem(_("{action} needs --by: who does it").format(action=args.subjects))
    with open_session_factory(args).write() as session:
        if args.subjects == "finalize":
            closing.finalize(session, args.year, args.by, args.reason)
        else:
            closing.reopen(session, args.year, args.by, args.reason)
    return 0


def run(args: argparse.Namespace) -> int:
    from kjdesk.assessment.engine import assess, sheet_json
    from kjdesk.cli import InputProblem, open_session_factory
    from kjdesk.commands import tabular
    from kjdesk.i18n import current_language

    if args.subjects in ("finalize", "reopen"):
        return _close(args)
    if args.format in ("pdf", "xlsx") and not args.output:
        raise InputProblem(_("--format {format} needs -o FILE").format(format=args.format))
    if args.split and args.format != "pdf":
        raise InputProblem(_("--split works with --format pdf only"))
    with open_session_factory(args)() as session:
        result = assess(session, SHEET_OF[args.subjects], args.year, lang=current_language())
    if args.format == "json":
        from kjdesk.jsonout import dumps

        tabular.emit_text(dumps(sheet_json(result)), args.output)
    elif args.format == "xlsx":
        from kjdesk.reports.workbook import write_sheet_xlsx

        write_sheet_xlsx(result, args.output)
    elif args.split:
        from kjdesk.reports.sheets import write_sheet_pdfs

        write_sheet_pdfs(result, args.output)
    else:
        from kjdesk.reports.sheets import write_sheet_pdf

        write_sheet_pdf(result, args.output)
    return 0
