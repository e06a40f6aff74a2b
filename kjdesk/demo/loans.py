"""The 科技履约贷 cases that make 2017 come out as published, district by district.

Cohorts (per district), by where their events fall:
- early:    submitted and passed in 2016, approved in 2017 (approvals of 2017 without a 2017 pass);
- carried:  submitted late in 2016, passed in 2017;
- passed:   submitted and passed in 2017; some approved in 2017 ("pairs"), the others ("pass_only")
            approved in 2018, still pending at the bank on the demo's today, or declined;
- deferred: submitted in 2017, only deferred in 2017, decided (or still waiting) in 2018;
- rejected: submitted in 2017 and rejected in 2017 (together with the above: 670 reviewed);
- returned: submitted in 2017 and returned at preliminary review;
- late:     submitted in December 2017, first reviewed in 2018.
Exactly 56 bank switches fall in 2017: 38 approved cases switched once, 10 pending cases switched
in 2017, 8 declined cases switched to a second bank in 2017; no other case switches in 2017.
"""
from __future__ import annotations

import datetime as dt

from kjdesk.demo.amounts import district_amounts, largest_remainder, requested_amount
from kjdesk.demo.plan import Case, Context, live, random_day, sample, years
from kjdesk.demo.reference import DEMO_TODAY
from kjdesk.demo.targets import DISTRICT_ORDER, DISTRICTS_2017, SCALE_2017
from kjdesk.domain.money import FEN_PER_WAN

D = dt.date
PL = "performance_loan"
Y17 = (D(2017, 1, 1), D(2017, 12, 31))
SWITCHED_APPROVED, SWITCHED_PENDING, SWITCHED_DECLINED = 38, 10, 8
REJECTED_2017 = SCALE_2017["reviewed"] - SCALE_2017["recommended"] - SCALE_2017["deferred"]  # 59


def _in(day, span) -> bool:
    return day is not None and span[0] <= day <= span[1]


def _dates(steps, type_):
    return [s.date for s in steps if s.type == type_]


def _only_switches_in_2017(steps, expected: int) -> bool:
    return years(steps, "bank_switched").count(2017) == expected


def plan_2017(ctx: Context) -> list[Case]:
    slots = _district_slots(ctx)
    _assign_fates(ctx, slots)
    cases = []
    for district, cohort, params in slots:
        steps = _COHORTS[cohort](ctx, **params)
        passed = next((s.amount // FEN_PER_WAN for s in steps if s.type == "review_passed"), None)
        cases.append(Case(PL, district, steps, requested_amount(ctx.rng, passed)))
    return cases


def _district_slots(ctx: Context) -> list[tuple[str, str, dict]]:
    """(district, cohort, parameters) of every case: each district's figures split into cohorts."""
    rng = ctx.rng
    slots: list[tuple[str, str, dict]] = []
    leftovers: dict[str, int] = {}
    for d in DISTRICT_ORDER:
        apps, passes, pass_wan, deferred, approvals, approved_wan = DISTRICTS_2017[d]
        early = round(approvals * 0.15)
        carried = round(passes * 0.04)
        pairs, pass_only, early_wan = district_amounts(rng, passes, pass_wan, approvals, approved_wan, early)
        slots += [(d, "early", dict(approved=a)) for a in early_wan]
        for i, (p, a) in enumerate(pairs):
            slots.append((d, "carried" if i < carried else "pair", dict(passed=p, approved=a)))
        slots += [(d, "pass_only", dict(passed=p)) for p in pass_only]
        slots += [(d, "deferred", {}) for _ in range(deferred)]
        leftovers[d] = apps - (passes - carried) - deferred
    rejected = largest_remainder(REJECTED_2017, leftovers)
    for d in DISTRICT_ORDER:
        late = round(DISTRICTS_2017[d][0] * 0.12)
        returned = leftovers[d] - rejected[d] - late
        if returned < 0:
            raise ValueError(f"district {d} has too few applications for its cohorts")
        slots += [(d, "rejected", {})] * rejected[d] + [(d, "late", {})] * late + [(d, "returned", {})] * returned
    return slots


def _assign_fates(ctx: Context, slots: list[tuple[str, str, dict]]) -> None:
    """Which approved cases switch once, and what becomes of the passes not approved in 2017."""
    rng = ctx.rng
    pair_ix = [i for i, s in enumerate(slots) if s[1] == "pair"]
    for i in rng.sample(pair_ix, SWITCHED_APPROVED):
        slots[i] = (slots[i][0], "pair_switched", slots[i][2])
    only_ix = [i for i, s in enumerate(slots) if s[1] == "pass_only"]
    fates = ["pend_switched"] * SWITCHED_PENDING + ["decline_switched"] * SWITCHED_DECLINED
    rest = len(only_ix) - len(fates)
    fates += ["approve_2018"] * (rest * 45 // 100) + ["pend"] * (rest * 25 // 100)
    fates += ["decline"] * (len(only_ix) - len(fates))
    rng.shuffle(fates)
    for i, fate in zip(only_ix, fates):
        slots[i] = (slots[i][0], fate, slots[i][2])


def _early(ctx, approved):
    passed = approved + ctx.rng.choice((0, 0, 0, 50, 100)) if approved <= 900 else approved
    return sample(lambda: live(ctx, PL, random_day(ctx.rng, D(2016, 8, 15), D(2016, 11, 30)), ("passed",), "approve",
                               passed * FEN_PER_WAN, approved * FEN_PER_WAN),
                  lambda s: years(s, "review_passed") == [2016] and _in(_dates(s, "bank_approved")[0], (
                      D(2017, 1, 3), D(2017, 6, 30))) and not years(s, "bank_switched"))


def _carried(ctx, passed, approved):
    return sample(lambda: live(ctx, PL, random_day(ctx.rng, D(2016, 11, 20), D(2016, 12, 30)), _reviews(ctx),
                               "approve", passed * FEN_PER_WAN, approved * FEN_PER_WAN),
                  lambda s: s[0].date.year == 2016 and years(s, "review_passed") == [2017]
                  and years(s, "bank_approved") == [2017] and not years(s, "bank_switched"))


def _reviews(ctx, passes: bool = True) -> tuple[str, ...]:
    """Most cases pass at their first meeting; some are deferred first."""
    first = ("deferred",) if ctx.rng.random() < 0.12 else ()
    return first + (("passed",) if passes else ("rejected",))


def _pair(ctx, passed, approved, switched=False):
    last = D(2017, 7, 31) if switched else D(2017, 11, 10)
    return sample(lambda: live(ctx, PL, random_day(ctx.rng, D(2017, 1, 3), last), _reviews(ctx),
                               "switch_approve" if switched else "approve", passed * FEN_PER_WAN,
                               approved * FEN_PER_WAN, returned=ctx.rng.random() < 0.05),
                  lambda s: _in(s[0].date, Y17) and years(s, "review_passed") == [2017]
                  and years(s, "bank_approved") == [2017] and _only_switches_in_2017(s, int(switched)))


def _pair_switched(ctx, passed, approved):
    return _pair(ctx, passed, approved, switched=True)


def _pass_only(ctx, passed, fate, window, check):
    return sample(lambda: live(ctx, PL, random_day(ctx.rng, *window), _reviews(ctx), fate, passed * FEN_PER_WAN,
                               _less(ctx, passed) * FEN_PER_WAN),
                  lambda s: _in(s[0].date, Y17) and years(s, "review_passed") == [2017]
                  and 2017 not in years(s, "bank_approved") and check(s))


def _less(ctx, passed: int) -> int:
    """What a bank approves of a recommended amount: usually all of it, sometimes a little less."""
    cut = ctx.rng.choice((0, 0, 0, 50, 100))
    return passed - cut if passed - cut >= 100 else passed


def _approve_2018(ctx, passed):
    return _pass_only(ctx, passed, "approve", (D(2017, 8, 15), D(2017, 11, 30)),
                      lambda s: _in((_dates(s, "bank_approved") or [None])[0], (D(2018, 1, 2), DEMO_TODAY))
                      and not years(s, "bank_switched"))


def _pend(ctx, passed):
    fate = "switch_pend" if ctx.rng.random() < 0.4 else "pend"
    return _pass_only(ctx, passed, fate, (D(2017, 7, 1), D(2017, 11, 30)),
                      lambda s: _only_switches_in_2017(s, 0))


def _pend_switched(ctx, passed):
    return _pass_only(ctx, passed, "switch_pend", (D(2017, 4, 1), D(2017, 9, 15)),
                      lambda s: _only_switches_in_2017(s, 1))


def _decline(ctx, passed):
    return _pass_only(ctx, passed, "decline", (D(2017, 1, 3), D(2017, 11, 20)),
                      lambda s: bool(_dates(s, "bank_declined")) and not years(s, "bank_switched"))


def _decline_switched(ctx, passed):
    fate = "decline_switch_approve" if ctx.rng.random() < 0.5 else "decline_switch_pend"
    return _pass_only(ctx, passed, fate, (D(2017, 2, 1), D(2017, 9, 30)),
                      lambda s: _only_switches_in_2017(s, 1) and years(s, "bank_declined") == [2017])


def _deferred(ctx):
    then = ctx.rng.choice((("passed",), ("passed",), ("rejected",), ()))
    twice = ("deferred",) * (2 if ctx.rng.random() < 0.2 else 1)
    wan = ctx.rng.choice((200, 300, 400, 500, 600))
    return sample(lambda: live(ctx, PL, random_day(ctx.rng, D(2017, 6, 1), D(2017, 11, 30)), twice + then, "approve",
                               wan * FEN_PER_WAN, wan * FEN_PER_WAN),
                  lambda s: [st.type for st in s if st.date.year == 2017 and st.type.startswith("review_")]
                  == ["review_deferred"] * len(twice) and _only_switches_in_2017(s, 0))


def _rejected(ctx):
    return sample(lambda: live(ctx, PL, random_day(ctx.rng, D(2017, 1, 3), D(2017, 11, 15)),
                               _reviews(ctx, passes=False)),
                  lambda s: years(s, "review_rejected") == [2017] and _in(s[0].date, Y17))


def _returned(ctx):
    return sample(lambda: live(ctx, PL, random_day(ctx.rng, D(2017, 1, 3), D(2017, 12, 29)), ()),
                  lambda s: _in(s[0].date, Y17))


def _late(ctx):
    reviews = ctx.rng.choice((("passed",),) * 7 + (("deferred", "passed"), ("rejected",), ("deferred",)))
    wan = ctx.rng.choice((200, 300, 300, 400, 500, 500, 600, 800, 1000))
    fate = "switch_approve" if ctx.rng.random() < 0.1 else "approve"
    return sample(lambda: live(ctx, PL, random_day(ctx.rng, D(2017, 12, 1), D(2017, 12, 29)), reviews, fate,
                               wan * FEN_PER_WAN, wan * FEN_PER_WAN),
                  lambda s: _in(s[0].date, Y17) and not [st for st in s if st.type.startswith("review_")
                                                         and st.date.year == 2017])


_COHORTS = {
    "early": _early, "carried": _carried, "pair": _pair, "pair_switched": _pair_switched,
    "approve_2018": _approve_2018, "pend": _pend, "pend_switched": _pend_switched, "decline": _decline,
    "decline_switched": _decline_switched, "deferred": _deferred, "rejected": _rejected, "returned": _returned,
    "late": _late,
}
