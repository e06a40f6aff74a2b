"""Small, explicit databases for tests: build real rows through the services."""
from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy.orm import Session

from kjdesk.db.models import Application, Bank, Enterprise, Station
from kjdesk.domain.creditcode import check_char
from kjdesk.services.cases import record_event

_serial = itertools.count(1)


def credit_code(n: int | None = None) -> str:
    body = f"91310000MA1{(n or next(_serial)):06d}"
    return body + check_char(body)


def station(session: Session, code="ST01", district="pudong") -> Station:
    s = Station(code=code, name_zh=f"{code}服务站", name_en=f"{code} station", district_code=district)
    session.add(s)
    session.flush()
    return s


def bank(session: Session, code="B01", first_year=2014, microloan=False) -> Bank:
    b = Bank(code=code, name_zh=f"{code}银行", name_en=f"Bank {code}", first_year=first_year,
             microloan_partner=microloan)
    session.add(b)
    session.flush()
    return b


def enterprise(session: Session, name="上海测试科技有限公司", district="pudong") -> Enterprise:
    e = Enterprise(credit_code=credit_code(), name=name, district_code=district)
    session.add(e)
    session.flush()
    return e


def application(session: Session, ent: Enterprise, submitted: dt.date, *, product="performance_loan",
                st: Station | None = None, ref: str | None = None) -> Application:
    app = Application(ref=ref or f"A{next(_serial):06d}", enterprise_id=ent.id, product_code=product,
                      station_id=st.id if st else None)
    session.add(app)
    session.flush()
    record_event(session, app.id, "submitted", submitted)
    return app


def walk(session: Session, app: Application, steps: list[tuple]) -> Application:
    """Record ``(date, type, {bank_code=…, amount_fen=…, note=…})`` steps in order."""
    for date, type_, *rest in steps:
        record_event(session, app.id, type_, date, **(rest[0] if rest else {}))
    return app


def recommended(session: Session, ent: Enterprise, bank_code: str, *, submitted=dt.date(2017, 1, 5),
                passed=dt.date(2017, 2, 10), recommended_on=dt.date(2017, 2, 15), amount=500_000_000,
                **kw) -> Application:
    """A case through preliminary review, a visit and a passing review, recommended to a bank."""
    app = application(session, ent, submitted, **kw)
    return walk(session, app, [
        (submitted + dt.timedelta(days=3), "preliminary_passed"),
        (submitted + dt.timedelta(days=10), "investigated"),
        (passed, "review_passed", dict(amount_fen=amount)),
        (recommended_on, "recommended", dict(bank_code=bank_code, amount_fen=amount)),
    ])


def disbursed(session: Session, ent: Enterprise, bank_code: str, on: dt.date, *, amount=500_000_000,
              product="performance_loan", premium: int | None = None) -> Application:
    """A loan recommended, approved by ``bank_code`` and disbursed on ``on`` (with ``premium`` paid)."""
    app = recommended(session, ent, bank_code, submitted=on - dt.timedelta(days=90),
                      passed=on - dt.timedelta(days=60), recommended_on=on - dt.timedelta(days=50), amount=amount,
                      product=product)
    return walk(session, app, [(on - dt.timedelta(days=20), "bank_approved", dict(bank_code=bank_code, amount_fen=amount)),
                               (on, "disbursed", dict(amount_fen=amount, premium_fen=premium))])
