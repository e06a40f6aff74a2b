"""A hostile or odd workbook can neither exhaust memory or time nor be read wrongly: each is refused
(a problem naming sheet, row, column and value, or the whole file unreadable) and nothing changes.

The workbooks are written part by part with zipfile, as an attacker would."""
from __future__ import annotations

import struct
import tracemalloc
import zipfile
from xml.sax.saxutils import escape

import pytest
from exchange_helpers import ENT1, counts
from hypothesis import given
from hypothesis import strategies as st

from kjdesk.services.exchange import ImportRefused, WorkbookUnreadable, import_workbook, xlsx
from kjdesk.services.exchange.cells import shown, text_problem
from kjdesk.services.exchange.sheets import CODE_LIMIT

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MB = 1 << 20


def text(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'


def row(number: int, *cells: str) -> str:
    return f'<row r="{number}">{"".join(cells)}</row>'


BANKS = row(1, text("A1", "code"), text("B1", "name_zh"))


def banks(*cells: str) -> str:
    """The banks sheet: titles, then one row of the given cells."""
    return BANKS + row(2, *cells)


def write(path, sheets: dict[str, str], *, strings: list[str] = (), states: dict[str, str] | None = None,
          big: dict[str, int] | None = None, prolog: str = "") -> str:
    """A workbook of ``sheets`` (title → rows XML); ``big`` adds to a sheet's rows that many bytes of
    ``filler`` (a (part, bytes) written a megabyte at a time), ``prolog`` goes before each sheet's root."""
    states = states or {}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        entries = "".join(f'<sheet name="{escape(t)}" sheetId="{i}" r:id="rId{i}"'
                          f'{f" state={chr(34)}{states[t]}{chr(34)}" if t in states else ""}/>'
                          for i, t in enumerate(sheets, start=1))
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{entries}</sheets></workbook>')
        rels = "".join(f'<Relationship Id="rId{i}" Type="x" Target="worksheets/sheet{i}.xml"/>'
                       for i in range(1, len(sheets) + 1))
        z.writestr("xl/_rels/workbook.xml.rels",
                   f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}'
                   '</Relationships>')
        if strings:
            z.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">'
                       + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")
        z.writestr("xl/styles.xml", f'<styleSheet xmlns="{MAIN}"><cellXfs count="2"><xf numFmtId="0"/>'
                   '<xf numFmtId="14"/></cellXfs></styleSheet>')
        for i, rows in enumerate(sheets.values(), start=1):
            z.writestr(f"xl/worksheets/sheet{i}.xml",
                       f'{prolog}<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>')
    return str(path)


def write_big(path, before: str, filler: bytes, size: int, after: str) -> str:
    """A one-sheet banks workbook whose sheet is ``before``, ``size`` bytes of ``filler``, ``after``."""
    write(path, {"banks": ""})
    with zipfile.ZipFile(path) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, data in parts.items():
            if name != "xl/worksheets/sheet1.xml":
                z.writestr(name, data)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<worksheet xmlns="{MAIN}"><sheetData>{before}'.encode())
            block = filler * (MB // len(filler))
            for _ in range(size // MB):
                sheet.write(block)
            sheet.write(f"{after}</sheetData></worksheet>".encode())
    return str(path)


@pytest.fixture
def refused(session_factory):
    """Import ``path``; return its problems as (sheet, row, column, value, reason), nothing changed."""
    def run(path):
        before = counts(session_factory)
        with pytest.raises(ImportRefused) as caught:
            import_workbook(session_factory, path)
        assert counts(session_factory) == before
        return [(p.sheet, p.row, p.column, p.value, p.reason) for p in caught.value.problems]
    return run


@pytest.fixture
def unreadable(session_factory):
    """Import ``path``, which must be refused whole; return the message and the peak memory (MB)."""
    def run(path):
        before = counts(session_factory)
        tracemalloc.start()
        try:
            with pytest.raises(WorkbookUnreadable) as caught:
                import_workbook(session_factory, path)
            peak = tracemalloc.get_traced_memory()[1] / MB
        finally:
            tracemalloc.stop()
        assert counts(session_factory) == before
        return str(caught.value), peak
    return run


# --- 6. nothing in a small file costs much memory or time -------------------------------------

def test_a_cell_beyond_column_xfd_refuses_the_sheet_without_allocating(tmp_path, unreadable):
    message, peak = unreadable(write(tmp_path / "far.xlsx", {"banks": banks(text("ZZZZZZ2", "x"))}))
    assert "ZZZZZZ2 is beyond column XFD" in message and "sheet banks" in message
    assert peak < 20


def test_a_row_beyond_the_last_row_is_refused(tmp_path, unreadable):
    path = write(tmp_path / "deep.xlsx", {"banks": BANKS + row(1_048_577, text("A1048577", "B01"))})
    message, _peak = unreadable(path)
    assert "row 1048577 is beyond row 1048576" in message


def test_rows_out_of_order_are_refused_rather_than_read_twice(tmp_path, unreadable):
    path = write(tmp_path / "twice.xlsx", {"banks": banks(text("A2", "B01"), text("B2", "甲"))
                                           + row(2, text("A2", "B02"), text("B2", "乙"))})
    message, _peak = unreadable(path)
    assert "row 2 comes after row 2" in message


def test_a_value_far_to_the_right_is_reported_without_a_row_as_wide_as_it(tmp_path, refused):
    # 20,000 rows each with a cell at XFD: read as wide as their titles, they take no room.
    rows = "".join(row(n, text(f"A{n}", f"B{n}"), text(f"B{n}", "银行"), text(f"XFD{n}", "far"))
                   for n in range(2, 20_002))
    tracemalloc.start()
    try:
        problems = refused(write(tmp_path / "wide.xlsx", {"banks": BANKS + rows}))
        peak = tracemalloc.get_traced_memory()[1] / MB
    finally:
        tracemalloc.stop()
    assert problems == [("banks", 2, "XFD", "far", "this column has no title in row 1")]
    assert peak < 60  # a row list to XFD for each row would be 2.6 GB


@pytest.mark.parametrize("what, before, filler, after", [
    ("one huge cell", '<row r="1"><c r="A1" t="inlineStr"><is><t>', b"a", "</t></is></c></row>"),
    ("whitespace", "", b" ", ""),
], ids=["cell", "whitespace"])
def test_a_part_that_unpacks_past_100_times_and_256_mb_is_refused_before_it_is_read(
        tmp_path, unreadable, what, before, filler, after):
    path = write_big(tmp_path / "bomb.xlsx", before, filler, 257 * MB, after)
    message, peak = unreadable(path)
    assert "xl/worksheets/sheet1.xml" in message and "would unpack" in message
    assert peak < 5


def test_a_huge_cell_within_the_ratio_is_refused_after_a_few_megabytes(tmp_path, unreadable):
    path = write_big(tmp_path / "cell.xlsx", BANKS + '<row r="2"><c r="A2" t="inlineStr"><is><t>', b"a", 64 * MB,
                     "</t></is></c></row>")
    message, peak = unreadable(path)
    assert "a row of more than 4 MB" in message
    assert peak < 40


def test_whitespace_within_the_ratio_is_read_past_without_being_kept(tmp_path, session_factory):
    path = write_big(tmp_path / "spaces.xlsx", BANKS + "\n", b" \n\t", 64 * MB,
                     row(2, text("A2", "B01"), text("B2", "上海银行")))
    tracemalloc.start()
    try:
        summary = import_workbook(session_factory, path)
        peak = tracemalloc.get_traced_memory()[1] / MB
    finally:
        tracemalloc.stop()
    assert summary.added == {"banks": 1}
    assert peak < 40


def test_a_shared_string_table_past_its_bound_is_refused_as_it_is_read(tmp_path, unreadable, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_SHARED_STRINGS", 1000)  # the real bound is 4.2 million: 20 MB of <si/>
    path = write(tmp_path / "sst.xlsx", {"banks": banks(text("A2", "B01"), text("B2", "上海银行"))},
                 strings=["code"] * 1001)
    message, _peak = unreadable(path)
    assert "more than 1,000 shared strings" in message


def test_repeated_shared_strings_are_held_once(tmp_path):
    book = xlsx.XlsxBook(write(tmp_path / "same.xlsx", {"banks": BANKS}, strings=["上海银行"] * 3))
    assert book.strings == ["上海银行"] * 3 and book.strings[0] is book.strings[2]


# --- 7. nothing is read wrongly ------------------------------------------------------------------

def test_a_shared_string_that_does_not_exist_is_refused_not_taken_as_its_number(tmp_path, refused):
    path = write(tmp_path / "sst.xlsx", {"banks": BANKS.replace(text("A1", "code"), '<c r="A1" t="s"><v>0</v></c>')
                                         + row(2, '<c r="A2" t="s"><v>7</v></c>', text("B2", "上海银行"))},
                 strings=["code"])
    assert refused(path) == [("banks", 2, "code", "7", "there is no shared string 7 in the workbook")]


@pytest.mark.parametrize("error", ["#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!"])
def test_an_error_cell_is_refused_not_taken_as_a_name(tmp_path, refused, error):
    enterprises = (row(1, text("A1", "credit_code"), text("B1", "name"), text("C1", "district"))
                   + row(2, text("A2", ENT1), f'<c r="B2" t="e"><f>VLOOKUP(X1,Y:Z,2)</f><v>{escape(error)}</v></c>',
                         text("C2", "Pudong")))
    problems = refused(write(tmp_path / "err.xlsx", {"enterprises": enterprises}))
    assert [p[:4] for p in problems] == [("enterprises", 2, "name", error)]
    assert "error value" in problems[0][4]


def test_an_error_typed_as_text_is_refused_too(tmp_path, refused):
    problems = refused(write(tmp_path / "errtext.xlsx", {"banks": banks(text("A2", "B01"), text("B2", "#N/A"))}))
    assert [p[:4] for p in problems] == [("banks", 2, "name_zh", "#N/A")]


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_sheet_is_refused_by_name_and_not_imported(tmp_path, refused, state):
    path = write(tmp_path / "hidden.xlsx", {"banks": banks(text("A2", "B01"), text("B2", "上海银行")),
                                            "stations": row(1, text("A1", "code"))}, states={"banks": state})
    assert refused(path) == [("banks", None, None, "", "a hidden sheet; unhide or delete it")]


@pytest.mark.parametrize("invisible", ["\u200b", "\u200d", "\ufeff", "\u202e", "\u2066", "\x1b", "\u00a0"])
def test_a_code_with_an_invisible_character_is_refused_not_a_second_look_alike_key(tmp_path, refused, invisible):
    sheet = (banks(text("A2", "B01"), text("B2", "上海银行"))
             + row(3, text("A3", f"B0{invisible}1"), text("B3", "假上海银行")))
    problems = refused(write(tmp_path / "lookalike.xlsx", {"banks": sheet}))
    assert [p[:3] for p in problems] == [("banks", 3, "code")]
    assert repr(invisible)[1:-1] in problems[0][3]  # shown escaped, so the user sees it
    assert "invisible" in problems[0][4]


def test_the_date_serial_60_is_refused_not_read_as_another_day(tmp_path, refused):
    sheet = (row(1, text("A1", "code"), text("B1", "name_zh"), text("C1", "established"))
             + row(2, text("A2", "ST01"), text("B2", "浦东"), '<c r="C2" s="1"><v>60</v></c>'))
    problems = refused(write(tmp_path / "leap.xlsx", {"stations": sheet}))
    assert [p[:4] for p in problems] == [("stations", 2, "established", "60")]
    assert "1900-02-29" in problems[0][4]


def test_a_name_longer_than_200_characters_is_refused_and_shown_cut(tmp_path, refused):
    problems = refused(write(tmp_path / "long.xlsx", {"banks": banks(text("A2", "B01"), text("B2", "银" * 300_000))}))
    assert [p[:3] for p in problems] == [("banks", 2, "name_zh")]
    assert problems[0][3].startswith("银" * 100 + "…") and "300000 characters" in problems[0][3]
    assert "at most 200" in problems[0][4]


def test_control_characters_of_a_cell_never_reach_the_message(tmp_path, session_factory):
    evil = "\x1b[2J\x1b]0;pwned\x07Atlantis"
    enterprises = (row(1, text("A1", "credit_code"), text("B1", "name"), text("C1", "district"),
                       text("D1", "\x1b[31mred"))
                   + row(2, text("A2", ENT1), text("B2", "甲"), text("C2", evil)))
    path = write(tmp_path / "ansi.xlsx", {"enterprises": enterprises})
    with pytest.raises(ImportRefused) as caught:
        import_workbook(session_factory, path)
    message = str(caught.value)
    assert not any(ord(ch) < 32 and ch != "\n" for ch in message)
    assert "\\x1b[2J\\x1b]0;pwned\\x07Atlantis" in message and "\\x1b[31mred" in message


def test_a_control_character_in_a_name_is_refused(tmp_path, refused):
    sheet = banks(text("A2", "B01"), text("B2", "上海\x1b[8m银行"))
    problems = refused(write(tmp_path / "ctl.xlsx", {"banks": sheet}))
    assert [p[:4] for p in problems] == [("banks", 2, "name_zh", "上海\\x1b[8m银行")]
    assert "control character" in problems[0][4]


def understate(path: str, part: str) -> None:
    """Make the zip's headers say ``part`` unpacks to half its size, as a forged file would."""
    data = bytearray(open(path, "rb").read())
    at = data.find(part.encode())
    while at >= 0:
        for signature, header, field in ((b"PK\x03\x04", 30, 22), (b"PK\x01\x02", 46, 24)):
            if data[at - header:at - header + 4] == signature:
                size = struct.unpack_from("<I", data, at - header + field)[0]
                struct.pack_into("<I", data, at - header + field, size // 2)
        at = data.find(part.encode(), at + 1)
    open(path, "wb").write(data)


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"])
def test_a_part_longer_than_the_zip_says_is_refused_not_read_past(tmp_path, unreadable, part):
    path = write(tmp_path / "forged.xlsx", {"banks": banks(text("A2", "B01"), text("B2", "上海银行"))},
                 strings=["code"])
    understate(path, part)
    message, _peak = unreadable(path)
    assert "Bad CRC-32" in message


DOCTYPES = {
    "entity": '<!DOCTYPE worksheet [<!ENTITY e "B01">]>',
    "xxe": '<!DOCTYPE worksheet [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    "laughs": '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
              '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>',
}


@pytest.mark.parametrize("doctype", DOCTYPES.values(), ids=DOCTYPES.keys())
def test_a_sheet_that_declares_entities_is_refused_unread(tmp_path, unreadable, doctype):
    path = write(tmp_path / "dtd.xlsx", {"banks": banks(text("A2", "B01"), '<c r="B2" t="inlineStr"><is><t>&e;&d;</t>'
                                                        '</is></c>')}, prolog=doctype)
    message, _peak = unreadable(path)
    assert "declares entities" in message


def test_an_entity_xml_does_not_define_is_refused_not_kept_as_text(tmp_path, unreadable):
    path = write(tmp_path / "ent.xlsx", {"banks": banks(text("A2", "B01"), '<c r="B2" t="inlineStr"><is><t>&e;</t>'
                                                        '</is></c>')})
    message, _peak = unreadable(path)
    assert "“&e;" in message


# --- the text rules, over many characters ------------------------------------------------------

HIDDEN = st.characters(categories=("Cc", "Cf", "Zl", "Zp")) | st.sampled_from("\u00a0\u2007\u3000\u200b\ufeff")
VISIBLE = st.text(st.characters(categories=("L", "N", "P", "S")), min_size=1, max_size=20)


@given(VISIBLE, HIDDEN, st.data())
def test_any_invisible_or_control_character_anywhere_in_a_code_is_refused(code, hidden, data):
    at = data.draw(st.integers(0, len(code)))
    assert text_problem(code, CODE_LIMIT, code=True) is None
    assert text_problem(code[:at] + hidden + code[at:], CODE_LIMIT, code=True) is not None


@given(st.text())
def test_a_problem_shows_any_value_without_a_control_or_invisible_character(value):
    assert all(ch.isprintable() for ch in shown(value))
