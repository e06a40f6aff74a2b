"""``kjdesk report workload --year Y [--month M]``: the stations' and specialists' counts, as JSON,
CSV (the stations, a blank line, the specialists), a workbook (one sheet each) or a PDF."""
from __future__ import annotations

import argparse

from kjdesk.domain.workload import COUNT_TITLES, SPECIALIST_COUNTS, STATION_COUNTS, month_period, year_period
from kjdesk.i18n import N_, _

STATION_COLUMNS = (("name", N_("Station")), ("code", N_("Code"))) + tuple(
    (key, COUNT_TITLES[key]) for key in STATION_COUNTS)
SPECIALIST_COLUMNS = (("name", N_("Specialist")), ("code", N_("Code")), ("station", N_("Station"))) + tuple(
    (key, COUNT_TITLES[key]) for key in SPECIALIST_COUNTS)


def run(args: argparse.Namespace) -> int:
    from kjdesk.cli import open_session_factory
    from kjdesk.commands import tabular
    from kjdesk.services.workload import workload

    period = year_period(args.year) if args.month is None else month_period(args.year, args.month)
    with open_session_factory(args)() as session:
        data = workload(session, period)
    total = {"name": _("Total"), "code": "",
             **{key: sum(r[key] for r in data.stations) for key in STATION_COUNTS}}
    title = _("Station workload {period}").format(period=period.name)
    if args.format == "json":
        from kjdesk.jsonout import dumps

        out = {"year": args.year, **({"month": args.month} if args.month else {}),
               "stations": [{k: r[k] for k in ("code",) + STATION_COUNTS} for r in data.stations],
               "specialists": [{k: r[k] for k in ("code", "station") + SPECIALIST_COUNTS} for r in data.specialists]}
        tabular.emit_text(dumps(out), args.output)
    elif args.format == "csv":
        text = (tabular.csv_text([k for k, _t in STATION_COLUMNS], data.stations + [total]) + "\n"
                + tabular.csv_text([k for k, _t in SPECIALIST_COLUMNS], data.specialists))
        tabular.emit_text(text, args.output)
    elif args.format == "xlsx":
        tabular.write_xlsx(args.output, title, STATION_COLUMNS, data.stations + [total],
                           more=[(_("Specialists"), SPECIALIST_COLUMNS, data.specialists)])
    else:
        from kjdesk.reports.tables import write_tables_pdf

        write_tables_pdf(title, [(_("Stations"), STATION_COLUMNS, data.stations, total),
                                 (_("Specialists"), SPECIALIST_COLUMNS, data.specialists, None)], args.output)
    return 0
