"""Cells that spreadsheets and scripts write in odd ways: refused clearly, never read wrongly."""
from __future__ import annotations

import zipfile

import pytest
from exchange_helpers import counts, valid_sheets, write_book

from kjdesk.services.exchange import ImportRefused, WorkbookUnreadable, import_workbook


def requested(sheets, value):
    sheets["applications"][1][5] = value


@pytest.mark.parametrize("text", ["12,5", "1,2,3", "12，5"])
def test_a_comma_is_a_thousands_separator_only_never_a_decimal_point(tmp_path, session_factory, text):
    sheets = valid_sheets()
    requested(sheets, text)
    with pytest.raises(ImportRefused) as refused:
        import_workbook(session_factory, write_book(tmp_path / "b.xlsx", sheets))
    problem = refused.value.problems[0]
    assert (problem.sheet, problem.column) == ("applications", "requested_amount")
    assert "use . for decimals" in problem.reason


def test_thousands_separators_are_read(tmp_path, session_factory):
    from kjdesk.db.models import Application

    sheets = valid_sheets()
    requested(sheets, "1,200.5")
    import_workbook(session_factory, write_book(tmp_path / "b.xlsx", sheets))
    with session_factory() as s:
        assert s.query(Application).one().requested_fen == 1_200_500_000


@pytest.mark.parametrize("column, value", [(3, "1e999999999"), (3, 10 ** 20)])
def test_numbers_beyond_any_range_are_refused_at_once(tmp_path, session_factory, column, value):
    sheets = valid_sheets()
    sheets["banks"][1][column] = value
    with pytest.raises(ImportRefused) as refused:
        import_workbook(session_factory, write_book(tmp_path / "b.xlsx", sheets))
    assert refused.value.problems[0].column == "first_year"


def _rewrite_sheet(path, sheet_no, change):
    """Rewrite one worksheet's XML inside the .xlsx as ``change(xml) -> xml``."""
    with zipfile.ZipFile(path) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    name = f"xl/worksheets/sheet{sheet_no}.xml"
    parts[name] = change(parts[name].decode()).encode()
    with zipfile.ZipFile(path, "w") as dst:
        for part, data in parts.items():
            dst.writestr(part, data)


def test_a_formula_never_computed_refuses_the_import_instead_of_reading_blank(tmp_path, session_factory):
    sheets = valid_sheets()
    requested(sheets, "=100*5")  # openpyxl, like most scripts, stores the formula without its value
    path = write_book(tmp_path / "f.xlsx", sheets)
    before = counts(session_factory)
    with pytest.raises(WorkbookUnreadable, match="formula that was never computed"):
        import_workbook(session_factory, path)
    assert counts(session_factory) == before


def test_a_sheet_in_an_undecodable_encoding_is_refused_naming_the_sheet(tmp_path, session_factory):
    path = write_book(tmp_path / "u.xlsx", valid_sheets())
    with zipfile.ZipFile(path) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(b"Pudong", b"Pud\xff\xfeng")
    with zipfile.ZipFile(path, "w") as dst:
        for part, data in parts.items():
            dst.writestr(part, data)
    with pytest.raises(WorkbookUnreadable, match="sheet stations cannot be read"):
        import_workbook(session_factory, path)


def test_single_quoted_attributes_are_read_like_double_quoted_ones(tmp_path, session_factory):
    from kjdesk.db.models import Station

    path = write_book(tmp_path / "q.xlsx", valid_sheets())
    _rewrite_sheet(path, 1, lambda xml: xml.replace('r="', "r='").replace('" t="', "' t='").replace(
        '"><v>', "'><v>").replace('"><is>', "'><is>"))
    import_workbook(session_factory, path)
    with session_factory() as s:
        assert s.query(Station).one().name_en == "Pudong station"
