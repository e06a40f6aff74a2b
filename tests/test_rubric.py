"""Rubrics are data: the 2017 sheets as published, refused when malformed, replaced by a later file."""
from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from kjdesk.assessment.rubric import FORMS_DIR, RubricError, load_rubric, load_rubrics, rubric_for

STATION_IDS = ["attendance", "responsiveness", "events", "outcomes", "projects", "growth", "joint_research"]
BANK_IDS = ["credit_total", "applications", "implementation", "growth", "joint_events", "microloan"]


def test_the_station_sheet_of_2017_has_the_seven_items_of_domain_md_worth_100_points():
    rubric = rubric_for("station", 2017)
    assert [i.id for i in rubric.items] == STATION_IDS
    assert [i.max for i in rubric.items] == [5, 5, 15, 15, 50, 5, 5]
    assert rubric.total == 100 and rubric.first_year == 2017
    assert rubric.title.zh == "科技金融服务站考核评价指标表"


def test_the_bank_sheet_of_2017_has_the_six_items_of_domain_md_worth_110_points():
    rubric = rubric_for("bank", 2017)
    assert [i.id for i in rubric.items] == BANK_IDS
    assert [i.max for i in rubric.items] == [70, 5, 20, 5, 5, 5]
    assert rubric.total == 110
    assert [g.max for g in rubric.groups] == [100, 10]


def test_every_item_has_its_name_and_criterion_in_chinese_and_english():
    for rubric in load_rubrics():
        for item in rubric.items:
            assert item.name.zh and item.name.en and item.criterion.zh and item.criterion.en


def test_the_2017_rubric_stays_in_force_for_later_years():
    assert rubric_for("bank", 2019).first_year == 2017


def test_no_rubric_is_in_force_before_its_first_year():
    with pytest.raises(RubricError, match="no station rubric is in force for 2016"):
        rubric_for("station", 2016)


@pytest.fixture
def forms(tmp_path) -> Path:
    folder = tmp_path / "forms"
    folder.mkdir()
    for name in ("station_2017.toml", "bank_2017.toml"):
        shutil.copy(FORMS_DIR / name, folder / name)
    return folder


def _variant(forms: Path, name: str, replace: list[tuple[str, str]], source="station_2017.toml") -> Path:
    text = (forms / source).read_text(encoding="utf-8")
    for old, new in replace:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = forms / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_rubric_with_a_later_first_year_replaces_the_earlier_one_for_later_years_only(forms):
    _variant(forms, "station_2019.toml", [("first_year = 2017", "first_year = 2019"),
                                          ("params = { figure = \"joint_research\", per = 5 }",
                                           "params = { figure = \"joint_research\", per = \"2.5\" }")])
    assert rubric_for("station", 2018, forms).first_year == 2017
    later = rubric_for("station", 2019, forms)
    assert later.first_year == 2019 and later.id == "station-2019"
    assert later.item("joint_research").params["per"] == "2.5"


def test_a_rubric_whose_maxima_do_not_add_up_is_refused(forms):
    path = _variant(forms, "station_2017.toml", [("max = 15\nname.zh = \"组织", "max = 14\nname.zh = \"组织")])
    with pytest.raises(RubricError, match="add up to 99, not the declared total 100"):
        load_rubric(path)


def test_a_rubric_that_is_not_valid_toml_is_refused_with_the_file_named(forms):
    path = _variant(forms, "station_2017.toml", [("total = 100", "total = = 100")])
    with pytest.raises(RubricError, match="station_2017.toml is not valid TOML"):
        load_rubric(path)


def test_a_rubric_naming_an_unknown_rule_is_refused(forms):
    path = _variant(forms, "station_2017.toml", [('rule = "per_count"', 'rule = "per_cuont"')])
    with pytest.raises(RubricError, match="joint_research: unknown rule “per_cuont”"):
        load_rubric(path)


def test_a_rubric_naming_an_unknown_figure_is_refused(forms):
    path = _variant(forms, "station_2017.toml", [('figure = "absences"', 'figure = "absense"')])
    with pytest.raises(RubricError, match="attendance: parameter “figure” of rule “deduction” is not valid"):
        load_rubric(path)


def test_a_rubric_item_without_its_english_criterion_is_refused(forms):
    path = _variant(forms, "station_2017.toml", [("criterion.en = \"5 points for full attendance",
                                                  "criterion_en = \"5 points for full attendance")])
    with pytest.raises(RubricError, match="attendance: “criterion” needs a Chinese and an English text"):
        load_rubric(path)


def test_a_rubric_with_a_missing_parameter_is_refused(forms):
    path = _variant(forms, "bank_2017.toml", [('params = { figure = "joint_events", per = 1 }',
                                               'params = { figure = "joint_events" }')], source="bank_2017.toml")
    with pytest.raises(RubricError, match="needs the parameter per"):
        load_rubric(path)


def test_two_rubrics_for_the_same_sheet_and_year_are_refused(forms):
    _variant(forms, "station_copy.toml", [])
    with pytest.raises(RubricError, match="both the station sheet from 2017"):
        rubric_for("station", 2017, forms)


def test_decimals_in_a_rubric_are_read_exactly(forms):
    path = _variant(forms, "bank_2017.toml", [('step = "0.2"', "step = 0.2")], source="bank_2017.toml")
    step = load_rubric(path).item("applications").params["step"]
    assert step == Decimal("0.2") and isinstance(step, Decimal)


def test_growth_rank_must_name_the_figure_with_the_banks_first_year(forms):
    path = _variant(forms, "bank_2017.toml", [('first_year = "first_year", ', '')], source="bank_2017.toml")
    with pytest.raises(RubricError, match="growth: rule “growth_rank” needs the parameter first_year"):
        load_rubric(path)
