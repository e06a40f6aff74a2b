"""Review meetings: a meeting's decisions are review events dated its day, all recorded or none."""
import datetime as dt

import pytest
from builders import application, enterprise, walk

from kjdesk.db.models import Event
from kjdesk.domain.errors import DomainError
from kjdesk.domain.timeline import EventType as E
from kjdesk.services import meetings
from kjdesk.services.meetings import Decision

D = dt.date


def ready_for_review(session, name, visited=D(2017, 3, 1)):
    app = application(session, enterprise(session, name=name), D(2017, 2, 1))
    return walk(session, app, [(D(2017, 2, 5), "preliminary_passed"), (visited, "investigated")])


def test_meetings_are_numbered_within_their_year(session):
    assert meetings.create_meeting(session, D(2017, 3, 10)).code == "PS2017-01"
    assert meetings.create_meeting(session, D(2017, 4, 10)).code == "PS2017-02"
    assert meetings.create_meeting(session, D(2018, 1, 10)).code == "PS2018-01"
    with pytest.raises(DomainError, match="PS2017-01"):
        meetings.create_meeting(session, D(2017, 5, 1), code="PS2017-01")


def test_only_cases_awaiting_review_before_the_meeting_are_offered(session):
    ready = ready_for_review(session, "甲")
    ready_for_review(session, "乙", visited=D(2017, 3, 20))   # visited after the meeting
    application(session, enterprise(session, name="丙"), D(2017, 2, 1))   # still at preliminary review
    assert [r.app_id for r in meetings.awaiting_review(session, D(2017, 3, 10))] == [ready.id]
    assert len(meetings.awaiting_review(session, D(2017, 3, 25))) == 2
    assert [r.enterprise for r in meetings.awaiting_review(session, search="乙")] == ["乙"]


def test_decisions_are_review_events_of_the_meeting_on_its_date(session):
    a, b, c = (ready_for_review(session, n) for n in "甲乙丙")
    m = meetings.create_meeting(session, D(2017, 3, 10), members="张, 李", minutes="…")
    meetings.record_decisions(session, m.id, [Decision(a.id, E.REVIEW_PASSED, 300_000_000),
                                              Decision(b.id, E.REVIEW_DEFERRED, note="补材料"),
                                              Decision(c.id, E.REVIEW_REJECTED)])
    assert (a.status, b.status, c.status) == ("review_passed", "review_deferred", "review_rejected")
    [row] = meetings.list_meetings(session, 2017)
    assert (row.passed, row.deferred, row.rejected, row.decided) == (1, 1, 1, 3)
    decided = {d.ref: (d.type, d.amount_fen, d.note) for d in meetings.decisions(session, m.id)}
    assert decided[a.ref] == (E.REVIEW_PASSED, 300_000_000, "")
    assert decided[b.ref] == (E.REVIEW_DEFERRED, None, "补材料")
    assert all(e.date == D(2017, 3, 10) for e in session.query(Event).filter(Event.meeting_id == m.id))


def test_a_deferred_case_comes_back_for_a_later_meeting(session):
    a = ready_for_review(session, "甲")
    first = meetings.create_meeting(session, D(2017, 3, 10))
    meetings.record_decisions(session, first.id, [Decision(a.id, E.REVIEW_DEFERRED)])
    later = meetings.create_meeting(session, D(2017, 4, 10))
    assert [r.app_id for r in meetings.awaiting_review(session, later.date)] == [a.id]
    meetings.record_decisions(session, later.id, [Decision(a.id, E.REVIEW_PASSED, 100)])
    assert a.status == "review_passed"


def test_a_pass_without_an_amount_is_refused_naming_the_case(session):
    a = ready_for_review(session, "甲")
    m = meetings.create_meeting(session, D(2017, 3, 10))
    with pytest.raises(DomainError, match=a.ref):
        meetings.record_decisions(session, m.id, [Decision(a.id, E.REVIEW_PASSED)])


def test_a_meeting_before_the_case_was_visited_cannot_decide_it(session):
    a = ready_for_review(session, "甲", visited=D(2017, 3, 20))
    m = meetings.create_meeting(session, D(2017, 3, 10))
    with pytest.raises(DomainError, match="comes before"):
        meetings.record_decisions(session, m.id, [Decision(a.id, E.REVIEW_REJECTED)])


def test_decisions_are_all_or_nothing_in_the_callers_transaction(session_factory):
    with session_factory() as s, s.begin():
        a = ready_for_review(s, "甲")
        b = ready_for_review(s, "乙", visited=D(2017, 3, 20))
        m = meetings.create_meeting(s, D(2017, 3, 10))
        ids = a.id, b.id, m.id
    with pytest.raises(DomainError):
        with session_factory() as s, s.begin():
            meetings.record_decisions(s, ids[2], [Decision(ids[0], E.REVIEW_PASSED, 100),
                                                  Decision(ids[1], E.REVIEW_PASSED, 100)])
    with session_factory() as s:
        assert s.query(Event).filter(Event.meeting_id == ids[2]).count() == 0
