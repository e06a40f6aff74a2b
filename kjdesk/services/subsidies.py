"""Subsidy cases: register one (its eligibility checked), then take it step by step to payment.

Each function changes the session only after every check has passed, so the caller's transaction
either holds the whole step or nothing of it. Who did a step is a ``by`` text until users arrive.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kjdesk.db.models import Application, Enterprise, Product, Station, SubsidyCase, SubsidyProgram, SubsidyStatus
from kjdesk.domain import subsidy as rules
from kjdesk.domain.errors import DomainError
from kjdesk.i18n import _, current_language, day as i18n_day
from kjdesk.services.users import require
from kjdesk.services.settings import working_date
from kjdesk.services.subsidy_programs import program as find_program

REF_PREFIX = "BT"  # 补贴


def not_after_today(session: Session, day: dt.date, what: str) -> None:
    today = working_date(session)
    if day > today:
        raise DomainError(_("{what} {date} is after today ({today})").format(
            what=what, date=i18n_day(day), today=i18n_day(today)))


def next_ref(session: Session, year: int) -> str:
    """The next free reference of the year: BT20180001, BT20180002, …"""
    prefix = f"{REF_PREFIX}{year}"
    refs = session.scalars(select(SubsidyCase.ref).where(SubsidyCase.ref.like(prefix + "%")))
    serials = [int(r[len(prefix):]) for r in refs if re.fullmatch(r"\d+", r[len(prefix):])]
    return f"{prefix}{max(serials, default=0) + 1:04d}"


def case_by_ref(session: Session, ref: str) -> SubsidyCase:
    case = session.scalar(select(SubsidyCase).where(SubsidyCase.ref == ref))
    if case is None:
        raise DomainError(_("no subsidy case “{ref}”").format(ref=ref))
    return case


@dataclass(frozen=True)
class CaseCheck:
    """What a case would be: its program, enterprise, loan and computed subsidy."""
    program: SubsidyProgram
    terms: rules.Program
    enterprise: Enterprise
    loan: Application | None
    subsidy_fen: int


def check_case(session: Session, *, program: str, credit_code: str, base_fen: int, started: dt.date,
               insured_fen: int | None = None, class_code: str | None = None,
               loan_ref: str | None = None) -> CaseCheck:
    """Refuse a case that is not eligible, with the reason: the window, a qualification, the class, the
    linked loan; or an amount that is wrong. Reads only (a form asks it as the person types)."""
    row, terms = find_program(session, program)
    rules.check_amount(_(rules.BASES[terms.base]), base_fen)
    if insured_fen is not None:
        rules.check_amount(_("insured amount"), insured_fen)
    enterprise = session.scalar(select(Enterprise).where(Enterprise.credit_code == credit_code.strip().upper()))
    if enterprise is None:
        raise DomainError(_("no enterprise with the credit code “{code}”").format(code=credit_code))
    loan = _loan(session, loan_ref, enterprise, program) if loan_ref else None
    problem = rules.eligibility_problem(
        terms, started=started, qualifications=set(filter(None, enterprise.qualifications.split(","))),
        class_code=class_code or None, loan_product=loan.product_code if loan else None, has_loan=loan is not None,
        names=_names(session, row))
    if problem:
        raise DomainError(problem)
    return CaseCheck(row, terms, enterprise, loan, rules.compute_subsidy(terms, base_fen))


def _names(session: Session, row: SubsidyProgram) -> dict[str, str]:
    """The program's and the products' names in the reader's language, for a refusal's words."""
    zh = current_language() == "zh_CN"
    names = {code: (name_zh if zh else name_en or name_zh)
             for code, name_zh, name_en in session.execute(select(Product.code, Product.name_zh, Product.name_en))}
    names[row.code] = row.name_zh if zh else row.name_en or row.name_zh
    return names


def register_case(session: Session, *, program: str, credit_code: str, base_fen: int, started: dt.date,
                  submitted: dt.date, by: str, ref: str | None = None, station_code: str | None = None,
                  policy_no: str = "", insurer: str = "", insured_fen: int | None = None,
                  class_code: str | None = None, loan_ref: str | None = None, note: str = "") -> SubsidyCase:
    """A case applied for on ``submitted``, its base (premium, loss, spend) arising on ``started``.

    Refused with the reason when the case is not eligible (``check_case``) or a date is wrong.
    """
    require(session, "work_case")
    checked = check_case(session, program=program, credit_code=credit_code, base_fen=base_fen, started=started,
                         insured_fen=insured_fen, class_code=class_code, loan_ref=loan_ref)
    not_after_today(session, submitted, _("the submission date"))
    if started > submitted:
        raise DomainError(_("the {base} arose on {started}, after the application ({submitted})").format(
            base=_(rules.BASES[checked.terms.base]), started=i18n_day(started), submitted=i18n_day(submitted)))
    station = None
    if station_code:
        station = session.scalar(select(Station).where(Station.code == station_code))
        if station is None:
            raise DomainError(_("unknown station code “{code}”").format(code=station_code))
    ref = ref or next_ref(session, submitted.year)
    if session.scalar(select(SubsidyCase.id).where(SubsidyCase.ref == ref)) is not None:
        raise DomainError(_("there is already a subsidy case “{ref}”").format(ref=ref))
    loan = checked.loan
    case = SubsidyCase(ref=ref, program_code=checked.program.code, enterprise_id=checked.enterprise.id,
                       station_id=station.id if station else None, policy_no=policy_no, insurer=insurer,
                       premium_fen=base_fen, policy_start=started, submitted=submitted, status="submitted",
                       status_date=submitted, subsidy_fen=checked.subsidy_fen,
                       application_id=loan.id if loan else None, insured_fen=insured_fen,
                       class_code=class_code or None, batch="", reason="")
    case.history.append(SubsidyStatus(status="submitted", date=submitted, by=by, note=note))
    session.add(case)
    session.flush()
    return case


def _loan(session: Session, loan_ref: str, enterprise: Enterprise, program: str) -> Application:
    loan = session.scalar(select(Application).where(Application.ref == loan_ref))
    if loan is None:
        raise DomainError(_("no loan application “{ref}”").format(ref=loan_ref))
    if loan.enterprise_id != enterprise.id:
        raise DomainError(_("loan {ref} belongs to another enterprise").format(ref=loan_ref))
    other = session.scalar(select(SubsidyCase.ref).where(SubsidyCase.application_id == loan.id,
                                                         SubsidyCase.program_code == program))
    if other:
        raise DomainError(_("loan {ref} already has the case {other} of this program").format(ref=loan_ref, other=other))
    return loan


def is_granted(case: SubsidyCase) -> bool:
    """A case granted without application: its history starts accepted."""
    return bool(case.history) and case.history[0].status == "accepted"


def take_step(session: Session, ref: str, status: str, day: dt.date, *, by: str, note: str = "",
              amount_fen: int | None = None, reason: str = "", batch: str = "") -> SubsidyCase:
    """Move case ``ref`` to ``status`` on ``day``: accepted, returned (for material), submitted (again),
    expert_review, approved (``amount_fen`` at most the computed subsidy; lower with a reason),
    rejected (with a reason), paid (in a ``batch``)."""
    require(session, "work_case" if status == "submitted" else "subsidy_review")
    case = case_by_ref(session, ref)
    if status not in rules.SUBSIDY_NEXT:
        raise DomainError(_("unknown subsidy status “{status}”").format(status=status))
    rules.check_subsidy_step(case.status, status, granted=is_granted(case))
    if day < case.status_date:
        raise DomainError(_("{ref} is {status} since {since}; a later step cannot be dated {date}").format(
            ref=ref, status=case.status, since=i18n_day(case.status_date), date=i18n_day(day)))
    not_after_today(session, day, _("the step's date"))
    reason = reason.strip()
    if status in rules.NEEDS_REASON and not reason:
        raise DomainError(_("“{status}” needs a reason").format(status=status))
    if amount_fen is not None and status != "approved":
        raise DomainError(_("an amount is given only with the approval"))
    if status == "approved":
        case.approved_fen = rules.approved_amount(case.subsidy_fen or 0, amount_fen, reason)
    if status == "paid":
        case.batch = _payment_batch(case, batch.strip())
    if status in ("approved", "rejected") and reason:
        case.reason = reason
    case.status, case.status_date = status, day
    case.history.append(SubsidyStatus(status=status, date=day, by=by, note=reason or note))
    session.flush()
    return case


def _payment_batch(case: SubsidyCase, batch: str) -> str:
    if case.batch and batch and batch != case.batch:
        raise DomainError(_("{ref} belongs to batch {batch}; it is paid with that batch").format(
            ref=case.ref, batch=case.batch))
    if not (batch or case.batch):
        raise DomainError(_("a payment needs its batch"))
    return batch or case.batch


def next_statuses(session: Session, case_id: int) -> list[str]:
    """The statuses case ``case_id`` may go to next, in the order of a case's path."""
    case = session.get(SubsidyCase, case_id)
    allowed = (rules.GRANTED_NEXT if is_granted(case) else rules.SUBSIDY_NEXT).get(case.status, set())
    order = ("submitted", "accepted", "returned", "expert_review", "approved", "rejected", "paid")
    return [s for s in order if s in allowed]


def undo_last_step(session: Session, ref: str) -> SubsidyStatus:
    """Remove the latest step of case ``ref`` (a mistaken last step): the case is again as the step
    before left it. The first step (the submission, or a granted case's acceptance) stays."""
    case = case_by_ref(session, ref)
    if case.history:
        require(session, "work_case" if case.history[-1].status == "submitted" else "subsidy_review")
    if len(case.history) <= 1:
        raise DomainError(_("{ref} has only its first step; there is no step to undo").format(ref=ref))
    last = case.history[-1]
    if last.status == "approved":
        case.approved_fen = None
    if last.status in ("approved", "rejected"):
        case.reason = ""
    if last.status == "paid" and not is_granted(case):
        case.batch = ""  # a case applied for gets its batch when paid; a granted one keeps its 第 N 批
    case.history.remove(last)
    case.status, case.status_date = case.history[-1].status, case.history[-1].date
    session.flush()
    return last
