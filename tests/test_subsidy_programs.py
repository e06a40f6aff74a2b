"""Subsidy programs are data: added and changed through the service or the workbook, their terms checked."""
from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal

import pytest
from exchange_helpers import read_book, write_book
from sqlalchemy import select

from kjdesk.db import migrate
from kjdesk.db import models as m
from kjdesk.db.database import open_database
from kjdesk.domain.errors import DomainError
from kjdesk.domain.subsidy import Program, ProgramClass
from kjdesk.services.exchange import ImportRefused, export_workbook, import_workbook
from kjdesk.services.subsidy_programs import program, save_program

D = dt.date
HEADER = ["code", "name_zh", "name_en", "base", "rate", "cap", "opens", "closes", "budget", "qualifications",
          "product", "classes", "automatic"]


def test_every_database_has_the_five_programs_with_their_documented_terms(session):
    _row, clinical = program(session, "clinical_trial_liability")
    assert (clinical.rate, clinical.cap, clinical.opens, clinical.closes) == (
        Decimal("0.5"), 50 * 1_000_000, D(2017, 12, 1), D(2019, 12, 31))
    assert [c.code for c in clinical.classes] == ["drug_class_1", "drug_class_2", "device_class_3"]
    _row, premium = program(session, "performance_loan_premium")
    assert premium.automatic and premium.product == "performance_loan"
    assert program(session, "angel_risk_compensation")[1].base == "loss"
    assert program(session, "innovation_voucher")[1].base == "spend"


def test_an_unknown_program_is_refused_naming_the_known_ones(session):
    with pytest.raises(DomainError, match="innovation_voucher"):
        program(session, "no_such_program")


def test_a_program_added_as_data_needs_no_code(session):
    terms = Program("ip_insurance", Decimal("0.6"), 20 * 1_000_000, D(2020, 1, 1), D(2022, 12, 31),
                    budget=500 * 1_000_000, qualifications=frozenset({"high_tech"}),
                    classes=(ProgramClass("patent", "发明专利", "Invention patent"),))
    save_program(session, terms, name_zh="知识产权保险补贴", name_en="IP insurance subsidy")
    assert program(session, "ip_insurance")[1] == terms


@pytest.mark.parametrize("terms, message", [
    (Program("x", Decimal("1.2"), None), "must be above 0 and at most 1"),
    (Program("x", Decimal("0.5"), -1), "cap cannot be negative"),
    (Program("x", Decimal("0.5"), None, D(2020, 1, 1), D(2019, 1, 1)), "closes"),
    (Program("x", Decimal("0.5"), None, automatic=True), "needs a linked credit product"),
    (Program("x", Decimal("0.5"), None, qualifications=frozenset({"rich"})), "unknown qualifications rich"),
])
def test_terms_that_make_no_sense_are_refused(session, terms, message):
    with pytest.raises(DomainError, match=message):
        save_program(session, terms, name_zh="项目")
    assert session.get(m.SubsidyProgram, "x") is None


def test_a_program_travels_through_the_workbook_with_its_classes(tmp_path, session_factory):
    sheets = {"subsidy_programs": [
        HEADER, ["ip_insurance", "知识产权保险补贴", "IP insurance subsidy", "premium", "60%", 20, "2020-01-01",
                 "2022-12-31", "500.5", "高新技术企业", None, "patent:发明专利:Invention patent, utility:实用新型:Utility model",
                 "no"]],
        "enterprises": [["credit_code", "name", "district"], ["91350100M000100Y43", "上海甲科技有限公司", "浦东新区"]],
        "subsidies": [["ref", "program", "credit_code", "premium", "submitted", "status"],
                      ["IP1", "知识产权保险补贴", "91350100M000100Y43", 10, "2020-03-01", "submitted"]]}
    import_workbook(session_factory, write_book(tmp_path / "a.xlsx", sheets))
    with session_factory() as s:
        _row, ip = program(s, "ip_insurance")
        assert (ip.rate, ip.budget, ip.qualifications) == (Decimal("0.6"), 500_500_000, frozenset({"high_tech"}))
        assert ip.classes[1] == ProgramClass("utility", "实用新型", "Utility model")
        assert s.scalar(select(m.SubsidyCase.subsidy_fen)) == 6 * 1_000_000
        export_workbook(s, tmp_path / "first.xlsx")
    other = open_database(tmp_path / "other.sqlite")
    import_workbook(other, tmp_path / "first.xlsx")
    with other() as s:
        export_workbook(s, tmp_path / "second.xlsx")
    first = read_book(tmp_path / "first.xlsx")
    assert first == read_book(tmp_path / "second.xlsx")
    row = next(r for r in first["subsidy_programs"] if r[0] == "ip_insurance")
    assert row[11] == "patent:发明专利:Invention patent, utility:实用新型:Utility model"


def test_a_program_with_a_bad_rate_or_base_is_refused_by_row_and_column(tmp_path, session_factory):
    sheets = {"subsidy_programs": [HEADER, ["a", "甲", None, "premium", 1.5, None, None, None, None, None, None, None, None],
                                   ["b", "乙", None, "salary", 0.5, None, None, None, None, None, None, None, None]]}
    with pytest.raises(ImportRefused) as caught:
        import_workbook(session_factory, write_book(tmp_path / "a.xlsx", sheets))
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "rate"), (3, "base")]
    with session_factory() as s:
        assert s.get(m.SubsidyProgram, "a") is None


def test_a_database_from_before_programs_were_data_keeps_its_subsidy_cases(db_path):
    migrate.upgrade(db_path, "0004")
    conn = sqlite3.connect(db_path)
    conn.execute("insert into enterprises (credit_code, name, district_code, park, qualifications) "
                 "values ('91350100M000100Y43', '上海甲公司', 'pudong', '', '')")
    conn.execute("insert into subsidy_cases (ref, program_code, enterprise_id, policy_no, insurer, premium_fen, "
                 "submitted, status, status_date, subsidy_fen) values ('S1', 'innovation_voucher', 1, 'P1', '', "
                 "20000000, '2017-05-02', 'paid', '2017-09-01', 10000000)")
    conn.commit()
    conn.close()
    with open_database(db_path)() as s:
        case = s.scalar(select(m.SubsidyCase))
        assert (case.ref, case.subsidy_fen, case.batch, case.approved_fen, case.reason) == ("S1", 10_000_000, "", None, "")
        voucher = program(s, "innovation_voucher")[1]
        assert (voucher.base, voucher.qualifications, voucher.budget) == ("spend", frozenset({"tech_sme"}), None)
