"""Granted without application (免申即享): kjdesk proposes the cases from the disbursed loans, the
center makes them a batch (第 N 批), takes out any with a reason, approves the batch in one step,
and pays it from the batch's payment list."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session

from kjdesk.db.models import Application, Enterprise, Event, Product, SubsidyBatch, SubsidyCase, SubsidyStatus
from kjdesk.domain import subsidy as rules
from kjdesk.domain.errors import DomainError
from kjdesk.i18n import _
from kjdesk.services.users import require
from kjdesk.services.subsidies import case_by_ref, next_ref, not_after_today, take_step
from kjdesk.services.subsidy_programs import program as find_program


@dataclass(frozen=True)
class Proposal:
    """A loan that would become a case of the program."""
    loan_id: int
    loan_ref: str
    enterprise_id: int
    enterprise: str
    credit_code: str
    disbursed_on: dt.date
    insured_fen: int   # the disbursed amount
    premium_fen: int
    subsidy_fen: int


def proposals(session: Session, program: str, date_from: dt.date, date_to: dt.date) -> list[Proposal]:
    """The loans of the program's product first disbursed in the period with no case of the program yet;
    the premium is the one recorded on the first disbursement, else the product's premium rate × the
    disbursed amount, else the program's own premium rate × it (premium_of_loan)."""
    _row, terms = find_program(session, program)
    if not terms.automatic:
        raise DomainError(_("{program} is not granted without application; its cases are applied for").format(
            program=program))
    if date_from > date_to:
        raise DomainError(_("the period starts ({start}) after it ends ({end})").format(start=date_from, end=date_to))
    # Each loan's first disbursement, numbered in one pass (a correlated "no earlier one" walked
    # every earlier disbursement of every loan: 0.35 s on the demo, 20 ms this way).
    first = (select(Event.application_id, Event.date, Event.amount_fen, Event.premium_fen,
                    func.row_number().over(partition_by=Event.application_id, order_by=(Event.date, Event.seq))
                    .label("n"))
             .where(Event.type == "disbursed", Event.date <= date_to,  # a first one in the period is before its end
                    Event.application_id.in_(  # only the loans disbursed in the period are numbered
                        select(Event.application_id).where(Event.type == "disbursed",
                                                           Event.date.between(date_from, date_to))))
             .subquery())
    product_rate = session.scalar(select(Product.premium_rate).where(Product.code == terms.product))
    stmt = (select(Application.id, Application.ref, Enterprise.id, Enterprise.name, Enterprise.credit_code,
                   Enterprise.qualifications, first.c.date, first.c.amount_fen, first.c.premium_fen)
            .join(Application, Application.id == first.c.application_id)
            .join(Enterprise, Enterprise.id == Application.enterprise_id)
            .where(first.c.n == 1, first.c.date.between(date_from, date_to), Application.product_code == terms.product,
                   ~exists().where(and_(SubsidyCase.application_id == Application.id,
                                        SubsidyCase.program_code == program)))
            .order_by(first.c.date, Application.ref))
    out = []
    for loan_id, ref, ent_id, name, credit, quals, day, amount, recorded in session.execute(stmt):
        if rules.eligibility_problem(terms, started=day, qualifications=set(filter(None, quals.split(","))),
                                     loan_product=terms.product, has_loan=True):
            continue
        premium = rules.premium_of_loan(terms, amount or 0, recorded=recorded, product_rate=product_rate, loan=ref)
        out.append(Proposal(loan_id, ref, ent_id, name, credit, day, amount or 0, premium,
                            rules.compute_subsidy(terms, premium)))
    return out


def create_batch(session: Session, program: str, date_from: dt.date, date_to: dt.date, day: dt.date, *,
                 by: str) -> SubsidyBatch:
    """The next batch (第 N 批) of the program from the proposals; its cases start accepted on ``day``."""
    require(session, "subsidy_review")
    not_after_today(session, day, _("the batch's date"))
    found = proposals(session, program, date_from, date_to)
    if not found:
        raise DomainError(_("no loan of {program} disbursed from {start} to {end} is without a case").format(
            program=program, start=date_from, end=date_to))
    if day < found[-1].disbursed_on:
        raise DomainError(_("a batch dated {date} cannot hold a loan disbursed on {disbursed}").format(
            date=day, disbursed=found[-1].disbursed_on))
    number = (session.scalar(select(SubsidyBatch.number).where(SubsidyBatch.program_code == program)
                             .order_by(SubsidyBatch.number.desc()).limit(1)) or 0) + 1
    batch = SubsidyBatch(code=f"{program}-{number}", program_code=program, number=number, made_on=day,
                         period_from=date_from, period_to=date_to)
    session.add(batch)
    first = next_ref(session, day.year)
    prefix, serial = first[:-4], int(first[-4:])
    for i, p in enumerate(found):
        case = SubsidyCase(ref=f"{prefix}{serial + i:04d}", program_code=program,
                           enterprise_id=p.enterprise_id, application_id=p.loan_id, premium_fen=p.premium_fen,
                           policy_start=p.disbursed_on, submitted=day, status="accepted", status_date=day,
                           subsidy_fen=p.subsidy_fen, insured_fen=p.insured_fen, batch=batch.code, reason="",
                           policy_no="", insurer="")
        case.history.append(SubsidyStatus(status="accepted", date=day, by=by, note=""))  # the case keeps its batch
        session.add(case)
    session.flush()
    return batch


def batch_by_code(session: Session, code: str) -> SubsidyBatch:
    batch = session.get(SubsidyBatch, code)
    if batch is None:
        raise DomainError(_("no batch “{code}”").format(code=code))
    return batch


def batch_cases(session: Session, code: str) -> list[SubsidyCase]:
    return list(session.scalars(select(SubsidyCase).where(SubsidyCase.batch == code).order_by(SubsidyCase.ref)))


def take_out(session: Session, ref: str, day: dt.date, *, reason: str, by: str) -> SubsidyCase:
    """Take a proposed case out of its batch before the batch is approved; it is rejected with the reason."""
    case = case_by_ref(session, ref)
    batch = batch_by_code(session, case.batch) if case.batch else None
    if batch is None or batch.approved_on is not None:
        raise DomainError(_("{ref} is not in a batch waiting for approval").format(ref=ref))
    return take_step(session, ref, "rejected", day, by=by, reason=reason)


def approve_batch(session: Session, code: str, day: dt.date, *, by: str) -> list[SubsidyCase]:
    """Approve every case still in the batch at its computed subsidy, in one step."""
    require(session, "subsidy_review")
    batch = batch_by_code(session, code)
    if batch.approved_on is not None:
        raise DomainError(_("batch {code} was approved on {date}").format(code=code, date=batch.approved_on))
    if day < batch.made_on:
        raise DomainError(_("batch {code} was made on {made}; it cannot be approved on {date}").format(
            code=code, made=batch.made_on, date=day))
    approved = [take_step(session, c.ref, "approved", day, by=by) for c in batch_cases(session, code)
                if c.status == "accepted"]
    batch.approved_on = day
    session.flush()
    return approved


def pay_batch(session: Session, code: str, day: dt.date, *, by: str) -> list[SubsidyCase]:
    """Pay every approved case of the batch on ``day``."""
    require(session, "subsidy_review")
    cases = [c for c in batch_cases(session, code) if c.status == "approved"]
    if not cases:
        raise DomainError(_("batch {code} has no approved case to pay").format(code=code))
    return [take_step(session, c.ref, "paid", day, by=by, batch=code) for c in cases]


@dataclass(frozen=True)
class PaymentRow:
    ref: str
    enterprise: str
    credit_code: str
    policy: str        # the policy or document number; for a premium subsidy without one, its loan
    premium_fen: int
    subsidy_fen: int   # the approved amount


@dataclass(frozen=True)
class PaymentList:
    batch: str
    number: int | None  # 第 N 批 of a batch granted without application; None for a payment batch
    program: str
    rows: list[PaymentRow]
    premium_fen: int
    subsidy_fen: int


def payment_list(session: Session, code: str) -> PaymentList:
    """What finance pays for a batch: every approved or paid case, with totals."""
    rows = []
    for case in batch_cases(session, code):
        if case.status not in ("approved", "paid"):
            continue
        ent = session.get(Enterprise, case.enterprise_id)
        loan = session.get(Application, case.application_id) if case.application_id else None
        rows.append(PaymentRow(case.ref, ent.name, ent.credit_code, case.policy_no or (loan.ref if loan else ""),
                               case.premium_fen or 0, case.approved_fen if case.approved_fen is not None
                               else case.subsidy_fen or 0))
    if not rows:
        raise DomainError(_("batch {code} has no approved case").format(code=code))
    program = session.scalar(select(SubsidyCase.program_code).where(SubsidyCase.batch == code).limit(1))
    made = session.get(SubsidyBatch, code)
    return PaymentList(code, made.number if made else None, program, rows, sum(r.premium_fen for r in rows), sum(r.subsidy_fen for r in rows))


@dataclass(frozen=True)
class BatchRow:
    """One case of a batch as the batch screen lists it."""
    ref: str
    enterprise: str
    credit_code: str
    loan: str
    premium_fen: int
    subsidy_fen: int   # approved, else computed
    status: str
    reason: str


def program_batches(session: Session, program: str) -> list[SubsidyBatch]:
    """The program's batches, the latest first."""
    return list(session.scalars(select(SubsidyBatch).where(SubsidyBatch.program_code == program)
                                .order_by(SubsidyBatch.number.desc())))


def batch_rows(session: Session, code: str) -> list[BatchRow]:
    stmt = (select(SubsidyCase, Enterprise.name, Enterprise.credit_code, Application.ref)
            .join(Enterprise, Enterprise.id == SubsidyCase.enterprise_id)
            .outerjoin(Application, Application.id == SubsidyCase.application_id)
            .where(SubsidyCase.batch == code).order_by(SubsidyCase.ref))
    return [BatchRow(c.ref, name, credit, loan or "", c.premium_fen or 0,
                     c.approved_fen if c.approved_fen is not None else c.subsidy_fen or 0, c.status, c.reason)
            for c, name, credit, loan in session.execute(stmt)]
