"""A planned case and the forward simulation of its life, one plausible step after another.

A case is simulated whole (its future too) and then cut at the demo's today, so a case still in
progress stops where a real one would stand. Planners draw lives until one meets the constraints
of its cohort (``sample``): that is how the published figures are hit without hand-written dates.
"""
from __future__ import annotations

import bisect
import datetime as dt
import random
from dataclasses import dataclass
from typing import Callable

from kjdesk.demo.reference import BANKS, DEMO_TODAY, OTHER_PRODUCT

DAY = dt.timedelta(days=1)


@dataclass
class Step:
    date: dt.date
    type: str
    bank: str | None = None
    amount: int | None = None  # fen
    meeting: dt.date | None = None
    visit: bool = False  # a site visit: recorded with the visiting specialist
    note: str = ""


@dataclass
class Case:
    product: str
    district: str
    steps: list[Step]
    requested: int  # fen
    first_bank_loan: bool = False
    enterprise: int | None = None  # index into the planned enterprises

    @property
    def submitted(self) -> dt.date:
        return self.steps[0].date

    def first(self, type_: str) -> Step | None:
        return next((s for s in self.steps if s.type == type_), None)


def workday(day: dt.date) -> dt.date:
    return day + DAY * (7 - day.weekday()) if day.weekday() >= 5 else day


def years(steps: list[Step], *types: str) -> list[int]:
    return [s.date.year for s in steps if s.type in types]


FOLLOW_UP_NOTES = ("电话回访客户经理：材料已报分行审批", "回访银行：补充财务报表后上会", "走访支行，协调授信条件",
                   "回访：银行要求追加反担保措施", "电话回访：审批排队中，预计下月上会")
SWITCH_NOTES = ("原银行审批超时，企业申请更换银行", "原银行授信条件企业无法接受，协调更换银行",
                "原银行额度紧张，推荐至新银行", "企业主动申请更换合作银行")
DECLINE_NOTES = ("银行授信审批未通过：经营现金流不足", "银行未通过：行业政策限制", "银行未通过：担保条件不足")
OTHER_REVIEW_NOTES = {
    "little_giant_credit": "小巨人信用贷：市科委小巨人工程办公室审核通过",
    "micro_loan": "科技微贷通：市科创中心与合作银行联合审核通过",
    "venture_loan": "创投贷：合作创投机构与市科创中心联合审核通过",
    OTHER_PRODUCT[0]: "银科合作贷：市科委与合作银行联合审核通过",
}


class Context:
    """What a life draws on: the random stream, the meeting calendar, the banks."""

    def __init__(self, rng: random.Random, meetings: list[dt.date]):
        self.rng = rng
        self.meetings = meetings

    def next_meeting(self, day: dt.date) -> dt.date | None:
        i = bisect.bisect_left(self.meetings, day)
        return self.meetings[i] if i < len(self.meetings) else None

    def pick_bank(self, year: int, product: str, exclude: str | None = None) -> str:
        banks = [b for b in BANKS if b.first_year <= year and b.code != exclude
                 and (b.microloan or product != "micro_loan")]
        return self.rng.choices([b.code for b in banks], weights=[b.weight for b in banks])[0]

    def days(self, lo: int, hi: int) -> dt.timedelta:
        return DAY * self.rng.randint(lo, hi)


class Life:
    """Builds one case's timeline forward; each step at least as late as the one before."""

    def __init__(self, ctx: Context, product: str, start: dt.date):
        self.ctx = ctx
        self.product = product
        self.day = start
        self.steps = [Step(start, "submitted")]
        self.bank: str | None = None
        self.since: dt.date | None = None

    def add(self, type_: str, day: dt.date, **kw) -> Step:
        step = Step(max(day, self.day), type_, **kw)
        self.steps.append(step)
        self.day = step.date
        return step

    def later(self, lo: int, hi: int) -> dt.date:
        return workday(self.day + self.ctx.days(lo, hi))

    def preliminary(self, returned: bool = False) -> None:
        if returned:
            self.add("preliminary_returned", self.later(2, 8), note="申请材料不全，退回补充")
        self.add("preliminary_passed", self.later(2, 12) if not returned else self.later(5, 20))

    def visit(self) -> None:
        self.add("investigated", self.later(3, 15), visit=True)

    def review(self, outcome: str, amount: int | None = None) -> bool:
        """A decision at the next review meeting (or the product's own check); False if none is left."""
        if self.product == "performance_loan":
            meeting = self.ctx.next_meeting(self.day + DAY * 2)
            if meeting is None:
                return False
            self.add(f"review_{outcome}", meeting, amount=amount, meeting=meeting,
                     note="" if outcome == "passed" else _REVIEW_NOTES[outcome])
        else:  # the product's own check, not a meeting of the center
            self.add(f"review_{outcome}", self.later(5, 15), amount=amount,
                     note=OTHER_REVIEW_NOTES[self.product] if outcome == "passed" else _REVIEW_NOTES[outcome])
        return True

    def recommend(self, amount: int) -> None:
        self.bank = self.ctx.pick_bank(self.day.year, self.product)
        self.since = self.add("recommended", self.later(2, 7), bank=self.bank, amount=amount).date

    def wait_until(self, day: dt.date) -> None:
        """Monthly follow-ups from the 60-day line while the bank has not decided (to the demo's today)."""
        follow = self.since + DAY * 60
        while follow < day and follow <= DEMO_TODAY:
            self.add("followed_up", workday(follow), note=self.ctx.rng.choice(FOLLOW_UP_NOTES))
            follow += DAY * 30

    def switch(self, after: tuple[int, int] = (61, 110)) -> None:
        if self.steps[-1].type == "bank_declined":
            day = self.later(5, 25)
        else:  # a stalled case: followed up from the 60-day line, then moved
            day = workday(self.since + self.ctx.days(*after))
            self.wait_until(day)
        self.bank = self.ctx.pick_bank(day.year, self.product, exclude=self.bank)
        self.since = self.add("bank_switched", day, bank=self.bank, note=self.ctx.rng.choice(SWITCH_NOTES)).date

    def decide(self, approve: int | None, lag: tuple[int, int]) -> None:
        day = workday(self.since + self.ctx.days(*lag))
        self.wait_until(day)
        if approve is None:
            self.add("bank_declined", day, bank=self.bank, note=self.ctx.rng.choice(DECLINE_NOTES))
        else:
            self.add("bank_approved", day, bank=self.bank, amount=approve)

    def pend(self) -> None:
        self.wait_until(DEMO_TODAY + DAY)

    def loan_life(self, amount: int) -> None:
        """Disbursed soon after approval, repaid after a year."""
        self.add("disbursed", self.later(3, 20), amount=amount)
        self.add("repaid", self.later(355, 375), amount=amount)

    def approval_lag(self) -> tuple[int, int]:
        r = self.ctx.rng.random()
        return (12, 40) if r < 0.6 else (40, 75) if r < 0.92 else (75, 130)

    def done(self) -> list[Step]:
        return [s for s in self.steps if s.date <= DEMO_TODAY]


_REVIEW_NOTES = {"deferred": "评审意见：补充近期财务报表及订单合同后再议", "rejected": "评审意见：经营风险较高，不予推荐"}


def sample(build: Callable[[], list[Step]], ok: Callable[[list[Step]], bool], tries: int = 5000) -> list[Step]:
    """Draw lives until one meets the cohort's constraints."""
    for _ in range(tries):
        steps = build()
        if steps and ok(steps):
            return steps
    raise RuntimeError("the demo planner could not place a case; widen its window")


def random_day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return workday(first + DAY * rng.randint(0, (last - first).days))


def live(ctx: Context, product: str, start: dt.date, reviews: tuple[str, ...], fate: str | None = None,
         passed: int | None = None, approved: int | None = None, returned: bool = False) -> list[Step]:
    """A whole life: preliminary review, visits, review decisions in order, then the bank's part.

    ``reviews`` are the review outcomes in order (the last may be "passed"); empty means the case is
    returned at preliminary review for good (``returned`` returns it once before it passes). ``fate``
    is what the banks do after the recommendation: "approve", "decline", "pend" (no decision by
    the demo's today), each optionally preceded by a switch ("switch_approve", "switch_pend") or
    after a decline followed by a switch ("decline_switch_approve", "decline_switch_pend").
    """
    life = Life(ctx, product, start)
    if not reviews:
        life.add("preliminary_returned", life.later(2, 8), note="申请材料不全，退回补充")
        return life.done()
    life.preliminary(returned)
    life.visit()
    for outcome in reviews:
        if not life.review(outcome, passed if outcome == "passed" else None):
            return life.done()
        if outcome == "deferred":
            life.add("investigated", life.later(7, 40), visit=True)
    if reviews[-1] != "passed":
        return life.done()
    life.recommend(passed)
    if fate.startswith("switch"):
        life.switch()
    if fate.startswith("decline"):
        life.decide(None, (20, 75))
        if "switch" in fate:
            life.switch()
    if fate.endswith("approve"):
        life.decide(approved, life.approval_lag() if fate == "approve" else (15, 60))
        life.loan_life(approved)
    elif fate.endswith("pend"):
        life.pend()
    return life.done()
