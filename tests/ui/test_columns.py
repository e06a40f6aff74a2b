"""At 1280 px wide, every column header of every page is shown whole, in both languages; values too
long for their column show whole as a tooltip."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QTableView

from kjdesk.ui.jobs.runner import jobs_running
from kjdesk.ui.language import apply_language
from kjdesk.ui.main_window import PAGES


def cut_headers(page) -> list[str]:
    cut = []
    for table in page.findChildren(QTableView):
        header, model = table.horizontalHeader(), table.model()
        metrics = header.fontMetrics()
        for column in range(model.columnCount()):
            if header.isSectionHidden(column):
                continue
            text = str(model.headerData(column, header.orientation()) or "")
            # the header's text, its margins, and the sort arrow's room where the table sorts
            style = header.style()
            needed = metrics.horizontalAdvance(text) + 2 * style.pixelMetric(style.PixelMetric.PM_HeaderMargin)
            if header.isSortIndicatorShown():
                needed += style.pixelMetric(style.PixelMetric.PM_HeaderMarkSize)
            if header.sectionSize(column) < needed:
                cut.append(f"{type(page).__name__}: {text!r} {header.sectionSize(column)} < {needed}")
    return cut


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_no_column_header_is_cut_at_1280_px(qtbot, window, lang):
    apply_language(lang, remember=False)
    window.ctx.language_changed.emit(lang)
    window.resize(1280, 800)
    window.show()
    cut = []
    for spec in PAGES:
        page = window.show_page(spec.key)
        qtbot.wait(50)
        if hasattr(page, "wait_for_search"):
            page.wait_for_search()
        if hasattr(page, "loaded"):
            qtbot.waitUntil(lambda: all(m.rowCount() for m in page.models.values()), timeout=5000)
        cut += cut_headers(page)
    qtbot.waitUntil(lambda: not jobs_running(), timeout=10000)   # (closing the window would ask to stop them)
    assert not cut


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_product_state_station_and_district_names_fit_their_columns_or_show_in_a_tooltip(qtbot, window, lang):
    from PySide6.QtCore import Qt

    from kjdesk.ui.list_page import FIT_CAP

    apply_language(lang, remember=False)
    window.ctx.language_changed.emit(lang)
    page = window.show_page("cases")
    page.wait_for_search()
    metrics, model = page.table.fontMetrics(), page.model
    assert model.rowCount()
    for row in range(model.rowCount()):
        for column in (2, 3, 6, 7):
            text = model.index(row, column).data()
            assert model.index(row, column).data(Qt.ToolTipRole) == text
            if metrics.horizontalAdvance(text) + 16 <= FIT_CAP:
                assert metrics.horizontalAdvance(text) < page.table.columnWidth(column), (text, column)
