"""``kjdesk report districts|products|subsidies|workload --year Y [--month M] --format json|csv|xlsx|pdf [-o OUT]``."""
from __future__ import annotations

import argparse

from kjdesk.i18n import _


def register(subparsers, common) -> None:
    parser = subparsers.add_parser("report", parents=[common], help=_("print a published statistics table"),
                                   description=_("The district table (附录四), the 3+X product table (表4), the subsidy table or the stations' workload for a year."))
    parser.add_argument("table", choices=("districts", "products", "subsidies", "workload"), help=_("which table"))
    parser.add_argument("--year", type=int, required=True, help=_("the year"))
    parser.add_argument("--month", type=int, help=_("workload only: one month of the year (1-12)"))
    parser.add_argument("--format", choices=("json", "csv", "xlsx", "pdf"), default="json", help=_("output format"))
    parser.add_argument("-o", "--output", help=_("output file (standard output if omitted; required for xlsx and pdf)"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from kjdesk.cli import InputProblem, open_session_factory
    from kjdesk.commands import tabular
    from kjdesk.services.statistics import table_records, table_title

    if args.format in ("xlsx", "pdf") and not args.output:
        raise InputProblem(_("--format {format} needs -o FILE").format(format=args.format))
    if args.table == "workload":
        from kjdesk.commands import workload_report

        return workload_report.run(args)
    if args.month is not None:
        raise InputProblem(_("--month applies to the workload only"))
    with open_session_factory(args)() as session:
        columns, records, total = table_records(session, args.table, args.year)
    title = table_title(args.table, args.year)
    if args.format == "json":
        from kjdesk.jsonout import dumps

        tabular.emit_text(dumps({"year": args.year, "rows": records, "total": total}), args.output)
    elif args.format == "csv":
        tabular.emit_text(tabular.csv_text([key for key, _title in columns], records + [total]), args.output)
    elif args.format == "xlsx":
        tabular.write_xlsx(args.output, title, columns, records + [total])
    else:
        from kjdesk.reports.tables import write_table_pdf

        write_table_pdf(title, columns, records, total, args.output)
    return 0
