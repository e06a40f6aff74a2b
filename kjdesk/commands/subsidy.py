"""``kjdesk subsidy propose|step|undo|batch-approve|batch-list``: subsidy cases from the command line."""
from __future__ import annotations

import argparse

from kjdesk.commands import iso_date
from kjdesk.i18n import _, day

PROPOSAL_KEYS = ["ref", "enterprise", "credit_code", "disbursed_on", "premium_wan", "subsidy_wan", "insured_wan"]


def register(subparsers, common) -> None:
    parser = subparsers.add_parser("subsidy", parents=[common], help=_("work subsidy cases and 免申即享 batches"),
                                   description=_("Subsidy cases: propose a 免申即享 batch, take a step, list a batch."))
    sub = parser.add_subparsers(dest="subsidy_command", metavar="ACTION", required=True)

    propose = sub.add_parser("propose", parents=[common], help=_("the loans a program would grant without application"))
    propose.add_argument("--program", required=True, help=_("program code"))
    propose.add_argument("--from", dest="date_from", type=iso_date, required=True, help=_("first day of disbursement"))
    propose.add_argument("--to", dest="date_to", type=iso_date, required=True, help=_("last day of disbursement"))
    propose.add_argument("--create-batch", action="store_true", help=_("make the proposals the program's next batch"))
    propose.add_argument("--date", type=iso_date, help=_("the batch's day (default: today, or a demo's own today)"))
    propose.add_argument("--by", default="", help=_("who does it (default: --user)"))
    propose.add_argument("--format", choices=("json", "csv"), default="json", help=_("output format"))
    propose.add_argument("-o", "--output", help=_("output file (standard output if omitted)"))
    propose.set_defaults(handler=run_propose)

    step = sub.add_parser("step", parents=[common], help=_("move a subsidy case to its next status"))
    step.add_argument("ref", help=_("the subsidy case"))
    step.add_argument("status", help=_("accepted, returned, submitted, expert_review, approved, rejected or paid"))
    step.add_argument("--date", type=iso_date, required=True, help=_("the step's day"))
    step.add_argument("--amount", help=_("approved amount in 10k CNY (default: the computed subsidy)"))
    step.add_argument("--reason", default="", help=_("reason (rejection, return for material, a lower approval)"))
    step.add_argument("--batch", default="", help=_("payment batch (paid)"))
    step.add_argument("--note", default="", help=_("note"))
    step.add_argument("--by", default="", help=_("who does it (default: --user)"))
    step.set_defaults(handler=run_step)

    undo = sub.add_parser("undo", parents=[common], help=_("remove the last step of a subsidy case"),
                          description=_("Remove the last step of a subsidy case, a mistaken step: the case is again "
                                        "as the step before left it. The first step stays."))
    undo.add_argument("ref", help=_("the subsidy case"))
    undo.set_defaults(handler=run_undo)

    approve = sub.add_parser("batch-approve", parents=[common], help=_("approve a 免申即享 batch in one step"))
    approve.add_argument("batch", help=_("the batch code"))
    approve.add_argument("--date", type=iso_date, required=True, help=_("the approval's day"))
    approve.add_argument("--by", default="", help=_("who does it (default: --user)"))
    approve.set_defaults(handler=run_approve)

    listing = sub.add_parser("batch-list", parents=[common], help=_("a batch's payment list for finance"))
    listing.add_argument("batch", help=_("the batch code"))
    listing.add_argument("--format", choices=("pdf", "xlsx"), default="pdf", help=_("output format"))
    listing.add_argument("-o", "--output", required=True, help=_("output file"))
    listing.set_defaults(handler=run_batch_list)


def run_propose(args: argparse.Namespace) -> int:
    from kjdesk.cli import open_session_factory
    from kjdesk.db.audit import user_of
    from kjdesk.commands import tabular
    from kjdesk.domain.money import fen_to_wan
    from kjdesk.services.settings import working_date
    from kjdesk.services.subsidy_batches import create_batch, proposals

    with open_session_factory(args).write() as session:
        found = proposals(session, args.program, args.date_from, args.date_to)
        batch = None
        if args.create_batch:
            batch = create_batch(session, args.program, args.date_from, args.date_to,
                                 args.date or working_date(session), by=args.by or user_of(session)).code
    records = [{"ref": p.loan_ref, "enterprise": p.enterprise, "credit_code": p.credit_code,
                "disbursed_on": p.disbursed_on.isoformat(), "premium_wan": fen_to_wan(p.premium_fen),
                "subsidy_wan": fen_to_wan(p.subsidy_fen), "insured_wan": fen_to_wan(p.insured_fen)} for p in found]
    if args.format == "csv":
        tabular.emit_text(tabular.csv_text(PROPOSAL_KEYS, records), args.output)
        return 0
    from kjdesk.jsonout import dumps

    data = {"program": args.program, "from": args.date_from.isoformat(), "to": args.date_to.isoformat(),
            "rows": records}
    if batch:
        data["batch"] = batch
    tabular.emit_text(dumps(data), args.output)
    return 0


def status_text(status: str) -> str:
    from kjdesk.domain.reference import SUBSIDY_STATUSES

    return _(SUBSIDY_STATUSES[status])


def run_step(args: argparse.Namespace) -> int:
    from kjdesk.cli import open_session_factory
    from kjdesk.db.audit import user_of
    from kjdesk.domain.subsidy import amount_in_wan
    from kjdesk.services.subsidies import take_step

    amount = amount_in_wan("--amount", args.amount) if args.amount is not None else None
    with open_session_factory(args).write() as session:
        case = take_step(session, args.ref, args.status, args.date, by=args.by or user_of(session), note=args.note,
                         amount_fen=amount, reason=args.reason, batch=args.batch)
        print(_("{ref}: {status} on {date}").format(ref=case.ref, status=status_text(case.status),
                                                    date=day(case.status_date)))
    return 0


def run_undo(args: argparse.Namespace) -> int:
    from kjdesk.cli import open_session_factory
    from kjdesk.db.models import SubsidyCase
    from kjdesk.services.subsidies import undo_last_step

    with open_session_factory(args).write() as session:
        removed = undo_last_step(session, args.ref)
        print(_("{ref}: the step “{status}” of {date} was removed; the case is {now} again").format(
            ref=args.ref, status=status_text(removed.status), date=day(removed.date),
            now=status_text(session.get(SubsidyCase, removed.case_id).status)))
    return 0


def run_approve(args: argparse.Namespace) -> int:
    from kjdesk.cli import open_session_factory
    from kjdesk.db.audit import user_of
    from kjdesk.services.subsidy_batches import approve_batch

    with open_session_factory(args).write() as session:
        approved = approve_batch(session, args.batch, args.date, by=args.by or user_of(session))
    print(_("batch {batch}: {n} cases approved").format(batch=args.batch, n=len(approved)))
    return 0


def run_batch_list(args: argparse.Namespace) -> int:
    from kjdesk.cli import open_session_factory
    from kjdesk.commands import tabular
    from kjdesk.i18n import current_language
    from kjdesk.reports.payment_list import PAYMENT_COLUMNS, payment_records, payment_title, write_payment_pdf
    from kjdesk.services.subsidy_batches import payment_list
    from kjdesk.services.subsidy_programs import program

    with open_session_factory(args)() as session:
        listed = payment_list(session, args.batch)
        row, _terms = program(session, listed.program)
        name = row.name_zh if current_language() == "zh_CN" else row.name_en or row.name_zh
    if args.format == "pdf":
        write_payment_pdf(listed, name, args.output)
    else:
        records, total = payment_records(listed)
        tabular.write_xlsx(args.output, payment_title(listed, name), PAYMENT_COLUMNS, records + [total])
    return 0
