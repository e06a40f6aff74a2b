"""A station's work log: entries added, changed and removed, each checked; bad input changes nothing."""
import datetime as dt

import pytest
from builders import station

from kjdesk.db.models import Activity
from kjdesk.domain.errors import DomainError
from kjdesk.services import station_log
from kjdesk.services.workload import workload
from kjdesk.domain.workload import year_period

D = dt.date


def test_an_event_added_counts_in_the_workload_and_is_listed_for_its_year(session):
    station(session)
    station_log.add(session, "ST01", D(2017, 5, 1), "publicity_event", 30, "政策宣讲")
    assert workload(session, year_period(2017)).stations[0]["attendees"] == 30
    assert [e.title for e in station_log.entries(session, "ST01", 2017)] == ["政策宣讲"]
    assert station_log.entries(session, "ST01", 2018) == []


def test_an_entry_is_changed_and_removed(session):
    station(session)
    entry = station_log.add(session, "ST01", D(2017, 5, 1), "publicity_event", 30)
    station_log.change(session, entry.id, D(2017, 5, 2), "training_event", 12, "培训")
    assert (entry.type, entry.attendees) == ("training_event", 12)
    station_log.remove(session, entry.id)
    assert session.query(Activity).count() == 0


@pytest.mark.parametrize("type_, attendees, named", [("party", None, "type: “party”"),
                                                     ("publicity_event", -1, "attendees: -1"),
                                                     ("absence", 3, "attendees: only")])
def test_a_bad_entry_is_refused_naming_the_field(session, type_, attendees, named):
    station(session)
    with pytest.raises(DomainError, match=named):
        station_log.add(session, "ST01", D(2017, 5, 1), type_, attendees)
    assert session.query(Activity).count() == 0


def test_a_revoked_station_takes_no_new_work_but_keeps_its_history(session):
    st = station(session)
    entry = station_log.add(session, "ST01", D(2017, 5, 1), "work_summary")
    st.status = "revoked"
    with pytest.raises(DomainError, match="revoked"):
        station_log.add(session, "ST01", D(2017, 6, 1), "work_summary")
    assert [e.id for e in station_log.entries(session, "ST01", 2017)] == [entry.id]
