"""A case and an enterprise show their history from the audit trail, in either language."""


from kjdesk import i18n
from kjdesk.db.audit import act_as
from kjdesk.db.models import Application
from kjdesk.ui.case.view import CaseView
from kjdesk.ui.forms.enterprise import EnterpriseDialog
from kjdesk.ui.history import HistoryModel


def test_a_case_shows_who_recorded_each_step_in_its_history_tab(qtbot, ctx, session_factory, cases):
    app_id = next(iter(cases.values()))
    act_as(session_factory, "王芳")
    view = CaseView(ctx, app_id)
    qtbot.addWidget(view)
    assert view.history.model.rowCount() == 0  # the trail is read when the tab is first shown
    view.show()
    view.tabs.setCurrentIndex(1)
    before = view.history.model.rowCount()
    assert before > 0
    with ctx.write() as s:
        s.get(Application, app_id).requested_fen = 123
    rows = view.history.model.rows[before:]
    assert [(r.user, r.action, r.field, r.new) for r in rows] == [("王芳", "update", "requested_fen", "123")]
    assert view.tabs.tabText(1) == "History"
    i18n.set_language("zh_CN")
    ctx.language_changed.emit("zh_CN")
    assert view.tabs.tabText(1) == "历史记录"
    assert view.history.model.data(view.history.model.index(before, 2)) == "修改"
    assert view.history.model.data(view.history.model.index(before, 4)) == "申请金额（分）"


def test_an_enterprise_being_edited_shows_its_history(qtbot, ctx, session_factory, cases):
    from kjdesk.db.models import Application

    with session_factory() as s:
        ent_id = s.get(Application, next(iter(cases.values()))).enterprise_id
    dialog = EnterpriseDialog(ctx, enterprise_id=ent_id)
    qtbot.addWidget(dialog)
    dialog.history.load()
    dialog.park.setText("张江")
    dialog.accept()
    lines = dialog.history.model.rows
    assert ("park", "张江") in [(line.field, line.new) for line in lines]


def test_the_history_model_passes_qtmodeltester(qtmodeltester, ctx, session_factory, cases):
    from kjdesk.services.audit import history

    model = HistoryModel()
    with session_factory() as s:
        model.set_rows(history(s, "applications", next(iter(cases.values()))))
    assert model.rowCount() > 0
    qtmodeltester.check(model)
