"""A small database with cases in every state the lists and the work list distinguish.

As of 2017-06-30: one case 121 days at its bank (90 line), two at 60+ (one followed up this
month, one not), one at 30+, one fresh; cases waiting for preliminary review, a visit and a
review meeting (one investigated, one deferred); an old approved case.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

import builders as b

D = dt.date


def build_cases(session: Session) -> dict[str, int]:
    st1 = b.station(session, "ST01", "pudong")
    st2 = b.station(session, "ST02", "xuhui")
    b.bank(session, "B01")
    b.bank(session, "B02")
    jia = b.enterprise(session, "上海甲光电科技有限公司", "pudong")
    yi = b.enterprise(session, "上海乙生物医药有限公司", "xuhui")
    bing = b.enterprise(session, "上海丙100%新材料有限公司", "pudong")
    ids = {}

    def rec(ref, ent, bank, on, st=st1, product="performance_loan"):
        app = b.recommended(session, ent, bank, submitted=on - dt.timedelta(days=40),
                            passed=on - dt.timedelta(days=10), recommended_on=on, st=st, ref=ref,
                            product=product)
        ids[ref] = app.id
        return app

    rec("KJ2017-0090", jia, "B01", D(2017, 3, 1))                       # 121 days: 90 line
    a = rec("KJ2017-0061", yi, "B02", D(2017, 4, 20), st=st2)           # 71 days, followed up in June
    b.walk(session, a, [(D(2017, 6, 10), "followed_up", dict(note="called the bank"))])
    rec("KJ2017-0062", bing, "B01", D(2017, 4, 25))                     # 66 days, not followed up
    rec("KJ2017-0030", jia, "B02", D(2017, 5, 25), product="micro_loan")  # 36 days: 30 line
    rec("KJ2017-0010", yi, "B01", D(2017, 6, 20), st=st2)                # 10 days: no warning

    def app(ref, ent, submitted, steps=(), st=st1, product="performance_loan"):
        application = b.application(session, ent, submitted, st=st, ref=ref, product=product)
        b.walk(session, application, list(steps))
        ids[ref] = application.id
        return application

    app("KJ2017-0101", jia, D(2017, 6, 1))                                                   # submitted
    app("KJ2017-0102", yi, D(2017, 5, 2), [(D(2017, 5, 8), "preliminary_passed")], st=st2)   # awaits visit
    app("KJ2017-0103", bing, D(2017, 4, 2), [(D(2017, 4, 8), "preliminary_passed"),
                                             (D(2017, 4, 20), "investigated")])              # awaits meeting
    app("KJ2017-0104", jia, D(2017, 3, 2), [(D(2017, 3, 8), "preliminary_passed"),
                                            (D(2017, 3, 20), "investigated"),
                                            (D(2017, 4, 5), "review_deferred")],
        product="little_giant_credit")                                                       # deferred
    app("KJ2016-0001", yi, D(2016, 3, 1), [(D(2016, 3, 8), "preliminary_passed"),
                                           (D(2016, 3, 20), "investigated"),
                                           (D(2016, 4, 5), "review_passed", dict(amount_fen=300_000_000)),
                                           (D(2016, 4, 10), "recommended", dict(bank_code="B02", amount_fen=300_000_000)),
                                           (D(2016, 5, 10), "bank_approved", dict(bank_code="B02", amount_fen=300_000_000))],
        st=st2)
    return ids
