"""The enterprise form checks the credit code as it is typed; the application form finds the
enterprise as you type and saves the application with its submission."""
import datetime as dt

import pytest
from builders import credit_code, enterprise, station
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from kjdesk import i18n
from kjdesk.db.models import Application, Enterprise, Specialist
from kjdesk.ui.context import AppContext
from kjdesk.ui.forms.application import ApplicationDialog
from kjdesk.ui.forms.enterprise import EnterpriseDialog

D = dt.date


@pytest.fixture
def ctx(session_factory, db_path):
    return AppContext(session_factory, db_path)


def save_enabled(dialog):
    return dialog.buttons.button(QDialogButtonBox.Save).isEnabled()


def test_the_credit_code_check_shows_the_reason_while_typing(qtbot, ctx):
    dialog = EnterpriseDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.name.setText("上海甲科技")
    qtbot.keyClicks(dialog.code, "91350100m000100y4")
    assert dialog.code.text() == "91350100M000100Y4"          # upper-cased as typed
    assert dialog.code_status.text() == "a credit code has 18 characters, this one has 17"
    assert not save_enabled(dialog)
    qtbot.keyClicks(dialog.code, "Z")
    assert "“Z” may not appear" in dialog.code_status.text()
    dialog.code.setText("91350100M000100Y44")
    assert dialog.code_status.text() == "the check character is “4” but should be “3”"
    dialog.code.setText("91350100M000100Y43")
    assert "valid" in dialog.code_status.text() and save_enabled(dialog)


def test_the_reason_is_shown_in_chinese_after_a_live_switch(qtbot, ctx):
    dialog = EnterpriseDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.code.setText("91350100M000100Y44")
    i18n.set_language("zh_CN")
    ctx.language_changed.emit("zh_CN")
    assert dialog.code_status.text() == "校验码为“4”，应为“3”"
    assert dialog.windowTitle() == "新建企业" and dialog.district.currentText().endswith("区")


def test_a_new_enterprise_is_saved_with_district_founding_date_and_qualifications(qtbot, ctx, session_factory):
    dialog = EnterpriseDialog(ctx)
    qtbot.addWidget(dialog)
    code = credit_code()
    dialog.code.setText(code)
    dialog.name.setText("上海乙生物")
    dialog.district.setCurrentIndex(dialog.district.findData("minhang"))
    dialog.founded.setDate(D(2012, 6, 1))
    dialog.quals["little_giant"].setChecked(True)
    dialog.quals["high_tech"].setChecked(True)
    dialog.accept()
    with session_factory() as s:
        ent = s.get(Enterprise, dialog.enterprise_id)
        assert (ent.credit_code, ent.district_code, ent.founded, ent.qualifications) == (
            code, "minhang", D(2012, 6, 1), "high_tech,little_giant")

    again = EnterpriseDialog(ctx, enterprise_id=dialog.enterprise_id)
    qtbot.addWidget(again)
    assert (again.name.text(), again.district.currentData(), again.quals["little_giant"].isChecked()) == (
        "上海乙生物", "minhang", True)


def test_a_credit_code_already_registered_is_refused_with_the_owner(qtbot, ctx, session_factory, monkeypatch):
    with session_factory() as s, s.begin():
        existing = enterprise(s, name="上海丙科技")
        code = existing.credit_code
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    dialog = EnterpriseDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.code.setText(code)
    dialog.name.setText("别的公司")
    dialog.accept()
    assert "上海丙科技" in warned[0] and dialog.result() != EnterpriseDialog.Accepted
    with session_factory() as s:
        assert s.query(Enterprise).count() == 1


def test_the_application_form_finds_enterprises_as_you_type(qtbot, ctx, session_factory):
    with session_factory() as s, s.begin():
        enterprise(s, name="上海星光科技")
        moon = enterprise(s, name="上海月亮生物").id
    dialog = ApplicationDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.enterprise.count() == 2
    dialog.search.setText("月亮")   # (QTest cannot type CJK; textChanged is what typing emits)
    qtbot.waitUntil(lambda: dialog.enterprise.count() == 1, timeout=2000)
    assert dialog.enterprise.currentData() == moon


def test_the_specialists_offered_are_those_of_the_chosen_station(qtbot, ctx, session_factory):
    with session_factory() as s, s.begin():
        a, b = station(s, "S1"), station(s, "S2")
        s.add_all([Specialist(code="P1", name="甲专员", station_id=a.id),
                   Specialist(code="P2", name="乙专员", station_id=b.id)])
    dialog = ApplicationDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.station.setCurrentIndex(dialog.station.findData(b.id))
    assert [dialog.specialist.itemText(i) for i in range(dialog.specialist.count())] == ["乙专员"]
    assert dialog.specialist.currentData() is None   # chosen by the person, not by the form


@pytest.fixture
def station_with_specialist(session_factory):
    with session_factory() as s, s.begin():
        st = station(s, "S1")
        s.add(Specialist(code="P1", name="甲专员", station_id=st.id))
        s.flush()
        return st.id, s.query(Specialist.id).scalar()


def fill_application(dialog, station_and_specialist, amount="500"):
    station_id, specialist_id = station_and_specialist
    dialog.product.setCurrentIndex(dialog.product.findData("performance_loan"))
    dialog.station.setCurrentIndex(dialog.station.findData(station_id))
    dialog.specialist.setCurrentIndex(dialog.specialist.findData(specialist_id))
    dialog.amount.edit.setText(amount)


def test_enter_on_a_fresh_application_form_creates_nothing_and_names_the_missing_field(qtbot, ctx, session_factory,
                                                                                    station_with_specialist):
    with session_factory() as s, s.begin():
        enterprise(s)
    dialog = ApplicationDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert [combo.currentData() for combo in (dialog.enterprise, dialog.product, dialog.station,
                                              dialog.specialist)] == [None] * 4   # nothing preselected
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key_Return)
    assert dialog.isVisible() and dialog.app_id is None
    assert dialog.problem.text().startswith("Enterprise:") and dialog.focusWidget() is dialog.enterprise
    with session_factory() as s:
        assert s.query(Application).count() == 0


@pytest.mark.parametrize("left_out, named", [("product", "Product:"), ("station", "Station:"),
                                             ("specialist", "Specialist:"), ("amount", "Requested amount:")])
def test_an_application_without_product_station_specialist_or_amount_is_refused_naming_it(
        qtbot, ctx, session_factory, station_with_specialist, left_out, named):
    with session_factory() as s, s.begin():
        ent = enterprise(s).id
    dialog = ApplicationDialog(ctx, enterprise_id=ent)
    qtbot.addWidget(dialog)
    fill_application(dialog, station_with_specialist)
    if left_out == "amount":
        dialog.amount.edit.clear()
    else:
        getattr(dialog, left_out).setCurrentIndex(-1)
    dialog.accept()
    assert dialog.app_id is None and dialog.problem.text().startswith(named)
    with session_factory() as s:
        assert s.query(Application).count() == 0


def test_the_requested_amount_is_exact_and_a_bad_one_is_refused(qtbot, ctx, session_factory, station_with_specialist):
    with session_factory() as s, s.begin():
        ent = enterprise(s).id
    dialog = ApplicationDialog(ctx, enterprise_id=ent, today=D(2017, 3, 1))
    qtbot.addWidget(dialog)
    fill_application(dialog, station_with_specialist, amount="-5")
    assert "negative" in dialog.amount.problem.text()
    dialog.accept()
    assert "negative" in dialog.problem.text() and dialog.app_id is None
    dialog.amount.edit.setText("1,234.567891")
    dialog.accept()
    with session_factory() as s:
        app = s.get(Application, dialog.app_id)
        assert (app.requested_fen, app.submitted_on, app.status) == (1_234_567_891, D(2017, 3, 1), "submitted")


def test_the_english_application_form_carries_no_chinese(qtbot, ctx, station_with_specialist):
    import re

    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit

    dialog = ApplicationDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.product.setCurrentIndex(0)
    texts = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton)]
    texts += [w.placeholderText() for w in dialog.findChildren(QLineEdit)]
    texts += [w.placeholderText() for w in dialog.findChildren(QComboBox)] + [dialog.product.currentText()]
    assert not [t for t in texts if re.search(r"[\u4e00-\u9fff]", t)]
