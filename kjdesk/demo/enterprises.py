"""Who applied: enterprises for the planned cases, first-time borrowers, returning applicants.

Of the 889 applicants for 科技履约贷 in 2017, 222 had never borrowed from a bank and 459 applied
for 科技履约贷 for the first time (the 2017 report); the other 430 had applied before.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from kjdesk.demo.names import credit_code, enterprise_name
from kjdesk.demo.plan import Case
from kjdesk.demo.targets import SCALE_2017

PL = "performance_loan"
FIRST_TIME_PL_2017 = 459


@dataclass
class PlannedEnterprise:
    name: str
    park: str
    district: str
    credit_code: str
    founded: dt.date
    qualifications: str


def _qualifications(rng: random.Random, products: set[str]) -> str:
    quals = {q for q, p in (("high_tech", 0.55), ("tech_sme", 0.6), ("specialized_new", 0.2)) if rng.random() < p}
    if "little_giant_credit" in products:
        quals.add(rng.choice(("little_giant", "little_giant", "little_giant_candidate")))
    elif rng.random() < 0.08:
        quals.add("little_giant_candidate")
    return ",".join(sorted(quals or {"tech_sme"}))


def assign_enterprises(rng: random.Random, cases: list[Case]) -> list[PlannedEnterprise]:
    """Give every case its enterprise (``case.enterprise``) and ``first_bank_loan``; return the enterprises."""
    order = sorted(range(len(cases)), key=lambda i: (cases[i].submitted, cases[i].product, i))
    pl_2017 = [i for i in order if cases[i].product == PL and cases[i].submitted.year == 2017]
    shuffled = pl_2017[:]
    rng.shuffle(shuffled)
    first_borrowers = set(shuffled[:SCALE_2017["first_time_borrowers"]])
    new_to_pl = set(shuffled[:FIRST_TIME_PL_2017])

    owners: list[list[int]] = []  # enterprise → its cases so far
    by_district: dict[str, list[int]] = {}
    pl_years: dict[int, set[int]] = {}  # enterprise → years it applied for 科技履约贷
    for i in order:
        case = cases[i]
        year = case.submitted.year
        pool = [e for e in by_district.get(case.district, [])
                if year not in pl_years.get(e, set()) or case.product != PL]
        if i in pl_2017:
            pool = [e for e in pool if pl_years.get(e)] if i not in new_to_pl else []
            if i not in new_to_pl and not pool:
                raise ValueError(f"no returning applicant left in {case.district}")
        reuse = bool(pool) and (i in pl_2017 or rng.random() < 0.35)
        if reuse:
            e = rng.choice(pool)
        else:
            e = len(owners)
            owners.append([])
            by_district.setdefault(case.district, []).append(e)
        case.enterprise = e
        had_loan = any(cases[j].first("bank_approved") for j in owners[e])
        case.first_bank_loan = i in first_borrowers if i in pl_2017 else (not owners[e] and rng.random() < 0.25) \
            and not had_loan
        owners[e].append(i)
        if case.product == PL:
            pl_years.setdefault(e, set()).add(year)

    taken_names: set[str] = set()
    taken_codes: set[str] = set()
    out = []
    for e, mine in enumerate(owners):
        first = cases[mine[0]]
        name, park = enterprise_name(rng, first.district, taken_names)
        founded = first.submitted - dt.timedelta(days=rng.randint(400, 5000))
        out.append(PlannedEnterprise(name, park, first.district, credit_code(rng, first.district, founded.year, taken_codes),
                                     founded, _qualifications(rng, {cases[j].product for j in mine})))
    return out
