"""Subsidy programs and cases (DOMAIN.md "Subsidy cases"): the formula min(base × rate, cap) exact
to the fen, eligibility as data, and the steps a case may take."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from kjdesk.domain.errors import DomainError
from kjdesk.domain.money import FEN_PER_WAN, MAX_WAN, fen_to_wan_str, wan_to_fen
from kjdesk.domain.reference import QUALIFICATION_CODES, QUALIFICATIONS
from kjdesk.i18n import N_, _, current_language, day as i18n_day

# What a program's subsidy is a share of.
BASES = {"premium": N_("insurance premium"), "loss": N_("investment loss"), "spend": N_("service spend")}
MAX_FEN = int(MAX_WAN) * FEN_PER_WAN


@dataclass(frozen=True)
class ProgramClass:
    """An eligible class (a drug or device class…) with its labels."""
    code: str
    name_zh: str
    name_en: str

    def name(self, lang: str | None = None) -> str:
        return self.name_zh if (lang or current_language()) == "zh_CN" else self.name_en


@dataclass(frozen=True)
class Program:
    code: str
    rate: Decimal                 # share of the base paid back, 0 < rate <= 1
    cap: int | None               # fen per policy (or case); None for no cap
    opens: dt.date | None = None  # the base must arise (a policy start…) on or after this day
    closes: dt.date | None = None  # … and on or before this one
    base: str = "premium"
    budget: int | None = None     # fen a year
    qualifications: frozenset[str] = frozenset()  # all required
    product: str | None = None    # a linked credit product: a case names a loan of it
    classes: tuple[ProgramClass, ...] = ()  # eligible classes; empty: any
    automatic: bool = False       # granted without application (免申即享)
    premium_rate: Decimal | None = None  # premium as a share of the linked loan, for proposals


def check_program(p: Program) -> None:
    """A program's terms must make sense before it is stored."""
    if not Decimal(0) < p.rate <= Decimal(1):
        raise DomainError(_("rate {rate} of {program} must be above 0 and at most 1").format(rate=p.rate, program=p.code))
    for name, fen in (("cap", p.cap), ("budget", p.budget)):
        if fen is not None:
            check_amount(name, fen)
    if p.opens and p.closes and p.opens > p.closes:
        raise DomainError(_("{program} closes ({closes}) before it opens ({opens})").format(
            program=p.code, opens=p.opens, closes=p.closes))
    if p.base not in BASES:
        raise DomainError(_("base “{base}” of {program} is not one of premium, loss, spend").format(
            base=p.base, program=p.code))
    unknown = sorted(p.qualifications - QUALIFICATION_CODES)
    if unknown:
        raise DomainError(_("{program} requires unknown qualifications {codes}").format(
            program=p.code, codes=", ".join(unknown)))
    if p.premium_rate is not None and not Decimal(0) < p.premium_rate < Decimal(1):
        raise DomainError(_("premium rate {rate} of {program} must be above 0 and below 1").format(
            rate=p.premium_rate, program=p.code))
    if p.automatic and not p.product:
        raise DomainError(_("{program} is granted without application, so it needs a linked credit product").format(
            program=p.code))
    codes = [c.code for c in p.classes]
    if len(set(codes)) != len(codes):
        raise DomainError(_("{program} lists a class twice").format(program=p.code))


def check_amount(field: str, fen: int) -> int:
    """An amount in fen for ``field``: not negative, at most 10 亿元."""
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise DomainError(_("{field}: {value} is not a whole number of fen").format(field=field, value=fen))
    if fen < 0:
        raise DomainError(_("{field} cannot be negative").format(field=field))
    if fen > MAX_FEN:
        raise DomainError(_("{field} is above {max} (10k CNY)").format(field=field, max=MAX_WAN))
    return fen


def amount_in_wan(field: str, value) -> int:
    """Parse 万元 text for ``field`` into fen; the error names the field."""
    try:
        return wan_to_fen(value)
    except DomainError as exc:
        raise DomainError(_("{field}: {reason}").format(field=field, reason=exc.message)) from None


def compute_subsidy(program: Program, base: int) -> int:
    """min(base × rate, cap) in fen, rounded half-up to the fen."""
    check_amount(_(BASES.get(program.base, BASES["premium"])), base)
    amount = int((Decimal(base) * program.rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return amount if program.cap is None else min(amount, program.cap)


@dataclass(frozen=True)
class Formula:
    """min(base × rate, cap) with its numbers, to show how a subsidy was computed."""
    base: int        # fen
    rate: Decimal
    share: int       # base × rate, half-up to the fen
    cap: int | None  # fen
    subsidy: int     # fen


def formula(program: Program, base: int) -> Formula:
    subsidy = compute_subsidy(program, base)
    share = int((Decimal(base) * program.rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return Formula(base, program.rate, share, program.cap, subsidy)


def window_problem(program: Program, day: dt.date) -> str | None:
    if program.opens and day < program.opens or program.closes and day > program.closes:
        return _("{program} accepts applications from {opens} to {closes}; this one is dated {date}").format(
            program=program.code, opens=i18n_day(program.opens), closes=i18n_day(program.closes), date=i18n_day(day))
    return None


def subsidy_for(program: Program, premium: int, submitted: dt.date) -> int:
    """The subsidy in fen for a base of ``premium`` fen dated ``submitted``; refused outside the window."""
    if premium < 0:
        raise DomainError(_("a premium cannot be negative"))
    problem = window_problem(program, submitted)
    if problem:
        raise DomainError(problem)
    return compute_subsidy(program, premium)


def premium_of_loan(program: Program, disbursed: int, *, recorded: int | None = None,
                    product_rate: Decimal | None = None, loan: str = "") -> int:
    """The premium of a linked loan: the premium recorded on its disbursement; else the product's
    premium rate × the disbursed amount, half-up; else the program's own premium rate × it."""
    if recorded is not None:
        return recorded
    rate = product_rate if product_rate is not None else program.premium_rate
    if rate is None:
        raise DomainError(_("loan {loan} records no premium, and neither its product {product} nor {program} has a "
                            "premium rate").format(loan=loan or "—", product=program.product or "—",
                                                   program=program.code))
    return int((Decimal(disbursed) * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def eligibility_problem(program: Program, *, started: dt.date, qualifications: set[str] | frozenset[str],
                        class_code: str | None = None, loan_product: str | None = None,
                        has_loan: bool = False, names: Mapping[str, str] | None = None) -> str | None:
    """Why a case is not eligible (window, qualification, class, linked loan), or None. ``names`` gives
    the program's and the products' names in the reader's language; a code without one is shown as is."""
    def name(code: str | None) -> str:
        return (names or {}).get(code or "", code or "—")

    problem = window_problem(program, started)
    if problem:
        return _("not eligible: the base arose on {date}, outside the window of {program} ({opens} to {closes})").format(
            date=i18n_day(started), program=name(program.code), opens=i18n_day(program.opens),
            closes=i18n_day(program.closes))
    missing = sorted(program.qualifications - set(qualifications))
    if missing:
        labels = {q.code: q.name() for q in QUALIFICATIONS}
        return _("not eligible: {program} requires the qualifications {codes}, which the enterprise lacks").format(
            program=name(program.code), codes=_list(labels.get(code, code) for code in missing))
    if program.classes:
        if class_code not in [c.code for c in program.classes]:
            return _("not eligible: class “{cls}” is not one of {program}'s classes ({codes})").format(
                cls=class_code or "—", program=name(program.code), codes=_list(c.name() for c in program.classes))
    elif class_code:
        return _("{program} has no classes; leave the class blank").format(program=name(program.code))
    if program.product and not has_loan:
        return _("not eligible: {program} is for loans of {product}; name the loan").format(
            program=name(program.code), product=name(program.product))
    if program.product and loan_product != program.product:
        return _("not eligible: the loan is of the product {loan}, and {program} is for {product}").format(
            loan=name(loan_product), program=name(program.code), product=name(program.product))
    return None


def _list(texts) -> str:
    return ("、" if current_language() == "zh_CN" else ", ").join(texts)


# A case applied for, and a case granted without application (its history starts accepted).
SUBSIDY_NEXT = {
    None: {"submitted"},
    "submitted": {"accepted", "returned", "rejected"},
    "returned": {"submitted", "rejected"},
    "accepted": {"expert_review", "rejected"},
    "expert_review": {"approved", "rejected"},
    "approved": {"paid"},
    "rejected": set(),
    "paid": set(),
}
GRANTED_NEXT = {None: {"accepted"}, "accepted": {"approved", "rejected"}, "approved": {"paid"},
                "rejected": set(), "paid": set()}
SUBSIDY_ORDER = ("submitted", "accepted", "expert_review", "approved", "paid")
# A step needs a reason: what is wrong, or what material is missing.
NEEDS_REASON = frozenset({"rejected", "returned"})


def subsidy_path(status: str) -> list[str]:
    """The statuses a case passes through to reach ``status``, in order."""
    if status == "rejected":
        return ["submitted", "rejected"]
    if status not in SUBSIDY_ORDER:
        raise DomainError(_("unknown subsidy status “{status}”").format(status=status))
    return list(SUBSIDY_ORDER[: SUBSIDY_ORDER.index(status) + 1])


def check_subsidy_step(current: str | None, new: str, *, granted: bool = False) -> None:
    """Refuse a step the case cannot take from ``current``, naming the current status."""
    allowed = (GRANTED_NEXT if granted else SUBSIDY_NEXT).get(current, set())
    if new not in allowed:
        raise DomainError(_("a subsidy case cannot go from “{current}” to “{new}”; from “{current}” it can go to "
                            "{allowed}").format(current=current or "—", new=new,
                                                allowed=", ".join(sorted(allowed)) or "—"))


def check_history(steps: list[tuple[str, dt.date]], *, granted: bool = False) -> str | None:
    """Replay a whole history (status, date), in order; its current status."""
    current = None
    last = None
    for status, day in steps:
        check_subsidy_step(current, status, granted=granted)
        if last and day < last:
            raise DomainError(_("step “{status}” on {date} comes before the step before it ({last})").format(
                status=status, date=i18n_day(day), last=i18n_day(last)))
        current, last = status, day
    return current


def approved_amount(computed: int, amount: int | None, reason: str) -> int:
    """The approved amount: at most the computed subsidy; a lower one needs a reason."""
    if amount is None:
        return computed
    check_amount(_("approved amount"), amount)
    if amount > computed:
        raise DomainError(_("the approved amount {amount} (10k CNY) is above the computed subsidy {computed} (10k CNY)").format(
            amount=fen_to_wan_str(amount), computed=fen_to_wan_str(computed)))
    if amount < computed and not reason.strip():
        raise DomainError(_("an approved amount below the computed subsidy needs a reason"))
    return amount
