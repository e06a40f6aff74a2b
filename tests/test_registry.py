"""The register: enterprises need a valid, unused credit code; an application starts with its submission."""
import datetime as dt

import pytest
from builders import bank, credit_code, enterprise, station

from kjdesk.db.models import Enterprise, Specialist
from kjdesk.domain.errors import DomainError
from kjdesk.domain.timeline import EventType, Status
from kjdesk.services import registry

D = dt.date


def test_an_enterprise_is_registered_with_its_normalised_code_and_sorted_qualifications(session):
    code = credit_code()
    ent = registry.create_enterprise(session, credit_code=f" {code.lower()} ", name=" 上海甲科技 ",
                                     district_code="xuhui", park="漕河泾", founded=D(2010, 5, 1),
                                     qualifications=["tech_sme", "high_tech"])
    assert (ent.credit_code, ent.name, ent.qualifications) == (code, "上海甲科技", "high_tech,tech_sme")


def test_a_bad_credit_code_is_refused_with_the_reason(session):
    with pytest.raises(DomainError, match="may not appear"):
        registry.create_enterprise(session, credit_code="91350100M000100Y4Z", name="x", district_code="pudong")
    assert session.query(Enterprise).count() == 0


def test_a_credit_code_can_be_registered_only_once(session):
    code = credit_code()
    registry.create_enterprise(session, credit_code=code, name="甲", district_code="pudong")
    with pytest.raises(DomainError, match="already registered, for 甲"):
        registry.create_enterprise(session, credit_code=code, name="乙", district_code="pudong")


def test_unknown_district_and_qualification_are_refused(session):
    with pytest.raises(DomainError, match="district"):
        registry.create_enterprise(session, credit_code=credit_code(), name="甲", district_code="nowhere")
    with pytest.raises(DomainError, match="qualification"):
        registry.create_enterprise(session, credit_code=credit_code(), name="甲", district_code="pudong",
                                   qualifications=["famous"])


def test_updating_an_enterprise_keeps_its_code_unique(session):
    a = registry.create_enterprise(session, credit_code=credit_code(), name="甲", district_code="pudong")
    b = registry.create_enterprise(session, credit_code=credit_code(), name="乙", district_code="pudong")
    registry.update_enterprise(session, b.id, credit_code=b.credit_code, name="乙二", district_code="minhang")
    assert (b.name, b.district_code) == ("乙二", "minhang")
    with pytest.raises(DomainError, match="already registered"):
        registry.update_enterprise(session, b.id, credit_code=a.credit_code, name="乙", district_code="pudong")


def test_a_new_application_has_a_reference_and_its_submitted_event(session):
    st = station(session)
    sp = Specialist(code="SP1", name="王专员", station_id=st.id)
    session.add(sp)
    ent = enterprise(session)
    app = registry.create_application(session, enterprise_id=ent.id, product_code="performance_loan",
                                      submitted_on=D(2017, 3, 2), station_id=st.id, specialist_id=sp.id,
                                      requested_fen=5_000_000_000, first_bank_loan=True)
    second = registry.create_application(session, enterprise_id=ent.id, product_code="micro_loan",
                                         submitted_on=D(2017, 3, 5))
    third = registry.create_application(session, enterprise_id=ent.id, product_code="performance_loan",
                                        submitted_on=D(2017, 4, 1))
    assert (app.ref, second.ref, third.ref) == ("LY20170001", "WD20170001", "LY20170002")
    assert (app.status, app.submitted_on, app.requested_fen) == ("submitted", D(2017, 3, 2), 5_000_000_000)
    assert [e.type for e in app.events] == ["submitted"]


def test_a_specialist_of_another_station_is_refused(session):
    st1, st2 = station(session, "S1"), station(session, "S2")
    sp = Specialist(code="SP1", name="王专员", station_id=st2.id)
    session.add(sp)
    session.flush()
    with pytest.raises(DomainError, match="王专员"):
        registry.create_application(session, enterprise_id=enterprise(session).id, product_code="performance_loan",
                                    submitted_on=D(2017, 1, 1), station_id=st1.id, specialist_id=sp.id)


def test_the_case_file_shows_the_timeline_with_banks_and_amounts(session):
    bank(session, "B1")
    ent = enterprise(session, name="上海乙科技")
    app = registry.create_application(session, enterprise_id=ent.id, product_code="performance_loan",
                                      submitted_on=D(2017, 1, 5), requested_fen=300_000_000)
    from kjdesk.services.cases import record_event
    record_event(session, app.id, "preliminary_passed", D(2017, 1, 8))
    record_event(session, app.id, "review_passed", D(2017, 2, 1), amount_fen=200_000_000)
    record_event(session, app.id, "recommended", D(2017, 2, 3), bank_code="B1", amount_fen=200_000_000)
    file = registry.case_file(session, app.id, "en")
    assert (file.enterprise, file.status, file.bank_code, file.bank, file.bank_since) == (
        "上海乙科技", Status.AT_BANK, "B1", "Bank B1", D(2017, 2, 3))
    assert [r.type for r in file.timeline] == [EventType.SUBMITTED, EventType.PRELIMINARY_PASSED,
                                               EventType.REVIEW_PASSED, EventType.RECOMMENDED]
    assert file.latest_amount(EventType.REVIEW_PASSED) == 200_000_000


def test_enterprise_search_matches_name_or_code(session):
    a = enterprise(session, name="上海星光科技")
    enterprise(session, name="上海月亮生物")
    assert [c.key for c in registry.search_enterprises(session, "星光")] == [a.id]
    assert [c.key for c in registry.search_enterprises(session, a.credit_code[-6:].lower())] == [a.id]


def test_the_form_offers_districts_in_the_centers_order_as_its_tables_list_them(session):
    assert [c.key for c in registry.districts(session)] == [
        "pudong", "minhang", "jiading", "songjiang", "jinshan", "yangpu", "qingpu", "fengxian",
        "baoshan", "jingan", "xuhui", "chongming", "putuo", "changning", "hongkou", "huangpu"]


def test_references_continue_the_ledgers_numbering(session):
    ent = enterprise(session)
    registry.create_application(session, enterprise_id=ent.id, product_code="performance_loan",
                                submitted_on=D(2018, 1, 2), ref="LY20189999")
    registry.create_application(session, enterprise_id=ent.id, product_code="performance_loan",
                                submitted_on=D(2018, 1, 3), ref="LY2018-old")
    assert registry.next_ref(session, "performance_loan", 2018) == "LY201810000"
    assert registry.next_ref(session, "performance_loan", 2019) == "LY20190001"
    assert registry.next_ref(session, "some_new_product", 2018) == "KJ20180001"


def test_finding_an_enterprise_takes_percent_and_underscore_literally(session):
    from builders import enterprise

    from kjdesk.services.registry import search_enterprises
    enterprise(session, name="上海甲科技有限公司")
    enterprise(session, name="上海100%_科技有限公司")
    assert [c.label.split(" (")[0] for c in search_enterprises(session, "%")] == ["上海100%_科技有限公司"]
    assert [c.label.split(" (")[0] for c in search_enterprises(session, "_")] == ["上海100%_科技有限公司"]
