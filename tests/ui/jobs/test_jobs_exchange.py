"""File › Import / Export / Template run as jobs; a refused import lists every problem."""
import sys
import threading
import types
from dataclasses import dataclass

import pytest
from PySide6.QtWidgets import QMessageBox

from kjdesk.ui.context import AppContext
from kjdesk.ui.jobs.exchange import ProblemsDialog, import_dialog
from kjdesk.ui.jobs.runner import run_job


@dataclass
class Problem:
    sheet: str
    row: int
    column: str
    value: str
    reason: str


@pytest.fixture
def ctx(session_factory, db_path):
    return AppContext(session_factory, db_path)


def test_the_problems_dialog_shows_sheet_row_column_value_and_reason(qtbot):
    dialog = ProblemsDialog([Problem("enterprises", 3, "credit_code", "91350100M000100Y4Z", "bad check character"),
                             "a file-level problem"])
    qtbot.addWidget(dialog)
    table = dialog.table
    assert [table.item(0, c).text() for c in range(5)] == [
        "enterprises", "3", "credit_code", "91350100M000100Y4Z", "bad check character"]
    assert table.item(1, 4).text() == "a file-level problem"
    assert "2 problems" in dialog.intro.text() and "unchanged" in dialog.intro.text()


def test_a_refused_import_opens_the_problem_list_instead_of_a_message(qtbot, ctx, monkeypatch, tmp_path):
    # The import service's contract: ImportRefused carries .problems. A stand-in keeps this test about the dialog.
    class ImportRefused(Exception):
        def __init__(self, problems):
            super().__init__("refused")
            self.problems = problems

    def import_workbook(factory, path, progress=None, cancelled=None):
        progress(0.5, "checking")
        raise ImportRefused([Problem("banks", 2, "code", "", "a bank needs a code")])

    monkeypatch.setitem(sys.modules, "kjdesk.services.exchange",
                        types.SimpleNamespace(import_workbook=import_workbook))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: pytest.fail("a refusal is not a plain message"))
    job = import_dialog(ctx, None, path=str(tmp_path / "in.xlsx"))
    with qtbot.waitSignal(job.ended, timeout=5000):
        pass
    dialog = job.problems_dialog
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and dialog.table.item(0, 4).text() == "a bank needs a code"


def test_export_then_import_through_the_dialogs(qtbot, ctx, session_factory, monkeypatch, tmp_path):
    pytest.importorskip("kjdesk.services.exchange")
    from builders import bank, enterprise, recommended

    from kjdesk.db.database import open_database
    from kjdesk.db.models import Application
    from kjdesk.ui.jobs.exchange import export_dialog

    with session_factory() as s, s.begin():
        bank(s, "B01")
        recommended(s, enterprise(s), "B01")
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    path = str(tmp_path / "all.xlsx")
    job = export_dialog(ctx, None, path=path)
    with qtbot.waitSignal(job.ended, timeout=20000):
        pass
    assert job.error is None and path in told[-1]

    other = AppContext(open_database(tmp_path / "other.sqlite"), tmp_path / "other.sqlite")
    with qtbot.waitSignal(other.data_changed, timeout=20000):
        import_dialog(other, None, path=path)
    with other.read() as s:
        assert s.query(Application).count() == 1
    assert "all.xlsx was imported" in told[-1] and "added" in told[-1]     # what it added, sheet by sheet


def test_a_cancelled_import_changes_nothing_and_shows_no_error(qtbot, ctx, session_factory, monkeypatch, tmp_path):
    pytest.importorskip("kjdesk.services.exchange")
    from builders import bank

    from kjdesk.db.database import open_database
    from kjdesk.db.models import Bank
    from kjdesk.services.exchange import export_workbook

    with session_factory() as s, s.begin():
        bank(s, "B01")
    with session_factory() as s:
        export_workbook(s, tmp_path / "banks.xlsx")
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: pytest.fail("a cancel is not an error"))
    monkeypatch.setattr(QMessageBox, "information", lambda *a: pytest.fail("a cancelled import did not finish"))
    other = AppContext(open_database(tmp_path / "other.sqlite"), tmp_path / "other.sqlite")
    busy = threading.Event()   # the database worker is busy, so the import waits in line
    blocker = run_job(None, lambda p, c: busy.wait(5), title="busy", writes=True)
    job = import_dialog(other, None, path=str(tmp_path / "banks.xlsx"))
    job.cancel()   # what the progress dialog's Cancel does
    busy.set()
    with qtbot.waitSignal(job.was_cancelled, timeout=10000):
        pass
    assert blocker.done
    with other.read() as s:
        assert s.query(Bank).count() == 0


def test_the_template_is_written_in_the_current_language(qtbot, ctx, monkeypatch, tmp_path):
    pytest.importorskip("kjdesk.services.exchange")
    from openpyxl import load_workbook

    from kjdesk import i18n
    from kjdesk.ui.jobs.exchange import template_dialog

    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    i18n.set_language("zh_CN")
    job = template_dialog(ctx, None, path=str(tmp_path / "blank.xlsx"))
    with qtbot.waitSignal(job.ended, timeout=20000):
        pass
    assert job.error is None and "blank.xlsx" in told[0]
    book = load_workbook(tmp_path / "blank.xlsx")
    assert "说明" in book.sheetnames and "企业" in book.sheetnames   # instructions, sheets in Chinese
