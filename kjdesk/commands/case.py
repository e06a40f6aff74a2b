"""``kjdesk case show REF`` and ``kjdesk case event REF TYPE --date D …``: one loan case from the
command line, through the same services and rules as the client."""
from __future__ import annotations

import argparse
import sys

from kjdesk.commands import iso_date
from kjdesk.i18n import _


def register(subparsers, common) -> None:
    parser = subparsers.add_parser("case", parents=[common], help=_("show a loan case or record an event on it"),
                                   description=_("One loan case: show it, or record the next event of its timeline."))
    actions = parser.add_subparsers(dest="case_action", metavar="ACTION", required=True)
    show = actions.add_parser("show", parents=[common], help=_("show a case and its timeline"))
    show.add_argument("ref", metavar="REF", help=_("the application's reference, e.g. LY20170001"))
    show.add_argument("--format", choices=("text", "json"), default="text", help=_("output format"))
    show.set_defaults(handler=run_show)
    event = actions.add_parser(
        "event", parents=[common], help=_("record an event on a case"),
        description=_("Record the next event of a case, checked by the same rules as the client; a refused "
                      "event changes nothing and says why (exit status 2). Warnings go to standard error."))
    event.add_argument("ref", metavar="REF", help=_("the application's reference"))
    event.add_argument("type", metavar="TYPE", help=_("the event type, e.g. preliminary_passed, recommended"))
    event.add_argument("--date", type=iso_date, required=True, help=_("the event's date (YYYY-MM-DD)"))
    event.add_argument("--bank", help=_("bank code"))
    event.add_argument("--amount", help=_("amount in 10k CNY, e.g. 500 or 450.5"))
    event.add_argument("--note", default="", help=_("note; a bank switch needs its reason here"))
    event.add_argument("--specialist", help=_("code of the specialist who did the work"))
    event.add_argument("--meeting", help=_("code of the review meeting that decided (review decisions)"))
    event.add_argument("--premium", help=_("on disbursed: the insurance premium in 10k CNY"))
    event.add_argument("--by", help=_("who records the event"))
    event.set_defaults(handler=run_event)


def run_show(args: argparse.Namespace) -> int:
    from kjdesk.cli import open_session_factory
    from kjdesk.services.case_record import case_record

    with open_session_factory(args)() as session:
        record = case_record(session, args.ref)
    if args.format == "json":
        from kjdesk.jsonout import dumps

        print(dumps(record))
    else:
        print(_text(record))
    return 0


def _text(record: dict) -> str:
    from kjdesk.domain.timeline import EventType, Status

    status = Status(record["status"]).label if record["status"] else ""
    lines = [record["ref"],
             _("station {station}, product {product}").format(station=record["station"] or "-",
                                                             product=record["product"]),
             _("state: {status}").format(status=status) + (
                 _(", bank {bank}").format(bank=record["bank"]) if record["bank"] else ""), ""]
    for e in record["events"]:
        parts = [e["date"], EventType(e["type"]).label]
        if e["bank"]:
            parts.append(e["bank"])
        if e["amount"] is not None:
            parts.append(_("{amount} (10k CNY)").format(amount=e["amount"]))
        if e["specialist"]:
            parts.append(e["specialist"])
        if e["note"]:
            parts.append(e["note"])
        lines.append("  ".join(parts))
    return "\n".join(lines)


def run_event(args: argparse.Namespace) -> int:
    from kjdesk.cli import InputProblem, open_session_factory
    from kjdesk.domain.money import wan_to_fen
    from kjdesk.domain.timeline import REVIEW_EVENTS, EventType, Status
    from kjdesk.services.case_record import application_by_ref, meeting_by_code, specialist_id
    from kjdesk.services.cases import record_event

    try:
        type_ = EventType(args.type)
    except ValueError:
        raise InputProblem(_("unknown event type “{value}”; the types are {types}").format(
            value=args.type, types=", ".join(t.value for t in EventType))) from None
    amount = wan_to_fen(args.amount) if args.amount is not None else None
    premium = wan_to_fen(args.premium) if args.premium is not None else None
    with open_session_factory(args).write() as session:
        app = application_by_ref(session, args.ref)
        meeting_id = None
        if args.meeting and type_ not in REVIEW_EVENTS:
            raise InputProblem(_("only a review decision belongs to a meeting"))
        if args.meeting:
            meeting = meeting_by_code(session, args.meeting)
            if meeting.date != args.date:
                raise InputProblem(_("review meeting {code} was held on {date}; its decisions are dated that day").format(
                    code=meeting.code, date=meeting.date.isoformat()))
            meeting_id = meeting.id
        recorded = record_event(
            session, app.id, type_, args.date, bank_code=args.bank, amount_fen=amount,
            specialist_id=specialist_id(session, args.specialist) if args.specialist else None,
            meeting_id=meeting_id, note=args.note, premium_fen=premium, recorded_by=args.by)
        status = Status(app.status).label
    for warning in recorded.warnings:
        print(_("kjdesk: warning: {warning}").format(warning=warning), file=sys.stderr)
    print(_("{ref}: {event} recorded on {date}; the case is now “{status}”").format(
        ref=args.ref, event=type_.label, date=args.date.isoformat(), status=status))
    return 0
