"""Both 2017 sheets come out of the trainers' demo database, in both languages, as JSON, workbook and PDF."""
from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from kjdesk.assessment.engine import assess, sheet_json
from kjdesk.assessment.rubric import rubric_for
from kjdesk.cli import main
from kjdesk.db.database import open_database
from kjdesk.domain.money import wan_to_fen

demo_module = pytest.importorskip("kjdesk.demo")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    factory = open_database(path)
    demo_module.build_demo(factory)
    return path, factory


@pytest.mark.parametrize("sheet, count", [("station", 10), ("bank", 21)])
def test_every_station_and_bank_of_2017_is_scored_within_the_maxima_and_ranked_by_total(demo, sheet, count):
    _path, factory = demo
    rubric = rubric_for(sheet, 2017)
    with factory() as session:
        result = assess(session, sheet, 2017)
    assert len(result.rows) == count
    for row in result.rows:
        assert row.total == sum(s.score for s in row.items.values())
        for item in rubric.items:
            assert Decimal(0) <= row.items[item.id].score <= item.max
    totals = [r.total for r in result.rows]
    assert totals == sorted(totals, reverse=True) and result.rows[0].rank == 1


def test_the_bank_figures_add_up_to_the_published_2017_totals(demo):
    _path, factory = demo
    with factory() as session:
        banks = assess(session, "bank", 2017).rows
        stations = assess(session, "station", 2017).rows
    approved_fen = sum(r.items["credit_total"].shown["approved_fen"] for r in banks)
    assert approved_fen == wan_to_fen("220240")                            # 科技履约贷 approved by banks, to the fen
    assert sum(r.items["joint_events"].shown["joint_events"] for r in banks) == 130
    assert sum(r.items["events"].shown["events"] for r in stations) == 90


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("subjects, count", [("stations", 10), ("banks", 21)])
def test_the_assess_command_writes_json_workbook_and_pdf(demo, tmp_path, capsys, lang, subjects, count):
    path, _factory = demo
    base = ["--db", str(path), "--lang", lang, "assess", subjects, "--year", "2017"]
    assert main(base) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["rows"]) == count and data["rubric"]["first_year"] == 2017
    assert main(base + ["--format", "xlsx", "-o", str(tmp_path / "s.xlsx")]) == 0
    assert main(base + ["--format", "pdf", "-o", str(tmp_path / "s.pdf")]) == 0
    pages = len(re.findall(rb"/Type\s*/Page[^s]", (tmp_path / "s.pdf").read_bytes()))
    assert pages == 1 + count                                            # one page per subject, after the summary
    assert main(base + ["--format", "pdf", "--split", "-o", str(tmp_path / "split")]) == 0
    assert len(list((tmp_path / "split").glob("*.pdf"))) == 1 + count


def test_demo_json_names_follow_the_language(demo, capsys):
    path, factory = demo
    main(["--db", str(path), "--lang", "zh_CN", "assess", "stations", "--year", "2017"])
    zh = json.loads(capsys.readouterr().out)
    with factory() as session:
        en = sheet_json(assess(session, "station", 2017, lang="en"))
    assert zh["rows"][0]["code"] == en["rows"][0]["code"]
    assert "服务站" in zh["rows"][0]["name"] and "服务站" not in en["rows"][0]["name"]
