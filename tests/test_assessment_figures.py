"""The figures come from the database as DOMAIN.md counts them, and the engine scores a whole sheet."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from kjdesk.assessment.engine import assess, sheet_json
from kjdesk.db.models import Activity
import builders as b

D17 = dt.date(2017, 3, 1)


def log(session, station, type_, n=1, *, bank=None, date=D17):
    for _ in range(n):
        session.add(Activity(date=date, station_id=station.id if station else None, type=type_,
                             bank_id=bank.id if bank else None, title=type_))
    session.flush()


def investigated(session, station, n, *, year=2017, twice=False):
    for _ in range(n):
        app = b.application(session, b.enterprise(session), dt.date(year, 2, 1), st=station)
        steps = [(dt.date(year, 2, 3), "preliminary_passed"), (dt.date(year, 2, 10), "investigated")]
        if twice:
            steps.append((dt.date(year, 2, 20), "investigated"))
        b.walk(session, app, steps)


def row(result, code):
    return next(r for r in result.rows if r.code == code)


def test_an_investigated_application_counts_once_for_the_station_it_belongs_to(session):
    pd, mh = b.station(session, "PD"), b.station(session, "MH", "minhang")
    investigated(session, pd, 2, twice=True)
    investigated(session, mh, 1)
    investigated(session, mh, 4, year=2016)          # investigated last year: not this year's work
    result = assess(session, "station", 2017)
    assert row(result, "PD").items["projects"].shown["investigated"] == 2
    assert row(result, "MH").items["projects"].shown["investigated"] == 1
    assert row(result, "PD").items["projects"].score == 50
    assert row(result, "MH").items["projects"].score == 45


def test_station_figures_come_from_its_work_log_of_the_year(session):
    pd = b.station(session, "PD")
    bank = b.bank(session, "B01")
    log(session, pd, "absence", 2)
    log(session, pd, "attendance", 6)
    log(session, pd, "publicity_event", 3)
    log(session, pd, "matchmaking_event", 3, bank=bank)   # a joint event is the station's event too
    log(session, pd, "training_event", 4, date=dt.date(2016, 5, 1))
    log(session, pd, "work_summary", 2)
    log(session, pd, "research_report_accepted", 1)
    log(session, pd, "joint_research", 1)
    items = row(assess(session, "station", 2017), "PD").items
    assert items["attendance"].score == 3
    assert items["events"].shown == {"events": 6} and items["events"].score == 13
    assert items["outcomes"].score == 7
    assert items["joint_research"].score == 5
    assert items["responsiveness"].score == 0 and items["responsiveness"].shown["entered"] is None


def test_station_growth_shows_the_growth_rate_of_submitted_applications(session):
    pd = b.station(session, "PD")
    for year, n in ((2016, 4), (2017, 5)):
        for _ in range(n):
            b.application(session, b.enterprise(session), dt.date(year, 6, 1), st=pd)
    shown = row(assess(session, "station", 2017), "PD").items["growth"].shown
    assert (shown["applications"], shown["applications_last_year"], shown["growth_pct"]) == (5, 4, D("25.00"))


def revoked_station(session, code):
    station = b.station(session, code)
    station.status = "revoked"
    session.flush()
    return station


def test_a_revoked_station_is_assessed_only_in_a_year_it_has_a_work_log_entry_or_a_case_event(session):
    b.station(session, "PD")                                   # active: assessed every year
    logged, cased, idle = (revoked_station(session, code) for code in ("LOG", "CASE", "IDLE"))
    log(session, logged, "attendance", date=dt.date(2018, 11, 1))           # a work log entry of any type
    app = b.application(session, b.enterprise(session), dt.date(2017, 12, 1), st=cased)
    b.walk(session, app, [(dt.date(2018, 1, 10), "preliminary_passed")])  # an event of its case in 2018
    log(session, idle, "publicity_event", date=dt.date(2017, 6, 1))        # worked in 2017 only

    def assessed(year):
        return sorted(r.code for r in assess(session, "station", year).rows)

    assert assessed(2017) == ["CASE", "IDLE", "PD"]
    assert assessed(2018) == ["CASE", "LOG", "PD"]
    assert assessed(2019) == ["PD"]


def test_a_revoked_station_without_a_record_in_the_year_takes_no_rank_and_no_free_attendance(session):
    pd, gone = b.station(session, "PD"), revoked_station(session, "GONE")
    log(session, pd, "absence", 3)
    log(session, gone, "publicity_event", date=dt.date(2015, 4, 1))
    result = assess(session, "station", 2017)
    assert [(r.code, r.rank, r.items["attendance"].score) for r in result.rows] == [("PD", 1, 2)]


def bank_case(session, bank_code, *, approve_fen=None, product="performance_loan", ent=None, year=2017,
              switch_to=None):
    app = b.recommended(session, ent or b.enterprise(session), bank_code, product=product,
                        submitted=dt.date(year, 1, 5), passed=dt.date(year, 2, 10), recommended_on=dt.date(year, 2, 15))
    at = bank_code
    if switch_to:
        b.walk(session, app, [(dt.date(year, 4, 1), "bank_switched", dict(bank_code=switch_to, note="审批停滞"))])
        at = switch_to
    if approve_fen:
        b.walk(session, app, [(dt.date(year, 5, 1), "bank_approved", dict(bank_code=at, amount_fen=approve_fen))])
    return app


def test_bank_figures_count_enterprises_recommended_or_switched_to_it_and_its_approvals(session):
    for code in ("B01", "B02"):
        b.bank(session, code)
    bank_case(session, "B01", approve_fen=300 * 1_000_000)
    bank_case(session, "B01", approve_fen=200 * 1_000_000)
    bank_case(session, "B01", switch_to="B02", approve_fen=100 * 1_000_000)
    bank_case(session, "B01")
    result = assess(session, "bank", 2017)
    b01, b02 = row(result, "B01").items, row(result, "B02").items
    assert b01["implementation"].shown["recommended"] == 4 and b01["implementation"].shown["approved"] == 2
    assert b02["implementation"].shown["recommended"] == 1 and b02["implementation"].shown["approved"] == 1
    assert b01["applications"].shown["applicants"] == 4
    assert b01["credit_total"].shown["approved_fen"] == 500 * 1_000_000
    assert (b01["credit_total"].score, b02["credit_total"].score) == (70, 68)


def test_an_enterprise_counts_once_per_bank_however_many_applications(session):
    b.bank(session, "B01")
    ent = b.enterprise(session)
    bank_case(session, "B01", ent=ent, approve_fen=1_000_000)
    bank_case(session, "B01", ent=ent, approve_fen=1_000_000)
    items = row(assess(session, "bank", 2017), "B01").items
    assert items["implementation"].shown["approved"] == 1 and items["applications"].shown["applicants"] == 1
    assert items["credit_total"].shown["approved_fen"] == 2_000_000   # but the credit adds up


def test_bank_items_1_to_4_count_performance_loans_and_microloan_counts_micro_loans(session):
    b.bank(session, "B01", microloan=True)
    bank_case(session, "B01", approve_fen=1_000_000, product="micro_loan")
    items = row(assess(session, "bank", 2017), "B01").items
    assert items["credit_total"].score == 0 and items["implementation"].score == 0
    assert items["microloan"].shown["microloan_approved"] == 1 and items["microloan"].score == 5


def test_a_first_year_bank_is_scored_by_this_years_credit_from_the_database(session):
    b.bank(session, "NEW", first_year=2017)
    b.bank(session, "OLD", first_year=2012)
    bank_case(session, "NEW", approve_fen=6_000 * 1_000_000)
    bank_case(session, "OLD", approve_fen=1_000_000, year=2016)
    bank_case(session, "OLD", approve_fen=1_000_000)
    bank_case(session, "OLD", approve_fen=1_000_000)
    result = assess(session, "bank", 2017)
    assert row(result, "NEW").items["growth"].score == 2
    assert row(result, "NEW").items["growth"].shown["first_year_rule"] is True
    assert row(result, "OLD").items["growth"].shown["growth_pct"] == D("100.00")
    assert row(result, "OLD").items["growth"].score == 5


def test_a_bank_that_starts_cooperating_after_the_year_is_not_assessed(session):
    b.bank(session, "B01", first_year=2014)
    b.bank(session, "LATE", first_year=2018)
    assert [r.code for r in assess(session, "bank", 2017).rows] == ["B01"]


def test_joint_events_are_events_of_the_year_with_the_bank_as_co_host(session):
    bank = b.bank(session, "B01")
    pd = b.station(session, "PD")
    log(session, pd, "publicity_event", 2, bank=bank)
    log(session, None, "matchmaking_event", 1, bank=bank)      # the center's platform with the bank
    log(session, None, "training_event", 1, bank=bank, date=dt.date(2018, 1, 5))
    assert row(assess(session, "bank", 2017), "B01").items["joint_events"].score == 3


def test_the_sheet_ranks_subjects_by_total_and_keeps_the_figures_in_json(session):
    pd, mh = b.station(session, "PD"), b.station(session, "MH", "minhang")
    log(session, pd, "publicity_event", 3)
    log(session, mh, "publicity_event", 1)
    data = sheet_json(assess(session, "station", 2017))
    assert data["sheet"] == "station" and data["year"] == 2017
    assert data["rubric"] == {"id": "station-2017", "first_year": 2017}
    first, second = data["rows"]
    assert (first["code"], first["rank"], first["total"]) == ("PD", 1, "11")
    assert (second["code"], second["rank"], second["total"]) == ("MH", 2, "7")
    assert first["items"]["events"] == "6" and first["figures"]["events"] == {"events": 3}
    assert first["adjusted"] == {}


def test_assessing_a_year_before_any_rubric_is_refused(session):
    from kjdesk.assessment.rubric import RubricError

    with pytest.raises(RubricError):
        assess(session, "bank", 2015)


def test_a_later_rubric_file_changes_the_scores_from_its_first_year_without_code_changes(session, tmp_path):
    import shutil

    from kjdesk.assessment.rubric import FORMS_DIR

    forms = tmp_path / "forms"
    forms.mkdir()
    shutil.copy(FORMS_DIR / "station_2017.toml", forms / "station_2017.toml")
    later = (FORMS_DIR / "station_2017.toml").read_text(encoding="utf-8").replace(
        "first_year = 2017", "first_year = 2019").replace(
        'params = { figure = "joint_research", per = 5 }', 'params = { figure = "joint_research", per = "2.5" }')
    (forms / "station_2019.toml").write_text(later, encoding="utf-8")
    pd = b.station(session, "PD")
    for year in (2018, 2019):
        log(session, pd, "joint_research", date=dt.date(year, 6, 1))
    assert row(assess(session, "station", 2018, forms_dir=forms), "PD").items["joint_research"].score == 5
    in_2019 = assess(session, "station", 2019, forms_dir=forms)
    assert in_2019.rubric.id == "station-2019"
    assert row(in_2019, "PD").items["joint_research"].score == D("2.5")
