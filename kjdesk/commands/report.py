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


def table_title(table: str, year: int) -> str:
    if table == "districts":
        return _("{year} 科技履约贷 review progress by district").format(year=year)
    if table == "subsidies":
        return _("{year} subsidies by program").format(year=year)
    return _("{year} 3+X sci-tech credit products").format(year=year)


def build(session, table: str, year: int):
    """(columns, records, total record) for one table."""
    from kjdesk.services import statistics as st

    if table == "subsidies":
        from kjdesk.services.subsidy_report import SUBSIDY_COLUMNS, subsidy_record, subsidy_table

        data = subsidy_table(session, year)
        return SUBSIDY_COLUMNS, [subsidy_record(r) for r in data.rows], subsidy_record(data.total)
    if table == "districts":
        data = st.district_table(session, year)
        return st.DISTRICT_COLUMNS, [st.district_record(r) for r in data.rows], st.district_record(data.total)
    data = st.product_table(session, year)
    return st.PRODUCT_COLUMNS, [st.product_record(r) for r in data.rows], st.product_record(data.total)


def run(args: argparse.Namespace) -> int:
    from kjdesk.cli import InputProblem, open_session_factory
    from kjdesk.commands import tabular

    if args.format in ("xlsx", "pdf") and not args.output:
        raise InputProblem(_("--format {format} needs -o FILE").format(format=args.format))
    if args.table == "workload":
        from kjdesk.commands import workload_report

        return workload_report.run(args)
    if args.month is not None:
        raise InputProblem(_("--month applies to the workload only"))
    with open_session_factory(args)() as session:
        columns, records, total = build(session, args.table, args.year)
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
