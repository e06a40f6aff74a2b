"""Workbooks for the exchange tests: a small valid ledger, written with openpyxl like a user's file."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from openpyxl import Workbook
from sqlalchemy import func, select

from builders import credit_code
from kjdesk.db import models as m

ENT1, ENT2 = credit_code(900001), credit_code(900002)
D = dt.date


def valid_sheets() -> dict[str, list[list]]:
    """Stations, a specialist, two banks, two enterprises, one case through to bank approval."""
    return {
        "stations": [["code", "name_zh", "name_en", "district", "established", "status"],
                     ["ST01", "浦东服务站", "Pudong station", "浦东新区", D(2012, 5, 1), "active"]],
        "specialists": [["code", "name", "station_code", "phone"], ["SP01", "王芳", "ST01", "13800000001"]],
        "banks": [["code", "name_zh", "name_en", "first_year", "microloan_partner"],
                  ["B01", "上海银行", "Bank of Shanghai", 2011, "yes"], ["B02", "浦发银行", "SPDB", 2012, "no"]],
        "enterprises": [["credit_code", "name", "district", "park", "founded", "qualifications"],
                        [ENT1, "上海甲科技有限公司", "Pudong", "张江", "2010-03-15", "high_tech, tech_sme"],
                        [ENT2, "上海乙科技有限公司", "徐汇区", "", None, ""]],
        "applications": [["ref", "credit_code", "product", "station_code", "specialist_code", "requested_amount",
                          "first_bank_loan"],
                         ["A1", ENT1, "performance_loan", "ST01", "SP01", Decimal("500"), "yes"]],
        "events": [["application_ref", "date", "type", "bank_code", "amount", "specialist_code", "meeting_code", "note"],
                   ["A1", D(2017, 1, 5), "submitted", None, None, "SP01", None, None],
                   ["A1", D(2017, 1, 9), "preliminary_passed", None, None, None, None, None],
                   ["A1", D(2017, 1, 20), "investigated", None, None, "SP01", None, "现场走访"],
                   ["A1", D(2017, 2, 10), "review_passed", None, 500, None, None, None],
                   ["A1", D(2017, 2, 15), "recommended", "B01", "500", None, None, None],
                   ["A1", D(2017, 3, 20), "bank_approved", "B01", 450.5, None, None, None]],
    }


def write_book(path, sheets: dict[str, list[list]]) -> str:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    book.save(path)
    return str(path)


def counts(factory) -> dict[str, int]:
    with factory() as s:
        return {model.__tablename__: s.scalar(select(func.count()).select_from(model)) for model in (
            m.Station, m.Specialist, m.Bank, m.Enterprise, m.Application, m.Event, m.ReviewMeeting, m.Activity,
            m.SubsidyCase, m.SubsidyStatus, m.ManualScore, m.Product)}


def read_book(path) -> dict[str, list[list]]:
    """Every sheet's cells as openpyxl reads them, for comparing two workbooks cell by cell."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}
