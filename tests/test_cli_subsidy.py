"""The headless subsidy commands and the yearly subsidy table: JSON shapes, exit codes, files."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from decimal import Decimal

import pytest
from builders import bank, disbursed, enterprise
from openpyxl import load_workbook

from kjdesk.cli import main
from kjdesk.services.subsidies import register_case, take_step
from kjdesk.services.subsidy_batches import approve_batch, create_batch
from kjdesk.services.subsidy_programs import program, save_program

D = dt.date
WAN = 1_000_000
P = "performance_loan_premium"


@pytest.fixture
def db(session_factory, db_path):
    """Two 科技履约贷 loans disbursed in March 2018, a 2 % premium rate and a 100 万元 budget; one
    clinical-trial case approved in 2018 (cut to 12 万元) and paid in 2019."""
    with session_factory() as s, s.begin():
        row, terms = program(s, P)
        save_program(s, replace(terms, premium_rate=Decimal("0.02"), budget=100 * WAN), name_zh=row.name_zh,
                     name_en=row.name_en)
        bank(s, "B1")
        for name, day in (("上海甲科技有限公司", D(2018, 3, 5)), ("上海乙科技有限公司", D(2018, 3, 20))):
            disbursed(s, enterprise(s, name=name), "B1", day, amount=500 * WAN)
        bio = enterprise(s, name="上海丙生物医药有限公司")
        case = register_case(s, program="clinical_trial_liability", credit_code=bio.credit_code, base_fen=30 * WAN,
                             started=D(2018, 1, 5), submitted=D(2018, 1, 10), by="王芳", class_code="drug_class_1",
                             insured_fen=2000 * WAN)
        for status, day, extra in (("accepted", D(2018, 1, 12), {}), ("expert_review", D(2018, 2, 1), {}),
                                   ("approved", D(2018, 3, 1), dict(amount_fen=12 * WAN, reason="部分费用不予支持")),
                                   ("paid", D(2019, 1, 8), dict(batch="2019-01"))):
            take_step(s, case.ref, status, day, by="中心", **extra)
    return str(db_path)


def test_propose_lists_the_loans_and_creates_the_batch(db, capsys):
    assert main(["subsidy", "propose", "--program", P, "--from", "2018-03-01", "--to", "2018-03-31",
                 "--create-batch", "--date", "2018-04-02", "--db", db]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["program"], data["from"], data["to"], data["batch"]) == (P, "2018-03-01", "2018-03-31", f"{P}-1")
    assert [(r["enterprise"], r["disbursed_on"], r["premium_wan"], r["subsidy_wan"], r["insured_wan"])
            for r in data["rows"]] == [("上海甲科技有限公司", "2018-03-05", 10, 5, 500),
                                       ("上海乙科技有限公司", "2018-03-20", 10, 5, 500)]
    assert main(["subsidy", "propose", "--program", P, "--from", "2018-03-01", "--to", "2018-03-31",
                 "--format", "csv", "--db", db]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "ref,enterprise,credit_code,disbursed_on,premium_wan,subsidy_wan,insured_wan"]


def test_an_impossible_step_exits_2_with_the_reason(db, capsys):
    assert main(["subsidy", "propose", "--program", P, "--from", "2018-03-01", "--to", "2018-03-31",
                 "--create-batch", "--date", "2018-04-02", "--db", db]) == 0
    capsys.readouterr()
    ref = "BT20180002"  # the batch's first case; the clinical-trial case is BT20180001
    assert main(["subsidy", "step", ref, "expert_review", "--date", "2018-04-03", "--db", db]) == 2
    assert "cannot go from “accepted” to “expert_review”" in capsys.readouterr().err
    assert main(["subsidy", "step", ref, "rejected", "--date", "2018-04-03", "--db", db]) == 2
    assert "needs a reason" in capsys.readouterr().err
    assert main(["subsidy", "step", ref, "approved", "--date", "2018-04-03", "--amount", "1.0000001",
                 "--db", db]) == 2
    assert "--amount: amount 1.0000001 has more than 6 decimals" in capsys.readouterr().err
    assert main(["subsidy", "step", ref, "approved", "--date", "2018-04-03", "--amount", "4", "--reason", "核减",
                 "--by", "中心", "--db", db]) == 0
    assert "BT20180002: Approved on Apr 3, 2018" in capsys.readouterr().out


def test_undo_removes_the_last_step_and_the_case_is_as_the_step_before_left_it(db, session_factory, capsys):
    from kjdesk.services.subsidies import case_by_ref

    assert main(["subsidy", "step", "BT20180001", "returned", "--date", "2018-01-12", "--reason", "缺保单",
                 "--db", db]) == 2  # paid: no step is left to take, so nothing changed
    assert main(["subsidy", "undo", "BT20180001", "--db", db]) == 0
    assert capsys.readouterr().out.strip() == (
        "BT20180001: the step “Paid” of Jan 8, 2019 was removed; the case is Approved again")
    with session_factory() as s:
        case = case_by_ref(s, "BT20180001")
        assert (case.status, case.status_date, case.batch, case.approved_fen) == ("approved", D(2018, 3, 1), "",
                                                                                  12 * WAN)
    for _step in range(3):
        assert main(["subsidy", "undo", "BT20180001", "--db", db]) == 0
    assert main(["subsidy", "undo", "BT20180001", "--db", db]) == 2
    assert "has only its first step" in capsys.readouterr().err
    with session_factory() as s:
        assert case_by_ref(s, "BT20180001").status == "submitted"


def test_a_step_without_by_is_recorded_as_done_by_the_working_user(db, session_factory, capsys):
    from kjdesk.db.models import SubsidyCase

    assert main(["subsidy", "propose", "--program", P, "--from", "2018-03-01", "--to", "2018-03-31",
                 "--create-batch", "--date", "2018-04-02", "--db", db]) == 0
    assert main(["--user", "李雷", "subsidy", "step", "BT20180002", "approved", "--date", "2018-04-03",
                 "--db", db]) == 0
    with session_factory() as s:
        case = s.query(SubsidyCase).filter_by(ref="BT20180002").one()
        assert case.history[-1].by == "李雷"


def test_the_yearly_subsidy_table_counts_acceptances_approvals_and_payments_by_their_dates(db, session_factory,
                                                                                           capsys):
    with session_factory() as s, s.begin():
        batch = create_batch(s, P, D(2018, 3, 1), D(2018, 3, 31), D(2018, 4, 2), by="中心")
        approve_batch(s, batch.code, D(2018, 4, 10), by="中心")
    assert main(["report", "subsidies", "--year", "2018", "--format", "json", "--db", db, "--lang", "en"]) == 0
    data = json.loads(capsys.readouterr().out, parse_float=Decimal)
    rows = {r["program"]: r for r in data["rows"]}
    assert rows["Performance-loan premium subsidy"] == {
        "program": "Performance-loan premium subsidy", "enterprises": 2, "cases": 2, "approved_wan": 10,
        "paid_wan": 0, "insured_wan": 1000, "budget_wan": 100, "budget_used_percent": 10}
    assert rows["Clinical-trial liability insurance subsidy"] == {
        "program": "Clinical-trial liability insurance subsidy", "enterprises": 1, "cases": 1, "approved_wan": 12,
        "paid_wan": 0, "insured_wan": 2000, "budget_wan": None, "budget_used_percent": None}
    assert data["total"] == {"program": "Total", "enterprises": 3, "cases": 3, "approved_wan": 22, "paid_wan": 0,
                             "insured_wan": 3000, "budget_wan": 100, "budget_used_percent": 10}
    main(["report", "subsidies", "--year", "2019", "--db", db])
    assert json.loads(capsys.readouterr().out)["total"]["paid_wan"] == 12


def test_the_subsidy_table_as_pdf_and_workbook(db, tmp_path):
    assert main(["report", "subsidies", "--year", "2018", "--format", "pdf", "-o", str(tmp_path / "t.pdf"),
                 "--db", db, "--lang", "zh_CN"]) == 0
    assert (tmp_path / "t.pdf").read_bytes().startswith(b"%PDF")
    assert main(["report", "subsidies", "--year", "2018", "--format", "xlsx", "-o", str(tmp_path / "t.xlsx"),
                 "--db", db]) == 0
    ws = load_workbook(tmp_path / "t.xlsx").active
    assert ws.cell(row=ws.max_row, column=4).value == 12


def test_a_batch_payment_list_as_pdf_and_workbook_with_its_totals(db, session_factory, tmp_path):
    with session_factory() as s, s.begin():
        batch = create_batch(s, P, D(2018, 3, 1), D(2018, 3, 31), D(2018, 4, 2), by="中心")
        approve_batch(s, batch.code, D(2018, 4, 10), by="中心")
    pdf, xlsx = tmp_path / "list.pdf", tmp_path / "list.xlsx"
    assert main(["subsidy", "batch-list", f"{P}-1", "--format", "pdf", "-o", str(pdf), "--db", db,
                 "--lang", "zh_CN"]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    assert main(["subsidy", "batch-list", f"{P}-1", "--format", "xlsx", "-o", str(xlsx), "--db", db, "--lang", "en"]) == 0
    rows = [list(r) for r in load_workbook(xlsx).active.iter_rows(values_only=True)]
    assert rows[0][0] == "Subsidy payment list: Performance-loan premium subsidy, batch no. 1"
    assert rows[-1][1:] == ["Total (2 cases)", None, None, 20, 10]
    assert main(["subsidy", "batch-list", "nothing-9", "-o", str(pdf), "--db", db]) == 2
