"""Users and roles: the services refuse, with the reason, what the working user's role may not do."""
from __future__ import annotations

import datetime as dt

import pytest
from exchange_helpers import valid_sheets, write_book
from sqlalchemy import select

import builders as b
from kjdesk.db.audit import act_as
from kjdesk.db.models import Application, User
from kjdesk.domain.errors import DomainError
from kjdesk.services import registry
from kjdesk.services.cases import record_event
from kjdesk.services.exchange.importer import ImportRefused, import_workbook
from kjdesk.services.users import ACTIONS, PERMISSIONS, mark_training, require, save_user


def _users(factory):
    """A manager, a specialist and a head of station ST01, a specialist of ST02, center staff, a trainer."""
    act_as(factory, "")
    with factory.write() as s:
        st1, st2 = b.station(s, "ST01"), b.station(s, "ST02")
        ent = b.enterprise(s)
        app = b.application(s, ent, dt.date(2017, 3, 1), st=st1, ref="KJ2017-0001")
        save_user(s, "经理", "manager")
    act_as(factory, "经理")
    with factory.write() as s:
        save_user(s, "王芳", "specialist", "ST01")
        save_user(s, "赵站长", "station_head", "ST01")
        save_user(s, "孙专员", "specialist", "ST02")
        save_user(s, "李雷", "center_staff")
        save_user(s, "培训师", "trainer")
    return app.id


def test_a_database_without_users_lets_the_unnamed_local_user_do_everything(session_factory):
    act_as(session_factory, "anyone")
    with session_factory.write() as s:
        for action in ACTIONS:
            assert require(s, action).user is None


def test_the_first_user_must_be_a_manager(session_factory):
    with pytest.raises(DomainError, match="first user must be an active manager"), session_factory.write() as s:
        save_user(s, "王芳", "specialist")


def test_a_specialist_works_the_cases_of_their_own_station_only(session_factory):
    app_id = _users(session_factory)
    act_as(session_factory, "王芳")
    with session_factory.write() as s:
        record_event(s, app_id, "preliminary_passed", dt.date(2017, 3, 2))
    act_as(session_factory, "孙专员")
    with pytest.raises(DomainError, match="works for another station"), session_factory.write() as s:
        record_event(s, app_id, "investigated", dt.date(2017, 3, 3))


def test_a_specialist_may_not_decide_at_review_and_is_told_why(session_factory):
    app_id = _users(session_factory)
    act_as(session_factory, "王芳")
    with session_factory.write() as s:
        record_event(s, app_id, "preliminary_passed", dt.date(2017, 3, 2))
    with pytest.raises(DomainError, match=r"王芳 \(Specialist\) may not record review meetings"), \
            session_factory.write() as s:
        record_event(s, app_id, "review_passed", dt.date(2017, 3, 9), amount_fen=100_000_000)
    act_as(session_factory, "李雷")
    with session_factory.write() as s:
        record_event(s, app_id, "review_passed", dt.date(2017, 3, 9), amount_fen=100_000_000)


def test_someone_who_is_not_a_user_or_no_longer_active_is_refused(session_factory):
    _users(session_factory)
    act_as(session_factory, "经理")
    with session_factory.write() as s:
        user = save_user(s, "王芳", "specialist", "ST01", active=False,
                         user_id=s.scalar(select(User.id).where(User.name == "王芳")))
    for name in ("王芳", "stranger"):
        act_as(session_factory, name)
        with pytest.raises(DomainError, match="not an active user"), session_factory.write() as s:
            registry.create_enterprise(s, credit_code=b.credit_code(), name="某公司", district_code="pudong")
    assert not user.active


def test_a_trainer_works_only_in_a_training_database(session_factory):
    _users(session_factory)
    act_as(session_factory, "培训师")
    with pytest.raises(DomainError, match="only in a demo or training database"), session_factory.write() as s:
        registry.create_enterprise(s, credit_code=b.credit_code(), name="某公司", district_code="pudong")
    act_as(session_factory, "")
    with session_factory.write() as s:
        mark_training(s)
    act_as(session_factory, "培训师")
    with session_factory.write() as s:
        registry.create_enterprise(s, credit_code=b.credit_code(), name="某公司", district_code="pudong")


def test_only_a_manager_manages_users_and_the_last_manager_stays(session_factory):
    _users(session_factory)
    act_as(session_factory, "李雷")
    with pytest.raises(DomainError, match="may not manage users"), session_factory.write() as s:
        save_user(s, "新人", "center_staff")
    act_as(session_factory, "经理")
    with pytest.raises(DomainError, match="no active manager"), session_factory.write() as s:
        save_user(s, "经理", "center_staff", user_id=1)


def test_a_specialist_may_not_import_and_nothing_changes(tmp_path, session_factory):
    _users(session_factory)
    act_as(session_factory, "王芳")
    with pytest.raises(DomainError, match="may not import a workbook"):
        import_workbook(session_factory, write_book(tmp_path / "x.xlsx", valid_sheets()))


@pytest.mark.parametrize("role, name", [("specialist", "王芳"), ("station_head", "赵站长"),
                                        ("center_staff", "李雷"), ("manager", "经理")])
def test_require_follows_the_permission_table(session_factory, role, name):
    _users(session_factory)
    act_as(session_factory, name)
    with session_factory() as s:
        for action in ACTIONS:
            if action in PERMISSIONS[role]:
                require(s, action)
            else:
                with pytest.raises(DomainError, match="may not"):
                    require(s, action)


def _with_users(rows):
    sheets = valid_sheets()
    sheets["users"] = [["name", "role", "station_code", "active"], *rows]
    return sheets


def test_the_users_sheet_imports_users_and_export_writes_them_back(tmp_path, session_factory):
    from kjdesk.services.exchange import export_workbook
    from openpyxl import load_workbook

    path = write_book(tmp_path / "u.xlsx", _with_users([["经理", "manager", None, "yes"],
                                                       ["王芳", "specialist", "ST01", "yes"]]))
    import_workbook(session_factory, path)
    with session_factory() as s:
        assert {(u.name, u.role, u.station.code if u.station else None) for u in s.scalars(select(User))} == {
            ("经理", "manager", None), ("王芳", "specialist", "ST01")}
        export_workbook(s, tmp_path / "out.xlsx")
    rows = [[c.value for c in r] for r in load_workbook(tmp_path / "out.xlsx")["users"].iter_rows()]
    assert rows[1:] == [["王芳", "specialist", "ST01", "yes"], ["经理", "manager", None, "yes"]]


@pytest.mark.parametrize("rows, problem", [
    ([["王芳", "boss", None, "yes"]], "sheet users, row 2, column role, value “boss”"),
    ([["王芳", "specialist", None, "yes"]], "a specialist or station head needs a station"),
    ([["王芳", "center_staff", None, "yes"]], "there must stay an active manager"),
])
def test_a_bad_users_sheet_is_refused_and_changes_nothing(tmp_path, session_factory, rows, problem):
    with pytest.raises(ImportRefused, match=problem):
        import_workbook(session_factory, write_book(tmp_path / "u.xlsx", _with_users(rows)))
    with session_factory() as s:  # nothing of the workbook was written
        assert s.scalar(select(User.id).limit(1)) is None and s.scalar(select(Application.id).limit(1)) is None


def test_only_a_manager_imports_users(tmp_path, session_factory):
    _users(session_factory)
    act_as(session_factory, "李雷")
    with pytest.raises(ImportRefused, match="only a manager imports users"):
        import_workbook(session_factory, write_book(tmp_path / "u.xlsx", _with_users([["新人", "center_staff", None, "yes"]])))
