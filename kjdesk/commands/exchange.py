"""``kjdesk import|export|template FILE.xlsx``: the exchange workbook (docs/exchange.md)."""
from __future__ import annotations

import argparse
import sys

from kjdesk.i18n import _


def register(subparsers, common) -> None:
    parser = subparsers.add_parser(
        "import", parents=[common], help=_("import an exchange workbook (all or nothing)"),
        description=_("Add and update the rows of an exchange workbook. If any cell is wrong nothing is changed "
                      "and every problem is listed."))
    parser.add_argument("file", metavar="FILE.xlsx", help=_("the workbook to import"))
    parser.set_defaults(handler=run_import)
    parser = subparsers.add_parser(
        "export", parents=[common], help=_("write the whole database as an exchange workbook"),
        description=_("Write every sheet of the database to a workbook that import reads back."))
    parser.add_argument("file", metavar="FILE.xlsx", help=_("the workbook to write"))
    parser.set_defaults(handler=run_export)
    parser = subparsers.add_parser(
        "template", parents=[common], help=_("write a blank exchange workbook with instructions"),
        description=_("Write a blank workbook with the headers of every sheet and a sheet of instructions, "
                      "in the chosen language."))
    parser.add_argument("file", metavar="FILE.xlsx", help=_("the workbook to write"))
    parser.set_defaults(handler=run_template)


def run_import(args: argparse.Namespace) -> int:
    from kjdesk.cli import EXIT_BAD_INPUT, open_session_factory
    from kjdesk.services.exchange import ImportRefused, import_workbook

    factory = open_session_factory(args, create=True)
    try:
        summary = import_workbook(factory, args.file)
    except ImportRefused as refused:
        print(_("kjdesk: {file} was not imported, nothing was changed; {n} problems:").format(
            file=args.file, n=len(refused.problems)), file=sys.stderr)
        for problem in refused.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(_("{file} imported:").format(file=args.file))
    for line in summary.lines():
        print(f"  {line}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from kjdesk.cli import EXIT_BAD_INPUT, open_session_factory
    from kjdesk.services.exchange import export_workbook

    cut_short = []
    with open_session_factory(args, rescue=True)() as session:
        written = export_workbook(session, args.file, on_damage=lambda sheet, n: cut_short.append((sheet, n)))
    print(_("{file} written:").format(file=args.file))
    for sheet, n in written.items():
        print("  " + _("{sheet}: {n} rows").format(sheet=sheet, n=n))
    for sheet, n in cut_short:
        print(_("kjdesk: the {sheet} sheet is incomplete: the database is damaged after its row {n}").format(
            sheet=sheet, n=n), file=sys.stderr)
    return EXIT_BAD_INPUT if cut_short else 0


def run_template(args: argparse.Namespace) -> int:
    from kjdesk.i18n import current_language
    from kjdesk.services.exchange import write_template

    write_template(args.file, current_language())
    print(_("Template written to {file}").format(file=args.file))
    return 0
