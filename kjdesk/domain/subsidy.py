"""Subsidy programs and cases: subsidy = min(premium × rate, cap), within the program's window."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from kjdesk.domain.errors import DomainError
from kjdesk.i18n import _


@dataclass(frozen=True)
class Program:
    code: str
    rate: Decimal                 # share of the premium paid back, 0 < rate <= 1
    cap: int | None               # fen per policy; None for no cap
    opens: dt.date | None = None  # first day applications are accepted
    closes: dt.date | None = None  # last day applications are accepted


def subsidy_for(program: Program, premium: int, submitted: dt.date) -> int:
    """The subsidy in fen for a policy whose premium is ``premium`` fen, applied for on ``submitted``."""
    if premium < 0:
        raise DomainError(_("a premium cannot be negative"))
    if program.opens and submitted < program.opens or program.closes and submitted > program.closes:
        raise DomainError(_("{program} accepts applications from {opens} to {closes}; this one is dated {date}").format(
            program=program.code, opens=program.opens or "…", closes=program.closes or "…", date=submitted.isoformat()))
    amount = int((Decimal(premium) * program.rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return amount if program.cap is None else min(amount, program.cap)


# A subsidy case moves forward along these steps only.
SUBSIDY_NEXT = {
    None: {"submitted"},
    "submitted": {"accepted", "rejected"},
    "accepted": {"expert_review", "rejected"},
    "expert_review": {"approved", "rejected"},
    "approved": {"paid"},
    "rejected": set(),
    "paid": set(),
}
SUBSIDY_ORDER = ("submitted", "accepted", "expert_review", "approved", "paid")


def subsidy_path(status: str) -> list[str]:
    """The statuses a case passes through to reach ``status``, in order."""
    if status == "rejected":
        return ["submitted", "rejected"]
    if status not in SUBSIDY_ORDER:
        raise DomainError(_("unknown subsidy status “{status}”").format(status=status))
    return list(SUBSIDY_ORDER[: SUBSIDY_ORDER.index(status) + 1])


def check_subsidy_step(current: str | None, new: str) -> None:
    if new not in SUBSIDY_NEXT.get(current, set()):
        raise DomainError(_("a subsidy case cannot go from “{current}” to “{new}”").format(
            current=current or "—", new=new))
