"""The 免申即享 batch screen: proposals for a program and period, a batch made of them, a case taken out
with a reason, the batch approved, its payment list exported."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from builders import bank, disbursed, enterprise
from openpyxl import load_workbook
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox

from kjdesk.db.models import Product
from kjdesk.services.settings import WORKING_DATE, set_setting
from kjdesk.services.subsidies import case_by_ref
from kjdesk.ui.subsidy_batches import SubsidyBatchDialog
from kjdesk.ui.subsidy_case import SubsidyCaseDialog

D = dt.date
WAN = 1_000_000


@pytest.fixture
def dialog(qtbot, ctx, session_factory):
    with session_factory() as s, s.begin():
        s.get(Product, "performance_loan").premium_rate = Decimal("0.02")
        bank(s, "B7")
        for name, day in (("上海甲科技有限公司", D(2018, 1, 5)), ("上海乙科技有限公司", D(2018, 2, 9))):
            disbursed(s, enterprise(s, name=name), "B7", day, amount=500 * WAN)
        set_setting(s, WORKING_DATE, "2018-03-31")
    d = SubsidyBatchDialog(ctx)
    qtbot.addWidget(d)
    d.date_from.setDate(QDate(2018, 1, 1))
    d.date_to.setDate(QDate(2018, 2, 28))
    return d


def proposed(dialog, qtbot) -> list:
    with qtbot.waitSignal(dialog.show_proposals().ended, timeout=10000):
        pass
    return dialog.proposal_model.rows


def test_the_tables_pass_qt_model_tests(qtmodeltester, dialog, qtbot):
    proposed(dialog, qtbot)
    qtmodeltester.check(dialog.proposal_model)
    dialog.create_batch()
    qtmodeltester.check(dialog.batch_model)


def test_proposals_become_a_batch_a_case_is_taken_out_and_the_rest_approved(dialog, monkeypatch, session_factory,
                                                                           tmp_path, qtbot, answer_dialog):
    found = proposed(dialog, qtbot)
    assert [(p.enterprise, p.premium_fen, p.subsidy_fen) for p in found] == [
        ("上海甲科技有限公司", 10 * WAN, 5 * WAN), ("上海乙科技有限公司", 10 * WAN, 5 * WAN)]
    assert dialog.proposal_total.text() == "2 loans without a case; subsidy 10 (10k CNY)"
    code = dialog.create_batch()
    qtbot.waitUntil(lambda: dialog.proposal_model.rowCount() == 0, timeout=10000)  # asked again
    assert code == "performance_loan_premium-1"
    assert dialog.batch_state.text() == "waiting for approval" and not dialog.pdf_button.isEnabled()
    dialog.batch_view.selectRow(1)
    taken = dialog.batch_model.rows[1].ref
    refused = answer_dialog(lambda box: box.accept())
    assert not dialog.take_out(reason="")  # a reason is needed
    assert refused == [f"Take {taken} out of the batch"]
    assert dialog.take_out(reason="贷款已提前结清")
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    assert dialog.approve()
    assert [r.status for r in dialog.batch_model.rows] == ["approved", "rejected"]
    with session_factory() as s:
        assert case_by_ref(s, taken).reason == "贷款已提前结清"
    assert dialog.xlsx_button.isEnabled()
    with qtbot.waitSignal(dialog.export("xlsx", str(tmp_path / "list")).ended, timeout=10000):
        pass
    sheet = load_workbook(tmp_path / "list.xlsx").active
    assert any(cell.value == "上海甲科技有限公司" for row in sheet.iter_rows() for cell in row)


def test_the_payment_list_is_exported_as_a_pdf(dialog, monkeypatch, tmp_path, qtbot):
    proposed(dialog, qtbot)
    dialog.create_batch()
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    assert dialog.approve()
    with qtbot.waitSignal(dialog.export("pdf", str(tmp_path / "list")).ended, timeout=10000):
        pass
    assert (tmp_path / "list.pdf").read_bytes().startswith(b"%PDF")
    assert dialog.batch_state.text() == "Saved list.pdf"


def test_a_period_ending_before_it_starts_is_refused_with_the_reason(dialog, qtbot, answer_dialog):
    texts = []
    seen = answer_dialog(lambda box: (texts.append(box.text()), box.accept()))
    dialog.date_to.setDate(QDate(2017, 12, 31))
    with qtbot.waitSignal(dialog.show_proposals().ended, timeout=10000):
        pass
    qtbot.waitUntil(lambda: seen == ["Proposals"], timeout=5000)
    assert "the period starts (2018-01-01) after it ends (2017-12-31)" in texts[0]
    assert dialog.proposal_total.text() == "" and not dialog.create_button.isEnabled()


def test_a_case_granted_without_application_is_in_a_batch_not_accepted_by_a_station(dialog, qtbot, ctx,
                                                                                   session_factory):
    proposed(dialog, qtbot)
    dialog.create_batch()
    status_column = [c.header() for c in dialog.batch_model.columns].index("Status")
    shown = {dialog.batch_model.index(row, status_column).data() for row in range(dialog.batch_model.rowCount())}
    assert shown == {"In a 免申即享 batch"}
    with session_factory() as s:
        case_id = case_by_ref(s, dialog.batch_model.rows[0].ref).id
    case = SubsidyCaseDialog(ctx, case_id)
    qtbot.addWidget(case)
    assert "In a 免申即享 batch since" in case.heading.text()
    assert case.history_model.index(0, 1).data() == "In a 免申即享 batch"
