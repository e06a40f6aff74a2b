"""A mistake can be taken back: an undecided application is withdrawn (and stays in the timeline)
or deleted with its events; a decided one is history."""
from __future__ import annotations

import datetime as dt

import pytest

import builders
from kjdesk.db import models as m
from kjdesk.domain.errors import DomainError
from kjdesk.domain.timeline import Event, EventType as E, Status, allowed_events, derive_state
from kjdesk.services.cases import delete_application, record_event

D = dt.date
SUBMITTED = Event(D(2017, 1, 3), E.SUBMITTED)


@pytest.mark.parametrize("before", [[], [Event(D(2017, 1, 5), E.PRELIMINARY_RETURNED)],
                                    [Event(D(2017, 1, 5), E.PRELIMINARY_PASSED), Event(D(2017, 1, 8), E.INVESTIGATED)]])
def test_an_application_no_one_has_decided_on_can_be_withdrawn(before):
    state = derive_state([SUBMITTED, *before, Event(D(2017, 1, 9), E.WITHDRAWN, note="企业撤回")])
    assert state.status is Status.WITHDRAWN


def test_nothing_can_follow_a_withdrawal():
    assert allowed_events(Status.WITHDRAWN) == []
    with pytest.raises(DomainError, match="cannot follow"):
        derive_state([SUBMITTED, Event(D(2017, 1, 9), E.WITHDRAWN), Event(D(2017, 1, 10), E.PRELIMINARY_PASSED)])


def test_a_case_the_review_meeting_passed_cannot_be_withdrawn():
    with pytest.raises(DomainError, match="cannot follow"):
        derive_state([SUBMITTED, Event(D(2017, 1, 5), E.PRELIMINARY_PASSED),
                      Event(D(2017, 1, 8), E.REVIEW_PASSED, amount=1), Event(D(2017, 1, 9), E.WITHDRAWN)])


def test_a_withdrawal_stays_in_the_timeline(session):
    app = builders.application(session, builders.enterprise(session), D(2017, 1, 5))
    record_event(session, app.id, "withdrawn", D(2017, 1, 9), note="企业撤回申请")
    assert [e.type for e in app.events] == ["submitted", "withdrawn"] and app.status == "withdrawn"


def test_an_undecided_application_is_deleted_with_its_events(session):
    app = builders.application(session, builders.enterprise(session), D(2017, 1, 5), ref="LY20170001")
    record_event(session, app.id, "preliminary_passed", D(2017, 1, 9))
    assert delete_application(session, app.id) == "LY20170001"
    assert session.query(m.Application).count() == 0 and session.query(m.Event).count() == 0


def test_a_decided_application_cannot_be_deleted_and_stays_whole(session):
    builders.bank(session, "B01")
    app = builders.recommended(session, builders.enterprise(session), "B01", ref="LY20170002")
    with pytest.raises(DomainError, match="LY20170002 is “At bank, awaiting decision”"):
        delete_application(session, app.id)
    assert session.query(m.Event).filter_by(application_id=app.id).count() == 5
