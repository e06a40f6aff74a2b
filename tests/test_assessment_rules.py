"""Each rule of the 2017 sheets, through the rubric files as published (figures given directly)."""
from __future__ import annotations

from decimal import Decimal as D

from kjdesk.assessment.rubric import rubric_for
from kjdesk.assessment.rules import RULES, round_score
from kjdesk.domain.money import FEN_PER_WAN


def scores(sheet: str, item_id: str, figures: dict[str, dict], *, entries=None, year=2017) -> dict[str, D]:
    item = rubric_for(sheet, year).item(item_id)
    outcomes = RULES[item.rule].score(figures, item.params, item.max, entries or {}, year=year)
    return {code: round_score(o.score) for code, o in outcomes.items()}


def one(sheet: str, item_id: str, **figures) -> D:
    return scores(sheet, item_id, {"X": figures})["X"]


# --- the station sheet -------------------------------------------------------------------------

def test_full_attendance_scores_5_and_each_absence_costs_a_point_down_to_0():
    assert [one("station", "attendance", absences=n) for n in (0, 2, 5, 7)] == [5, 3, 0, 0]


def test_each_of_the_first_five_events_scores_2_points():
    assert [one("station", "events", events=n) for n in (0, 1, 5)] == [0, 2, 10]


def test_a_6th_event_scores_3_points_capped_at_15():
    assert one("station", "events", events=6) == 13
    assert one("station", "events", events=7) == 15
    assert one("station", "events", events=20) == 15


def test_summaries_and_case_reports_score_2_accepted_research_3_at_most_15():
    assert one("station", "outcomes", work_summaries=2, case_reports=1, research_accepted=1) == 9
    assert one("station", "outcomes", work_summaries=2, case_reports=3, research_accepted=2) == 15


def test_ranks_1_to_3_score_50_down_to_40_ranks_4_to_6_40_down_to_30_then_30_down_to_10():
    figures = {f"S{n:02d}": {"investigated": 100 - n} for n in range(1, 11)}
    got = scores("station", "projects", figures)
    assert [got[f"S{n:02d}"] for n in range(1, 11)] == [
        50, 45, 40, 40, 35, 30, 30, D("23.33"), D("16.67"), 10]


def test_a_band_of_one_rank_scores_its_top():
    figures = {f"S{n}": {"investigated": 10 - n} for n in range(1, 8)}  # 7 stations: band 7..7
    assert scores("station", "projects", figures)["S7"] == 30


def test_tied_stations_share_the_better_rank_and_its_score_and_the_next_rank_skips():
    got = scores("station", "projects", {"A": {"investigated": 9}, "B": {"investigated": 9}, "C": {"investigated": 5}})
    assert (got["A"], got["B"], got["C"]) == (50, 50, 40)


def test_stations_tied_at_rank_3_both_score_the_rank_3_value_and_the_next_is_rank_5_in_band_4_to_6():
    got = scores("station", "projects", {"A": {"investigated": 20}, "B": {"investigated": 18},
                                         "C": {"investigated": 15}, "D": {"investigated": 15},   # both rank 3
                                         "E": {"investigated": 12}, "F": {"investigated": 11}})
    assert (got["C"], got["D"]) == (40, 40)     # rank 3: the bottom of band 1–3, not band 4–6's top
    assert got["E"] == 35                       # rank 5 (4 is skipped): 40 − (5 − 4) × (40 − 30) / 2
    assert got["F"] == 30                       # rank 6


def test_the_last_rank_is_the_worst_rank_given_not_the_number_of_ranked_stations():
    # 10 stations with projects, the last two tied at rank 9: the last band runs 7..9, not 7..10.
    figures = {f"S{n:02d}": {"investigated": 100 - n} for n in range(1, 9)}
    figures |= {"T1": {"investigated": 5}, "T2": {"investigated": 5}}
    item = rubric_for("station", 2017).item("projects")
    outcomes = RULES["rank_bands"].score(figures, item.params, item.max, {}, year=2017)
    assert (outcomes["T1"].shown["rank"], outcomes["T1"].shown["ranked"]) == (9, 10)
    got = {code: round_score(o.score) for code, o in outcomes.items()}
    assert (got["S07"], got["S08"], got["T1"], got["T2"]) == (30, 20, 10, 10)


def test_a_station_with_no_investigated_project_scores_0_and_takes_no_rank():
    figures = {f"S{n}": {"investigated": 10 - n} for n in range(1, 9)} | {"Z": {"investigated": 0}}
    got = scores("station", "projects", figures)
    assert got["Z"] == 0
    assert got["S8"] == 10   # the last rank given is 8, which scores the bottom of the band


def test_one_joint_research_project_scores_5_and_more_stay_at_5():
    assert [one("station", "joint_research", joint_research=n) for n in (0, 1, 2)] == [0, 5, 5]


def test_station_growth_is_the_entered_score_when_applications_grew():
    got = scores("station", "growth", {"X": {"applications": 40, "applications_last_year": 32}},
                 entries={"X": D("4")})
    assert got["X"] == 4


def test_station_growth_scores_0_without_growth_whatever_was_entered():
    got = scores("station", "growth", {"same": {"applications": 32, "applications_last_year": 32},
                                       "fell": {"applications": 20, "applications_last_year": 32}},
                 entries={"same": D("5"), "fell": D("3")})
    assert got == {"same": 0, "fell": 0}


# --- the bank sheet ----------------------------------------------------------------------------

def test_rank_1_in_credit_scores_70_and_each_rank_lower_2_less():
    got = scores("bank", "credit_total", {"A": {"approved_fen": 9}, "B": {"approved_fen": 7}, "C": {"approved_fen": 5}})
    assert got == {"A": 70, "B": 68, "C": 66}


def test_tied_banks_share_the_rank_and_the_score():
    got = scores("bank", "credit_total", {"A": {"approved_fen": 9}, "B": {"approved_fen": 9}, "C": {"approved_fen": 5}})
    assert got == {"A": 70, "B": 70, "C": 66}


def test_banks_tied_in_credit_share_the_rank_and_the_score_and_the_next_rank_skips():
    got = scores("bank", "credit_total", {"A": {"approved_fen": 9}, "B": {"approved_fen": 7},
                                          "C": {"approved_fen": 7}, "D": {"approved_fen": 5}})
    assert got == {"A": 70, "B": 68, "C": 68, "D": 64}     # D is rank 4, not 3


def test_banks_tied_in_applicants_share_the_rank_and_the_score_and_the_next_rank_skips():
    got = scores("bank", "applications", {"A": {"applicants": 40}, "B": {"applicants": 40},
                                          "C": {"applicants": 40}, "D": {"applicants": 12}})
    assert got == {"A": 5, "B": 5, "C": 5, "D": D("4.4")}    # D is rank 4: 5 − 3 × 0.2


def test_a_bank_without_approved_credit_scores_0():
    assert scores("bank", "credit_total", {"A": {"approved_fen": 9}, "Z": {"approved_fen": 0}})["Z"] == 0


def test_applicants_rank_1_scores_5_each_rank_0_2_less_not_below_0():
    figures = {f"B{n:02d}": {"applicants": 100 - n} for n in range(1, 31)}
    got = scores("bank", "applications", figures)
    assert (got["B01"], got["B02"], got["B25"], got["B26"], got["B30"]) == (5, D("4.8"), D("0.2"), 0, 0)


def implementation(approved: int, recommended: int) -> D:
    return one("bank", "implementation", approved=approved, recommended=recommended)


def test_a_x_b_for_85_percent_and_85_approvals_is_18_x_0_9():
    assert implementation(85, 100) == D("16.2")


def test_a_x_b_for_85_percent_and_83_approvals_is_18_x_0_9():
    assert implementation(83, 97) == D("16.2")    # 85.6 %


def test_implementation_rate_bands_of_a():
    assert implementation(90, 100) == 20           # 90 %: A 20, 90 approvals: B 1.0
    assert implementation(180, 200) == 20
    assert implementation(80, 100) == D("16.2")    # exactly 80 %: A 18, B 0.9 (80 approvals)
    assert implementation(79, 100) == D("12.8")    # 79 %: A 16, 79 approvals: B 0.8
    assert implementation(5, 100) == D("0.2")      # 5 %: A 2 (the lowest), B 0.1


def test_b_is_1_from_90_approvals_and_0_1_less_for_each_further_10_down_to_0_1():
    assert implementation(95, 95) == 20
    assert implementation(9, 9) == 2               # A 20 × B 0.1
    assert implementation(10, 10) == 4             # A 20 × B 0.2
    assert implementation(120, 100) == 20          # approvals of last year's recommendations count too


def test_a_bank_with_no_recommendation_scores_0_on_implementation():
    assert implementation(5, 0) == 0


def test_a_bank_with_no_approval_scores_0_on_implementation():
    assert implementation(0, 40) == 0


def growth(**figures) -> dict:
    return {"approved_fen": 0, "first_year": 2014, **figures}


def test_banks_whose_approved_enterprises_grew_are_ranked_5_then_0_2_less():
    got = scores("bank", "growth", {"A": growth(approved=30, approved_last_year=20),   # +50 %
                                    "B": growth(approved=22, approved_last_year=20),   # +10 %
                                    "C": growth(approved=20, approved_last_year=20),   # 0
                                    "D": growth(approved=10, approved_last_year=20)})  # −50 %
    assert got == {"A": 5, "B": D("4.8"), "C": 0, "D": 0}


def test_banks_with_equal_growth_share_the_rank_and_the_score_and_the_next_rank_skips():
    got = scores("bank", "growth", {"A": growth(approved=30, approved_last_year=20),   # +50 %
                                    "B": growth(approved=15, approved_last_year=10),   # +50 %, fewer enterprises
                                    "C": growth(approved=22, approved_last_year=20)})  # +10 %: rank 3
    assert got == {"A": 5, "B": 5, "C": D("4.6")}


def test_a_first_year_bank_is_scored_by_this_years_credit():
    def first_year(wan):
        return growth(first_year=2017, approved=5, approved_last_year=0, approved_fen=wan * FEN_PER_WAN)

    got = scores("bank", "growth", {"big": first_year(12_000), "edge": first_year(10_000), "mid": first_year(5_000),
                                    "small": first_year(300), "none": first_year(0)})
    assert got == {"big": 3, "edge": 3, "mid": 2, "small": 1, "none": 0}


def test_a_bank_without_approvals_last_year_is_scored_by_this_years_credit_too():
    got = scores("bank", "growth", {"A": growth(approved=4, approved_last_year=0, approved_fen=6_000 * FEN_PER_WAN)})
    assert got["A"] == 2


def test_a_first_year_bank_is_not_ranked_among_the_growing_banks():
    got = scores("bank", "growth", {"new": growth(first_year=2017, approved=50, approved_last_year=1,
                                                  approved_fen=100 * FEN_PER_WAN),
                                    "old": growth(approved=22, approved_last_year=20)})
    assert got == {"new": 1, "old": 5}


def test_one_point_per_joint_event_at_most_5():
    assert [one("bank", "joint_events", joint_events=n) for n in (0, 3, 7)] == [0, 3, 5]


def test_microloan_rank_1_scores_5_each_rank_0_5_less_but_any_approval_at_least_0_5():
    figures = {f"B{n:02d}": {"microloan_approved": 20 - n} for n in range(1, 13)} | {"Z": {"microloan_approved": 0}}
    got = scores("bank", "microloan", figures)
    assert (got["B01"], got["B02"], got["B10"], got["B12"], got["Z"]) == (5, D("4.5"), D("0.5"), D("0.5"), 0)
