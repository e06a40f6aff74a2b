"""Subsidy cases through the exchange workbook: every field, batch and step survives
export → import → export; a history that breaks the rules is refused by sheet, row and column."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from builders import bank, disbursed, enterprise
from exchange_helpers import ENT1, read_book, valid_sheets, write_book
from sqlalchemy import select

from kjdesk.db import models as m
from kjdesk.db.database import open_database
from kjdesk.services.exchange import ImportRefused, export_workbook, import_workbook
from kjdesk.services.subsidies import register_case, take_step
from kjdesk.services.subsidy_batches import approve_batch, batch_cases, create_batch, take_out
from kjdesk.services.subsidy_programs import program, save_program

D = dt.date
WAN = 1_000_000
P = "performance_loan_premium"


def _fill(s):
    row, terms = program(s, P)
    save_program(s, replace(terms, premium_rate=Decimal("0.0175"), budget=2500 * WAN), name_zh=row.name_zh,
                 name_en=row.name_en)
    bank(s, "B1")
    for name, day in (("上海甲科技有限公司", D(2018, 3, 5)), ("上海乙科技有限公司", D(2018, 3, 20))):
        disbursed(s, enterprise(s, name=name), "B1", day, amount=333_333_333)
    batch = create_batch(s, P, D(2018, 3, 1), D(2018, 3, 31), D(2018, 4, 2), by="市科创中心")
    take_out(s, batch_cases(s, batch.code)[1].ref, D(2018, 4, 3), reason="已提前还款", by="市科创中心")
    approve_batch(s, batch.code, D(2018, 4, 10), by="市科创中心")
    bio = enterprise(s, name="上海丙生物医药有限公司")
    case = register_case(s, program="clinical_trial_liability", credit_code=bio.credit_code, base_fen=30 * WAN,
                         started=D(2018, 1, 5), submitted=D(2018, 1, 10), by="王芳", class_code="drug_class_2",
                         insured_fen=2000 * WAN, policy_no="PSHA2018001", insurer="太保", note="网上申报")
    for status, day, extra in (("returned", D(2018, 1, 11), dict(reason="缺临床批件")), ("submitted", D(2018, 1, 20), {}),
                               ("accepted", D(2018, 1, 22), {}), ("expert_review", D(2018, 2, 1), {}),
                               ("approved", D(2018, 3, 1), dict(amount_fen=12_345_678, reason="部分费用不予支持")),
                               ("paid", D(2018, 5, 8), dict(batch="2018-05"))):
        take_step(s, case.ref, status, day, by="中心", **extra)


def _cases(factory):
    with factory() as s:
        return [(c.ref, c.program_code, c.status, c.status_date, c.premium_fen, c.subsidy_fen, c.insured_fen,
                 c.class_code, c.batch, c.approved_fen if c.approved_fen != c.subsidy_fen else None, c.reason,
                 c.application_id, c.policy_no, c.insurer, [(h.status, h.date, h.by, h.note) for h in c.history])
                for c in s.scalars(select(m.SubsidyCase).order_by(m.SubsidyCase.ref))]


def test_every_subsidy_field_batch_and_step_survives_export_and_import(tmp_path, session_factory):
    with session_factory() as s, s.begin():
        _fill(s)
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    with session_factory() as s:
        export_workbook(s, first)
    other = open_database(tmp_path / "other.sqlite")
    import_workbook(other, first)
    with other() as s:
        export_workbook(s, second)
        batch = s.get(m.SubsidyBatch, f"{P}-1")
        assert (batch.number, batch.made_on, batch.approved_on) == (1, D(2018, 4, 2), D(2018, 4, 10))
    ours = ("subsidy_programs", "subsidies", "subsidy_batches", "subsidy_steps")
    assert [read_book(first)[n] for n in ours] == [read_book(second)[n] for n in ours]
    assert _cases(other) == _cases(session_factory)
    clinical = _cases(other)[-1]
    assert clinical[-1][:2] == [("submitted", D(2018, 1, 10), "王芳", "网上申报"), ("returned", D(2018, 1, 11), "中心", "缺临床批件")]


def test_reimporting_an_export_keeps_each_history_once(tmp_path, session_factory):
    with session_factory() as s, s.begin():
        _fill(s)
    path = tmp_path / "all.xlsx"
    with session_factory() as s:
        export_workbook(s, path)
    before = _cases(session_factory)
    import_workbook(session_factory, path)
    assert _cases(session_factory) == before


def _book(steps, **subsidy):
    sheets = valid_sheets()
    row = dict(ref="S1", program="clinical_trial_liability", credit_code=ENT1, premium=30, submitted="2018-01-10",
               status="approved", **subsidy)
    sheets["subsidies"] = [list(row), list(row.values())]
    sheets["subsidy_steps"] = [["ref", "date", "status", "by", "note"]] + steps
    return sheets


def test_steps_out_of_order_are_refused_naming_the_row(tmp_path, session_factory):
    book = _book([["S1", "2018-01-10", "submitted", "企业", None], ["S1", "2018-02-01", "approved", "中心", None]])
    with pytest.raises(ImportRefused) as caught:
        import_workbook(session_factory, write_book(tmp_path / "a.xlsx", book))
    assert [(p.sheet, p.row, p.column) for p in caught.value.problems] == [("subsidy_steps", 3, "status")]
    assert "cannot go from “submitted” to “approved”" in caught.value.problems[0].reason


def test_a_step_dated_before_the_one_before_it_is_refused(tmp_path, session_factory):
    book = _book([["S1", "2018-01-10", "submitted", None, None], ["S1", "2018-01-09", "accepted", None, None]])
    book["subsidies"][1][book["subsidies"][0].index("status")] = "accepted"
    with pytest.raises(ImportRefused) as caught:
        import_workbook(session_factory, write_book(tmp_path / "a.xlsx", book))
    assert [(p.sheet, p.row, p.column) for p in caught.value.problems] == [("subsidy_steps", 3, "date")]


def test_an_approved_amount_above_the_computed_subsidy_is_refused(tmp_path, session_factory):
    steps = [["S1", "2018-01-10", "submitted", None, None], ["S1", "2018-01-12", "accepted", None, None],
             ["S1", "2018-02-01", "expert_review", None, None], ["S1", "2018-03-01", "approved", None, None]]
    with pytest.raises(ImportRefused) as caught:
        import_workbook(session_factory, write_book(tmp_path / "a.xlsx", _book(steps, approved=16)))
    assert [(p.sheet, p.row, p.column) for p in caught.value.problems] == [("subsidies", 2, "approved")]
    import_workbook(session_factory, write_book(tmp_path / "b.xlsx", _book(steps, approved=10, reason="核减")))
    with session_factory() as s:
        case = s.scalar(select(m.SubsidyCase))
        assert (case.status, case.approved_fen, case.reason, len(case.history)) == ("approved", 10 * WAN, "核减", 4)


def test_steps_of_an_unknown_case_are_refused(tmp_path, session_factory):
    book = {"subsidy_steps": [["ref", "date", "status"], ["NOPE", "2018-01-10", "submitted"]]}
    with pytest.raises(ImportRefused) as caught:
        import_workbook(session_factory, write_book(tmp_path / "a.xlsx", book))
    assert [(p.sheet, p.row, p.column) for p in caught.value.problems] == [("subsidy_steps", 2, "ref")]


def test_the_window_applies_to_the_policy_start_when_the_sheet_gives_one(tmp_path, session_factory):
    sheets = valid_sheets()
    header = ["ref", "program", "credit_code", "premium", "policy_start", "submitted", "status"]
    sheets["subsidies"] = [header, ["S1", "clinical_trial_liability", ENT1, 30, "2019-12-20", "2020-01-06", "submitted"],
                           ["S2", "clinical_trial_liability", ENT1, 30, "2017-11-20", "2017-12-06", "submitted"]]
    with pytest.raises(ImportRefused) as caught:
        import_workbook(session_factory, write_book(tmp_path / "a.xlsx", sheets))
    assert [(p.row, p.column, p.value) for p in caught.value.problems] == [(3, "policy_start", "2017-11-20")]
