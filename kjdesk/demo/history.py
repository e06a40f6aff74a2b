"""Every case outside 2017's 科技履约贷 plan: the years 2011–2016, the other products, early 2018.

Each year's approvals per product hit the published (or derived) count and amount exactly, with
approval dates inside that year; cases that were never approved are added for realism, kept
inside their year where they could disturb a published figure.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter

from kjdesk.demo.amounts import largest_remainder, requested_amount, split
from kjdesk.demo.plan import DAY, Case, Context, Step, live, random_day, sample, years
from kjdesk.demo.reference import DEMO_TODAY, FIRST_YEAR
from kjdesk.demo.targets import (APPROVALS, DISTRICT_ORDER, DISTRICTS_2017, LOAN_RANGE, OVERDUE_FEN, OVERDUE_LOANS,
                                 SUBMITTED_2016)
from kjdesk.domain.money import FEN_PER_WAN

D = dt.date
PL = "performance_loan"
# Applications of early 2018 per product (the work list's waiting cases come from these).
SUBMITTED_2018 = {PL: 180, "little_giant_credit": 15, "micro_loan": 10, "venture_loan": 4}
_WEIGHTS_2017 = {d: v[0] for d, v in DISTRICTS_2017.items()}


def _districts(ctx: Context, n: int, weights: dict[str, int]) -> list[str]:
    return ctx.rng.choices(DISTRICT_ORDER, weights=[weights[d] for d in DISTRICT_ORDER], k=n)


def _approved_case(ctx: Context, product: str, year: int, district: str, approved: int) -> Case:
    lo, hi, step = LOAN_RANGE[product]
    passed = approved + ctx.rng.choice((0, 0, 0, step, 2 * step))
    passed = passed if passed <= hi else approved
    fate = "switch_approve" if product == PL and ctx.rng.random() < 0.08 else "approve"
    first = max(D(year - 1, 11, 1), D(year, 1, 4) if year == _first_year(product) else D(1, 1, 1))
    steps = sample(lambda: live(ctx, product, random_day(ctx.rng, first, D(year, 10, 31)), _reviews(ctx, product),
                                fate, passed * FEN_PER_WAN, approved * FEN_PER_WAN),
                   lambda s: years(s, "bank_approved") == [year])
    return Case(product, district, steps, requested_amount(ctx.rng, passed))


def _first_year(product: str) -> int:
    return min(APPROVALS[product])


def _reviews(ctx: Context, product: str, passes: bool = True) -> tuple[str, ...]:
    first = ("deferred",) if product == PL and ctx.rng.random() < 0.1 else ()
    return first + (("passed",) if passes else ("rejected",))


def _unapproved_case(ctx: Context, product: str, district: str, first: dt.date, last: dt.date,
                     stay_before: dt.date | None) -> Case:
    """A case that ends returned, rejected or declined; all of it before ``stay_before`` if given."""
    rng = ctx.rng
    kind = rng.choices(("returned", "rejected", "declined"), weights=(4, 3, 3))[0]
    lo, hi, step = LOAN_RANGE[product]
    wan = rng.randrange(lo, hi + 1, step)

    def build():
        start = random_day(rng, first, last)
        if kind == "returned":
            return live(ctx, product, start, ())
        if kind == "rejected":
            return live(ctx, product, start, _reviews(ctx, product, passes=False))
        return live(ctx, product, start, _reviews(ctx, product), "decline", wan * FEN_PER_WAN)

    steps = sample(build, lambda s: (stay_before is None or s[-1].date < stay_before)
                   and first <= s[0].date <= last and "bank_approved" not in {x.type for x in s})
    return Case(product, district, steps, requested_amount(rng, wan if kind == "declined" else None))


def plan_history(ctx: Context, planned_2017: list[Case]) -> list[Case]:
    rng = ctx.rng
    cases: list[Case] = []
    for product in APPROVALS:
        lo, hi, step = LOAN_RANGE[product]
        for year, (n, wan) in sorted(APPROVALS[product].items()):
            if product == PL and year == 2017:
                continue  # planned district by district in loans.py
            amounts = split(rng, n, wan, lo, hi, step)
            if product == PL and year == 2016:
                counts = largest_remainder(n, SUBMITTED_2016)
                districts = [d for d in DISTRICT_ORDER for _ in range(counts[d])]
                rng.shuffle(districts)
            else:
                districts = _districts(ctx, n, _WEIGHTS_2017)
            cases += [_approved_case(ctx, product, year, d, a) for d, a in zip(districts, amounts)]
            if product == PL and year >= 2016:
                continue  # 2016's unapproved cases are filled district by district below
            for d in _districts(ctx, round(n * (0.35 if product == PL else 0.2)), _WEIGHTS_2017):
                last = min(D(year, 10, 31), D(2017, 10, 31))
                cases.append(_unapproved_case(ctx, product, d, D(max(year, FIRST_YEAR), 1, 4), last,
                                              D(2017, 1, 1) if year < 2017 else None))
    cases += _fill_2016(ctx, planned_2017 + cases)
    cases += _plan_2018(ctx)
    _add_overdue(ctx, planned_2017 + cases)
    return cases


def _fill_2016(ctx: Context, cases: list[Case]) -> list[Case]:
    """Unapproved 2016 cases so that each district's 2016 applications are as planned (700 in all)."""
    have = Counter(c.district for c in cases if c.product == PL and c.submitted.year == 2016)
    out = []
    for d in DISTRICT_ORDER:
        missing = SUBMITTED_2016[d] - have[d]
        if missing < 0:
            raise ValueError(f"district {d} has more 2016 applications than planned")
        out += [_unapproved_case(ctx, PL, d, D(2016, 1, 4), D(2016, 10, 31), D(2017, 1, 1)) for _ in range(missing)]
    return out


def _plan_2018(ctx: Context) -> list[Case]:
    """Applications of the first quarter of 2018, cut at the demo's today: the work list's waiting cases."""
    rng = ctx.rng
    out = []
    for product, n in SUBMITTED_2018.items():
        lo, hi, step = LOAN_RANGE[product]
        for d in _districts(ctx, n, _WEIGHTS_2017):
            wan = rng.randrange(lo, hi + 1, step)
            start = random_day(rng, D(2018, 1, 2), DEMO_TODAY - DAY)
            r = rng.random()
            reviews = () if r < 0.12 else _reviews(ctx, product, passes=r > 0.22)
            fate = "switch_approve" if rng.random() < 0.05 else "approve"
            out.append(Case(product, d, live(ctx, product, start, reviews, fate, wan * FEN_PER_WAN, wan * FEN_PER_WAN),
                            requested_amount(rng, wan)))
    return out


def _add_overdue(ctx: Context, cases: list[Case]) -> None:
    """Twenty loans of 科技履约贷 and 微贷通 fall overdue by the end of 2017, 6,112.47 万元 in all."""
    rng = ctx.rng
    cent = 10_000  # fen per 0.01 万元
    micro = [rng.randrange(5_000, 20_000) for _ in range(3)]
    rest = split(rng, OVERDUE_LOANS - 3, OVERDUE_FEN // cent - sum(micro), 8_000, 60_000, 1)
    wanted = [("micro_loan", a * cent) for a in micro] + [(PL, a * cent) for a in rest]
    used: set[int] = set()
    for product, amount in wanted:
        pool = [i for i, c in enumerate(cases) if c.product == product and i not in used
                and (d := c.first("disbursed")) and d.date <= D(2017, 6, 30) and d.amount >= amount]
        i = rng.choice(pool)
        used.add(i)
        case = cases[i]
        disbursed = case.first("disbursed")
        case.steps = case.steps[:case.steps.index(disbursed) + 1]
        due = min(disbursed.date + DAY * rng.randint(150, 330), D(2017, 12, 29))
        case.steps.append(Step(due, "overdue", amount=amount, note="贷款逾期，已通知保险公司及担保方"))
        if rng.random() < 0.5:
            paid = due + DAY * rng.randint(60, 240)
            if paid <= DEMO_TODAY:
                case.steps.append(Step(paid, "repaid", amount=amount, note="逾期款项已由保险理赔代偿"))
