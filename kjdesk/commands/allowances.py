"""``kjdesk allowances --station S --period 2017-06|2017-Q2 --format pdf|json|xlsx [-o OUT] [--issue --by U]``."""
from __future__ import annotations

import argparse

from kjdesk.i18n import N_, _

XLSX_COLUMNS = (("date", N_("Date")), ("ref", N_("Case")), ("enterprise", N_("Enterprise")),
                ("specialist", N_("Specialist")), ("allowance_yuan", N_("Allowance (CNY)")), ("late", N_("Late entry")))


def register(subparsers, common) -> None:
    parser = subparsers.add_parser("allowances", parents=[common], help=_("a station's visit allowance statement"),
                                   description=_("The transport and meal allowance for a station's site visits in a "
                                                 "month or quarter; --issue stores it as issued."))
    parser.add_argument("--station", required=True, help=_("the station's code"))
    parser.add_argument("--period", required=True, help=_("a month (2017-06) or a quarter (2017-Q2)"))
    parser.add_argument("--format", choices=("json", "xlsx", "pdf"), default="json", help=_("output format"))
    parser.add_argument("-o", "--output", help=_("output file (standard output if omitted; required for xlsx and pdf)"))
    parser.add_argument("--issue", action="store_true", help=_("issue the statement: its figures are kept from now on"))
    parser.add_argument("--by", help=_("who issues it (with --issue)"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from kjdesk.cli import InputProblem, open_session_factory
    from kjdesk.commands import tabular
    from kjdesk.domain.allowances import fen_to_yuan
    from kjdesk.services import allowances

    if args.format in ("xlsx", "pdf") and not args.output:
        raise InputProblem(_("--format {format} needs -o FILE").format(format=args.format))
    if args.issue and not args.by:
        raise InputProblem(_("--issue needs --by: who issues the statement"))
    db = open_session_factory(args)
    if args.issue:
        with db.write() as session:
            st = allowances.issue(session, args.station, args.period, args.by)
    else:
        with db() as session:
            st = allowances.statement(session, args.station, args.period)
    if args.format == "json":
        from kjdesk.jsonout import dumps

        tabular.emit_text(dumps(st.record()), args.output)
    elif args.format == "xlsx":
        from kjdesk.reports.allowance_statement import statement_title

        records = [{"date": ln.date, "ref": ln.ref, "enterprise": ln.enterprise, "specialist": ln.specialist,
                    "allowance_yuan": fen_to_yuan(ln.per_visit_fen), "late": _("yes") if ln.late else ""}
                   for ln in st.lines]
        total = {"date": _("Total"), "ref": "", "enterprise": "", "specialist": "",
                 "allowance_yuan": fen_to_yuan(st.total_fen), "late": ""}
        tabular.write_xlsx(args.output, statement_title(st), XLSX_COLUMNS, records + [total])
    else:
        from kjdesk.reports.allowance_statement import write_statements_pdf

        write_statements_pdf([st], args.output)
    return 0
