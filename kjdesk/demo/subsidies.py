"""Subsidy cases of every program, with their whole histories, as of the demo's today.

Until mid-2017 the 科技履约贷 premium subsidy is applied for; from 2018 it is granted without
application (免申即享) in batches made by the services themselves: 第1批 (loans disbursed in the
second half of 2017) approved and paid, 第2批 (January–February 2018) waiting for approval. The
biomedicine insurance programs take policies from 2017-12-01, so their cases are recent and
mostly in review; some premiums are large enough to show the 50 万元 cap. Cases reach every status,
some after a return for material, some approved below the computed subsidy with a reason.
Terms the documents do not give (budgets, the premium rate) are the demo's own (docs/demo.md).
"""
from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_CEILING, Decimal

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from kjdesk.db.models import SubsidyCase, SubsidyProgram, SubsidyStatus
from kjdesk.db.postgres import catch_up_sequences
from kjdesk.demo.plan import DAY, Case, random_day, workday
from kjdesk.demo.reference import DEMO_TODAY, STATION_OF_DISTRICT
from kjdesk.domain.money import FEN_PER_WAN
from kjdesk.domain.subsidy import compute_subsidy
from kjdesk.services.subsidy_batches import approve_batch, batch_cases, create_batch, pay_batch, take_out
from kjdesk.services.subsidy_programs import as_program, classes_from_text

D = dt.date
WAN = FEN_PER_WAN
INSURERS = ("中国太平洋财产保险股份有限公司上海分公司", "中国人民财产保险股份有限公司上海市分公司",
            "中国平安财产保险股份有限公司上海分公司")
ANGEL_FUNDS = ("上海张江科技创业投资有限公司", "上海浦东新兴产业投资有限公司", "上海科技创业投资有限公司")
REF_PREFIX = {"performance_loan_premium": "BF", "clinical_trial_liability": "LC", "product_liability": "CP",
              "angel_risk_compensation": "TS", "innovation_voucher": "CX"}
_BIOMED = ("生物", "医药", "医疗")
# The demo's own terms (plausible; the documents give none). The premium subsidy's budget is set
# from 第1批 so that it stands near its budget (see plan_batches).
DEMO_BUDGETS = {"clinical_trial_liability": 1000 * WAN, "product_liability": 800 * WAN,
                "angel_risk_compensation": 3000 * WAN, "innovation_voucher": 1500 * WAN}
DEMO_PREMIUM_RATE = Decimal("0.02")
CENTER, FINANCE = "市科创中心", "市科创中心财务"
_ORDER = ("accepted", "expert_review", "approved", "paid")


def set_demo_terms(session: Session) -> None:
    for code, budget in DEMO_BUDGETS.items():
        session.get(SubsidyProgram, code).budget_fen = budget
    session.get(SubsidyProgram, "performance_loan_premium").premium_rate = DEMO_PREMIUM_RATE
    session.flush()


def _history(rng: random.Random, submitted: dt.date, final: str, who: dict[str, str]):
    """(status, date, by, note) from submission to ``final``, a return for material now and then;
    each step a few weeks after the last, cut at the demo's today."""
    path = ["submitted"]
    if final == "returned":
        path.append("returned")
    else:
        if rng.random() < 0.12:
            path += ["returned", "submitted"]
        if final == "rejected":
            path += ["accepted", "expert_review", "rejected"]
        elif final != "submitted":
            path += list(_ORDER[:_ORDER.index(final) + 1])
    out, day = [], submitted
    for status in path:
        if out:
            day = workday(day + DAY * rng.randint(5, 40))
        if day > DEMO_TODAY:
            break
        note = {"returned": "请补充保单及缴费凭证", "rejected": "材料不符合补贴条件"}.get(status, "")
        out.append((status, day, who.get(status, ""), note))
    return out


def _document_no(rng: random.Random, code: str, submitted: dt.date) -> str:
    """The insurance policy, investment agreement or voucher the subsidy is claimed on."""
    if code == "angel_risk_compensation":
        return f"TZXY-{submitted.year - rng.randint(1, 3)}-{rng.randrange(10**4):04d}"
    if code == "innovation_voucher":
        return f"CXQ{submitted.year}{rng.randrange(10**6):06d}"
    return f"PSHA{submitted.year}3100{rng.randrange(10**8):08d}"


def plan_subsidies(rng: random.Random, session: Session, cases: list[Case], enterprises, ids: dict):
    """Rows for subsidy_cases and subsidy_status_history: the cases applied for."""
    programs = {p.code: p for p in session.scalars(select(SubsidyProgram))}
    names = ids["specialist_names"]
    # (program, enterprise index, submitted, base in fen, base arose on, loan case index)
    wanted: list[tuple[str, int, dt.date, int, dt.date, int | None]] = []
    loans = [i for i, c in enumerate(cases) if c.product == "performance_loan" and (d := c.first("disbursed"))
             and D(2015, 1, 1) <= d.date <= D(2017, 6, 30)]
    for i in rng.sample(loans, 160):
        paid_out = cases[i].first("disbursed")
        premium = paid_out.amount * rng.choice((15, 18, 20, 22, 25)) // 1000
        wanted.append(("performance_loan_premium", cases[i].enterprise,
                       workday(paid_out.date + DAY * rng.randint(10, 60)), premium, paid_out.date, i))
    biomed = [i for i, e in enumerate(enterprises) if any(k in e.name for k in _BIOMED)]
    for program in ("clinical_trial_liability", "product_liability"):
        for i in rng.sample(biomed, 9):
            submitted = random_day(rng, D(2017, 12, 8), DEMO_TODAY - DAY * 5)
            started = max(D(2017, 12, 1), submitted - DAY * rng.randint(5, 60))
            wanted.append((program, i, submitted, rng.choice((30, 45, 60, 80, 120, 150)) * WAN, started, None))
    for i in rng.sample(range(len(enterprises)), 8):
        submitted = random_day(rng, D(2016, 3, 1), D(2018, 2, 28))
        wanted.append(("angel_risk_compensation", i, submitted, rng.choice((80, 150, 200, 300, 500, 600)) * WAN,
                       submitted - DAY * rng.randint(365, 1000), None))
    small = [i for i, e in enumerate(enterprises) if "tech_sme" in e.qualifications.split(",")]
    for i in rng.sample(small, 30):
        submitted = random_day(rng, D(2016, 1, 4), D(2018, 3, 20))
        wanted.append(("innovation_voucher", i, submitted, rng.randrange(5, 90) * WAN,
                       submitted - DAY * rng.randint(10, 60), None))

    wanted.sort(key=lambda w: (w[2], w[0], w[1]))
    case_rows, history_rows, serial = [], [], {}
    for case_id, (code, ent, submitted, base, started, loan) in enumerate(wanted, start=1):
        p = programs[code]
        age = (DEMO_TODAY - submitted).days
        final = "rejected" if rng.random() < 0.08 else "paid" if age > 120 else \
            rng.choice(("submitted", "returned", "accepted", "expert_review", "approved"))
        station = STATION_OF_DISTRICT[enterprises[ent].district]
        who = {"submitted": "企业网上申报", "accepted": names[rng.choice(ids["specialists"][station])],
               "returned": names[rng.choice(ids["specialists"][station])], "expert_review": (
                   "市生物医药科技产业促进中心专家组" if code in ("clinical_trial_liability", "product_liability")
                   else "市科创中心专家组"), "approved": CENTER, "rejected": CENTER, "paid": FINANCE}
        steps = _history(rng, submitted, final, who)
        serial[(code, submitted.year)] = serial.get((code, submitted.year), 0) + 1
        status, status_date, _by, _note = steps[-1]
        subsidy = None if status == "rejected" else compute_subsidy(as_program(p), base)
        reached = {s[0] for s in steps}
        approved = subsidy if "approved" in reached else None
        reason = "材料不符合补贴条件" if status == "rejected" else ""
        if approved and rng.random() < 0.15:
            approved, reason = approved * 4 // 5, "部分费用不在补贴范围内，核减20%"
        classes = classes_from_text(p.classes)
        insured = (cases[loan].first("disbursed").amount if loan is not None
                   else base * rng.randint(30, 80) if code in ("clinical_trial_liability", "product_liability")
                   else None)
        case_rows.append(dict(
            id=case_id, ref=f"{REF_PREFIX[code]}{submitted.year}{serial[(code, submitted.year)]:04d}",
            program_code=code, enterprise_id=ent + 1, station_id=ids["station"][station],
            policy_no=_document_no(rng, code, submitted),
            insurer=rng.choice(INSURERS) if insured else rng.choice(ANGEL_FUNDS) if code == "angel_risk_compensation" else "",
            premium_fen=base, policy_start=started, submitted=submitted, status=status, status_date=status_date,
            subsidy_fen=subsidy, application_id=ids["application_of_case"][loan] if loan is not None else None,
            insured_fen=insured, class_code=rng.choice(classes).code if classes else None,
            batch=f"{status_date:%Y-%m}" if status == "paid" else "", approved_fen=approved, reason=reason))
        for status, day, by, note in steps:
            history_rows.append(dict(case_id=case_id, status=status, date=day, by=by,
                                     note=reason if status in ("approved", "rejected") else note))
    return case_rows, history_rows


def write_subsidies(session: Session, rng: random.Random, cases, enterprises, ids: dict) -> None:
    """The cases applied for, then the two 免申即享 batches made through the services."""
    set_demo_terms(session)
    case_rows, history_rows = plan_subsidies(rng, session, cases, enterprises, ids)
    session.execute(insert(SubsidyCase), case_rows)
    session.execute(insert(SubsidyStatus), history_rows)
    catch_up_sequences(session)  # the rows above came with their own ids; the services' rows need the next
    P = "performance_loan_premium"
    first = create_batch(session, P, D(2017, 7, 1), D(2017, 12, 31), D(2018, 1, 16), by=CENTER)
    for case in rng.sample(batch_cases(session, first.code), 3):
        take_out(session, case.ref, D(2018, 1, 24), by=CENTER, reason="贷款已提前结清，保单退保")
    approve_batch(session, first.code, D(2018, 2, 6), by=CENTER)
    pay_batch(session, first.code, D(2018, 3, 9), by=FINANCE)
    create_batch(session, P, D(2018, 1, 1), D(2018, 2, 28), D(2018, 3, 20), by=CENTER)
    # Near its budget: 第1批 alone uses a little over nine tenths of the year's budget.
    approved = sum(c.approved_fen or 0 for c in batch_cases(session, first.code))
    budget = (Decimal(approved) / Decimal("0.93") / (10 * WAN)).to_integral_value(ROUND_CEILING) * 10 * WAN
    session.get(SubsidyProgram, P).budget_fen = int(budget)
    session.flush()
