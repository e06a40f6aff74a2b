"""The streaming .xlsx reader takes the shapes other programs write: shared and inline strings (rich
text too), formulas' cached values, cells in any attribute order, date styles, the 1904 system."""
from __future__ import annotations

import datetime as dt
import zipfile

import pytest

from kjdesk.services.exchange.xlsx import XlsxBook, XlsxError

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _book(tmp_path, sheet_xml: str, date1904: bool = False):
    path = tmp_path / "hand.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{REL}">'
                   f'<workbookPr date1904="{int(date1904)}"/><sheets><sheet name="银行" sheetId="1" r:id="rId1"/>'
                   '</sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="x" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}"><si><t>code</t></si>'
                   '<si><r><rPr><b/></rPr><t>上海</t></r><r><t xml:space="preserve">银行 </t></r>'
                   '<rPh><t>シャンハイ</t></rPh></si><si><t>A&amp;B</t></si></sst>')
        z.writestr("xl/styles.xml", f'<styleSheet xmlns="{MAIN}"><numFmts count="1">'
                   '<numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>'
                   '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/><xf numFmtId="4"/>'
                   '</cellXfs></styleSheet>')
        z.writestr("xl/worksheets/sheet1.xml", f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData>{sheet_xml}'
                   '</x:sheetData></x:worksheet>')
    return XlsxBook(str(path))


def test_strings_numbers_dates_and_formulas_come_out_as_values(tmp_path):
    book = _book(tmp_path, (
        '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c t="s" r="C1"><x:v>1</x:v></x:c></x:row>'
        '<x:row r="3"><x:c r="A3" s="1"><x:v>42795</x:v></x:c><x:c r="B3" s="2"><x:v>42795</x:v></x:c>'
        '<x:c r="C3" s="3"><x:v>262092.123456</x:v></x:c><x:c r="D3"><x:f>1+1</x:f><x:v>2</x:v></x:c>'
        '<x:c r="E3" t="inlineStr"><x:is><x:r><x:t>浦东</x:t></x:r><x:r><x:t>新区</x:t></x:r></x:is></x:c>'
        '<x:c r="F3" t="b"><x:v>1</x:v></x:c><x:c r="G3" t="s"><x:v>2</x:v></x:c>'
        '<x:c r="H3" t="str"><x:f>A1</x:f><x:v>x&lt;y</x:v></x:c></x:row>'))
    assert book.sheet_names == ["银行"]
    rows = list(book.rows("银行"))
    assert rows[0] == (1, ["code", None, "上海银行 "], None)  # rich text joined, phonetic guide left out
    number, cells, _stray = rows[1]
    assert number == 3
    assert cells == [dt.date(2017, 3, 1), dt.date(2017, 3, 1), 262092.123456, 2, "浦东新区", True, "A&B", "x<y"]


def test_the_1904_date_system(tmp_path):
    book = _book(tmp_path, '<x:row r="1"><x:c r="A1" s="1"><x:v>41333</x:v></x:c></x:row>', date1904=True)
    assert list(book.rows("银行")) == [(1, [dt.date(2017, 3, 1)], None)]


def test_a_date_with_a_time_of_day_stays_a_datetime(tmp_path):
    book = _book(tmp_path, '<x:row r="1"><x:c r="A1" s="1"><x:v>42795.5</x:v></x:c></x:row>')
    assert list(book.rows("银行")) == [(1, [dt.datetime(2017, 3, 1, 12, 0)], None)]


def test_excel_serials_before_march_1900_count_its_missing_leap_day(tmp_path):
    book = _book(tmp_path, '<x:row r="1"><x:c r="A1" s="1"><x:v>1</x:v></x:c><x:c r="B1" s="1"><x:v>59</x:v></x:c>'
                 '<x:c r="C1" s="1"><x:v>60</x:v></x:c><x:c r="D1" s="1"><x:v>61</x:v></x:c></x:row>')
    (_number, (first, feb28, leap, mar1), _stray), = book.rows("银行")
    assert (first, feb28, mar1) == (dt.date(1900, 1, 1), dt.date(1900, 2, 28), dt.date(1900, 3, 1))
    assert (leap.text, "1900-02-29" in leap.reason) == ("60", True)


def test_a_row_comes_only_as_wide_as_asked_and_names_its_first_value_beyond(tmp_path):
    book = _book(tmp_path, '<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c><x:c r="C1"><x:v>3</x:v></x:c>'
                 '<x:c r="XFA1"/><x:c r="XFC1"><x:v>far</x:v></x:c><x:c><x:v>next</x:v></x:c></x:row>'
                 '<x:row r="2"><x:c r="A2"><x:v>1</x:v></x:c><x:c><x:v>2</x:v></x:c><x:c><x:v>3</x:v></x:c></x:row>')
    rows = book.rows("银行")
    rows.width = 2
    assert list(rows) == [(1, [1], (2, 3)), (2, [1, 2], (2, 3))]
    rows = book.rows("银行")
    rows.width = 4
    assert list(rows) == [(1, [1, None, 3], (16382, "far")), (2, [1, 2, 3], None)]


@pytest.mark.parametrize("cells", ['<x:c r="B1"><x:v>1</x:v></x:c><x:c r="A1"><x:v>2</x:v></x:c>',
                                   '<x:c r="B1"><x:v>1</x:v></x:c><x:c r="B1"><x:v>2</x:v></x:c>',
                                   '<x:c r="XFD1"><x:v>1</x:v></x:c><x:c r="XFC1"><x:v>2</x:v></x:c>'])
def test_cells_out_of_order_are_refused_rather_than_put_in_the_wrong_column(tmp_path, cells):
    rows = _book(tmp_path, f'<x:row r="1">{cells}</x:row>').rows("银行")
    rows.width = 2
    with pytest.raises(XlsxError, match="comes after a cell to its right"):
        list(rows)


@pytest.mark.parametrize("cells", ["<x:c/>" * 16_385, '<x:c r="XFC1"/>' + "<x:c/>" * 2])
def test_cells_without_a_reference_cannot_run_past_column_xfd(tmp_path, cells):
    rows = _book(tmp_path, f'<x:row r="1">{cells}</x:row>').rows("银行")
    rows.width = 2
    with pytest.raises(XlsxError, match="row 1 has cells beyond column XFD"):
        list(rows)
