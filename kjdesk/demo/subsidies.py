"""Subsidy cases of every program, with their status histories, as of the demo's today.

Amounts follow kjdesk.domain.subsidy (min(premium × rate, cap), inside the program's window): the
biomedicine insurance programs only take applications from 2017-12-01, so their cases are all
recent and mostly still in review; some premiums are large enough to show the 50 万元 cap.
``subsidy_fen`` is what the formula gives for every case not rejected.
"""
from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from kjdesk.db.models import SubsidyProgram
from kjdesk.demo.plan import DAY, Case, random_day, workday
from kjdesk.demo.reference import DEMO_TODAY, STATION_OF_DISTRICT
from kjdesk.domain.money import FEN_PER_WAN
from kjdesk.domain.subsidy import Program, subsidy_for, subsidy_path

D = dt.date
INSURERS = ("中国太平洋财产保险股份有限公司上海分公司", "中国人民财产保险股份有限公司上海市分公司",
            "中国平安财产保险股份有限公司上海分公司")
ANGEL_FUNDS = ("上海张江科技创业投资有限公司", "上海浦东新兴产业投资有限公司", "上海科技创业投资有限公司")
REF_PREFIX = {"performance_loan_premium": "BF", "clinical_trial_liability": "LC", "product_liability": "CP",
              "angel_risk_compensation": "TS", "innovation_voucher": "CX"}
_BIOMED = ("生物", "医药", "医疗")


def _history(rng: random.Random, submitted: dt.date, final: str, who: dict[str, str]) -> list[tuple[str, dt.date, str]]:
    """(status, date, by) from submission to ``final``; each step a few weeks after the last, never after today."""
    path = subsidy_path(final) if final != "rejected" else ["submitted", "accepted", "expert_review", "rejected"]
    out, day = [], submitted
    for status in path:
        if out:
            day = workday(day + DAY * rng.randint(5, 40))
        if day > DEMO_TODAY:
            break
        out.append((status, day, who.get(status, "")))
    return out


def _document_no(rng: random.Random, code: str, submitted: dt.date) -> str:
    """The insurance policy, investment agreement or voucher the subsidy is claimed on."""
    if code == "angel_risk_compensation":
        return f"TZXY-{submitted.year - rng.randint(1, 3)}-{rng.randrange(10**4):04d}"
    if code == "innovation_voucher":
        return f"CXQ{submitted.year}{rng.randrange(10**6):06d}"
    return f"PSHA{submitted.year}3100{rng.randrange(10**8):08d}"


def plan_subsidies(rng: random.Random, session: Session, cases: list[Case], enterprises, ids: dict):
    """Rows for subsidy_cases and subsidy_status_history."""
    programs = {p.code: p for p in session.scalars(select(SubsidyProgram))}
    names = ids["specialist_names"]
    wanted: list[tuple[str, int, dt.date, int]] = []  # (program, enterprise index, submitted, base in fen)

    loans = [c for c in cases if c.product == "performance_loan" and (d := c.first("disbursed"))
             and D(2015, 1, 1) <= d.date <= D(2018, 2, 28)]
    for case in rng.sample(loans, 160):
        premium = case.first("disbursed").amount * rng.choice((15, 18, 20, 22, 25)) // 1000
        wanted.append(("performance_loan_premium", case.enterprise,
                       min(workday(case.first("disbursed").date + DAY * rng.randint(10, 60)), DEMO_TODAY - DAY * 3),
                       premium))
    biomed = [i for i, e in enumerate(enterprises) if any(k in e.name for k in _BIOMED)]
    for program in ("clinical_trial_liability", "product_liability"):
        for i in rng.sample(biomed, 7):
            premium = rng.choice((30, 45, 60, 80, 120, 150)) * FEN_PER_WAN
            wanted.append((program, i, random_day(rng, D(2017, 12, 1), DEMO_TODAY - DAY * 10), premium))
    for i in rng.sample(range(len(enterprises)), 8):
        wanted.append(("angel_risk_compensation", i, random_day(rng, D(2016, 3, 1), D(2018, 2, 28)),
                       rng.choice((80, 150, 200, 300, 500, 600)) * FEN_PER_WAN))
    for i in rng.sample(range(len(enterprises)), 30):
        wanted.append(("innovation_voucher", i, random_day(rng, D(2016, 1, 4), D(2018, 3, 20)),
                       rng.randrange(5, 90) * FEN_PER_WAN))

    wanted.sort(key=lambda w: (w[2], w[0], w[1]))
    case_rows, history_rows, serial = [], [], {}
    for case_id, (code, ent, submitted, base) in enumerate(wanted, start=1):
        p = programs[code]
        program = Program(code, p.rate, p.cap_fen, p.opens, p.closes)
        age = (DEMO_TODAY - submitted).days
        final = "rejected" if rng.random() < 0.08 else "paid" if age > 120 else \
            rng.choice(("submitted", "accepted", "expert_review", "approved"))
        station = STATION_OF_DISTRICT[enterprises[ent].district]
        staff = ids["specialists"][station]
        who = {"submitted": "企业网上申报", "accepted": names[rng.choice(staff)], "expert_review": (
            "市生物医药科技产业促进中心专家组" if code in ("clinical_trial_liability", "product_liability") else "市科创中心专家组"),
            "approved": "市科创中心", "rejected": "市科创中心", "paid": "市科创中心财务"}
        steps = _history(rng, submitted, final, who)
        serial[(code, submitted.year)] = serial.get((code, submitted.year), 0) + 1
        status, status_date, _by = steps[-1]
        insured = code in ("performance_loan_premium", "clinical_trial_liability", "product_liability")
        case_rows.append(dict(
            id=case_id, ref=f"{REF_PREFIX[code]}{submitted.year}{serial[(code, submitted.year)]:04d}",
            program_code=code, enterprise_id=ent + 1, station_id=ids["station"][station],
            policy_no=_document_no(rng, code, submitted),
            insurer=rng.choice(INSURERS) if insured else rng.choice(ANGEL_FUNDS) if code == "angel_risk_compensation" else "",
            premium_fen=base, policy_start=submitted - DAY * rng.randint(15, 90), submitted=submitted, status=status,
            status_date=status_date, subsidy_fen=None if status == "rejected" else subsidy_for(program, base, submitted)))
        for status, day, by in steps:
            history_rows.append(dict(case_id=case_id, status=status, date=day, by=by,
                                     note="材料不符合补贴条件" if status == "rejected" else ""))
    return case_rows, history_rows
