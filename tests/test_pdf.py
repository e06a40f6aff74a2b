"""Print-ready PDFs: Chinese wraps without punctuation at a line start, the font is embedded, one
subject per page after the ranking summary, and the statistics tables print the same way."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from reportlab.lib.pagesizes import A4

import builders as b
from kjdesk.assessment.engine import assess
from kjdesk.assessment.manual import set_score
from kjdesk.db.models import Activity
from kjdesk.reports.cjk import NO_LINE_START, break_lines
from kjdesk.reports.pdfdoc import FONT, para

CRITERION = ("落实率 = 当年该银行授信企业数 ÷ 当年市科创中心向该银行推荐企业数。A：落实率 90% 以上 20 分，"
             "80%–90% 18 分，每下降 10% 减 2 分；B：授信户数 90 户（含）以上系数 1，80–90 户 0.9，每下降 10 户减"
             " 0.1；得分 = A × B。无推荐或无授信的不得分！是否？《办法》“试行”、「两年」……")


@pytest.mark.parametrize("width", [40, 55, 61, 73, 90, 118, 160])
def test_no_line_of_a_long_chinese_criterion_in_a_narrow_cell_starts_with_closing_punctuation(width):
    paragraph = para(CRITERION, 7.5)
    paragraph.wrap(width, 1000)
    lines = paragraph.line_texts()
    assert len(lines) > 2
    assert "".join(lines).replace(" ", "") == CRITERION.replace(" ", "")   # nothing lost or repeated
    assert not [line for line in lines if line[0] in NO_LINE_START], lines


def test_the_marks_reportlab_misses_are_kept_off_the_start_of_a_line():
    # Each closing mark falls exactly where a line would break: 10 characters of 10 points, 100 wide.
    for mark in "，：；！？》）」":
        text = "一二三四五六七八九十" + mark + "后面的文字"
        lines = [line for _spare, line in break_lines(text, FONT, 10, 100)]
        assert "".join(lines) == text
        assert not lines[1].startswith(mark), lines


def test_every_line_stays_inside_its_cell():
    for width in (45, 70, 100):
        for spare, _line in break_lines(CRITERION, FONT, 7.5, width):
            assert spare >= -1e-6


def test_latin_words_and_numbers_are_not_cut_inside_chinese_text():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    word = stringWidth("Implementation", FONT, 9)
    for width in (word + 1, word + 20, word + 45):
        lines = [line for _s, line in break_lines("授信额度 10,000 万元以上 Implementation rate", FONT, 9, width)]
        assert any("10,000" in line for line in lines), lines
        assert any("Implementation" in line for line in lines), lines
    # A word wider than the cell has to be cut somewhere; it is cut where the line is full.
    assert "".join(line for _s, line in break_lines("Implementation", FONT, 9, word / 2)) == "Implementation"


@pytest.fixture
def sheet(session):
    for code, district, events in (("PD", "pudong", 6), ("MH", "minhang", 2), ("JD", "jiading", 0)):
        st = b.station(session, code, district)
        for _ in range(events):
            session.add(Activity(date=dt.date(2017, 4, 1), station_id=st.id, type="training_event", title="培训"))
    session.flush()
    set_score(session, 2017, "station", "MH", "events", "5", "活动签到表缺失，按中心核定场次计分", "王明")
    return session


def _pdf_pages(path) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", path.read_bytes()))


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_sheet_pdf_is_a4_with_the_summary_and_one_page_per_station_and_embeds_the_font(sheet, tmp_path, lang):
    from kjdesk.reports.sheets import write_sheet_pdf

    path = write_sheet_pdf(assess(sheet, "station", 2017, lang=lang), tmp_path / "stations.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert _pdf_pages(path) == 1 + 3
    assert b"/FontFile2" in data and b"WenQuanYiMicroHei" in data    # TrueType outlines embedded
    assert b"/Helvetica" not in data
    width, height = (float(x) for x in re.search(rb"/MediaBox \[ 0 0 ([\d.]+) ([\d.]+) \]", data).groups())
    assert (round(width), round(height)) == (round(A4[0]), round(A4[1]))


def test_split_writes_the_ranking_summary_and_one_pdf_per_station(sheet, tmp_path):
    from kjdesk.reports.sheets import write_sheet_pdfs

    written = write_sheet_pdfs(assess(sheet, "station", 2017), tmp_path / "out")
    assert sorted(p.name for p in written) == ["2017-station-JD.pdf", "2017-station-MH.pdf", "2017-station-PD.pdf",
                                               "2017-station-ranking.pdf"]
    assert all(_pdf_pages(p) == 1 for p in written)


def test_the_printed_sheet_shows_the_adjusted_score_with_the_computed_value_and_the_reason(sheet):
    from kjdesk.reports.sheets import subject_story

    result = assess(sheet, "station", 2017, lang="zh_CN")
    mh = next(r for r in result.rows if r.code == "MH")
    texts = _texts(subject_story(result, mh))
    assert "计算值 4 [1]" in texts
    assert any("从 4 分调整为 5 分" in t and "活动签到表缺失" in t and "王明" in t for t in texts)
    assert any(t.startswith("考核人（签字）") for t in texts) and any(t.startswith("复核人（签字）") for t in texts)


def _texts(flowables) -> list[str]:
    """The plain text of every paragraph in a story, tables included."""
    from reportlab.platypus import Paragraph, Table

    out: list[str] = []
    stack = list(flowables)
    while stack:
        f = stack.pop(0)
        if isinstance(f, Paragraph):
            out.append(getattr(f, "plain", f.text))
        elif isinstance(f, Table):
            for row in f._cellvalues:
                for cell in row:
                    stack.extend(cell if isinstance(cell, list) else [cell])
        elif hasattr(f, "_content"):
            stack.extend(f._content)
        elif hasattr(f, "text"):
            out.append(f.text)
    return out


def test_the_statistics_table_prints_with_translated_titles_and_a_totals_row(tmp_path):
    from kjdesk.reports.tables import write_table_pdf
    from kjdesk.services.statistics import DISTRICT_COLUMNS

    records = [{"district": "浦东新区", "applications": 142, "recommended_count": 85,
                "recommended_amount_wan": Decimal("41450"), "deferred_count": 6, "approved_count": 81,
                "approved_amount_wan": Decimal("39050.5")}]
    total = dict(records[0], district="总计")
    path = write_table_pdf("2017 各区科技履约贷审核进度统计表", DISTRICT_COLUMNS, records, total, tmp_path / "d.pdf",
                           lang="zh_CN")
    assert _pdf_pages(path) == 1 and b"/FontFile2" in path.read_bytes()


def test_the_sheet_workbook_has_the_ranking_and_every_item_with_exact_scores(sheet, tmp_path):
    from openpyxl import load_workbook

    from kjdesk.reports.workbook import write_sheet_xlsx

    write_sheet_xlsx(assess(sheet, "station", 2017), tmp_path / "s.xlsx")
    wb = load_workbook(tmp_path / "s.xlsx")
    ranking, items = wb.worksheets
    assert [c.value for c in ranking[3]][:3] == [1, "PD", "PD station"]
    mh_events = next(r for r in items.iter_rows(values_only=True) if r[0] == "MH" and r[2] == 3)
    assert (mh_events[6], mh_events[7], mh_events[8]) == (4, 5, "活动签到表缺失，按中心核定场次计分")


CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")


@pytest.mark.parametrize("table", ["districts", "products"])
def test_an_english_table_pdf_has_no_chinese_but_names_and_a_chinese_one_dates_the_chinese_way(
        session_factory, tmp_path, monkeypatch, table):
    from kjdesk import i18n
    from kjdesk.reports import pdfdoc, tables
    from kjdesk.services.statistics import table_records, table_title

    with session_factory() as s, s.begin():
        b.bank(s, "B01")
        b.recommended(s, b.enterprise(s, name="上海甲科技"), "B01")
    stories = {}
    monkeypatch.setattr(pdfdoc, "build", lambda path, story, title, lang: stories.setdefault(lang, [title, *story]))
    for lang in ("en", "zh_CN"):
        i18n.set_language(lang)
        with session_factory() as s:
            columns, records, total = table_records(s, table, 2017)
        tables.write_table_pdf(table_title(table, 2017), columns, records, total, tmp_path / "t.pdf", lang=lang)
    i18n.set_language("en")
    english = [stories["en"][0], *_texts(stories["en"][1:])]
    assert not [t for t in english if CJK.search(t)], english
    assert "(10k CNY)" in " ".join(english)
    today = dt.date.today()
    assert any(f"{today.year}年{today.month}月{today.day}日" in t for t in _texts(stories["zh_CN"][1:]))
