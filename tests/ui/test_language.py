"""The language switches live from the menu: every text of the main window in Chinese, Qt's own
buttons too, dates the Chinese way, and the choice remembered."""
from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QComboBox, QDialogButtonBox, QGroupBox, QLabel,
                               QLineEdit, QListWidget, QMenu, QTabBar, QWidget)

from kjdesk import i18n
from kjdesk.ui import settings
from kjdesk.ui.main_window import PAGES, available

# Words that stay as they are in Chinese: the program's name and the language menu's "English";
# acronyms (PDF, CNY) too.
PROPER_NOUNS = {"kjdesk", "English"}
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
CELL_ROWS = 5  # table rows whose cells are checked (data like enterprise names is Chinese anyway)


def _menu_texts(menu: QMenu, skip: set) -> list[str]:
    texts = [menu.title()]
    for action in menu.actions():
        if action.isSeparator() or action in skip:
            continue
        texts += _menu_texts(action.menu(), skip) if action.menu() else [action.text()]
    return texts


def window_texts(window) -> list[str]:
    """Every text the main window can show: titles, menus, labels, buttons, placeholders, combo
    entries, tabs, list items, table headers and the first rows' cells."""
    skip = set(window.act_languages.values()) | {window.recent_menu.menuAction()}
    texts = [window.windowTitle(), window.db_label.text()]
    for action in window.menuBar().actions():
        texts += _menu_texts(action.menu(), skip)
    for w in window.findChildren(QWidget):
        if isinstance(w, QLabel):
            texts.append(w.text())
        elif isinstance(w, QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QLineEdit):
            texts += [w.placeholderText()] + ([] if w.isReadOnly() or not w.text() else [])
        elif isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QTabBar):
            texts += [w.tabText(i) for i in range(w.count())]
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        if isinstance(w, QListWidget):
            texts += [w.item(i).text() for i in range(w.count())]
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            texts += [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(model.columnCount())]
            for r in range(min(CELL_ROWS, model.rowCount())):
                texts += [str(model.index(r, c).data() or "") for c in range(model.columnCount())]
    return [t for t in texts if t]


def untranslated(texts: list[str], db_path) -> list[str]:
    """Texts still in English: a source string of the catalog shown as such, or any English word
    that is not a proper noun (the database's file path aside)."""
    catalog = i18n.load_catalog("zh_CN")
    sources = {msgid for msgid, text in catalog.items() if text != msgid}
    found = []
    for text in texts:
        plain = re.sub(r"<[^>]+>", "", text).replace("&", "").replace(str(db_path), "")
        words = [w for w in ENGLISH_WORD.findall(plain) if w not in PROPER_NOUNS and not w.isupper()]
        if text in sources or plain in sources or words:
            found.append(text)
    return found


@pytest.fixture
def full_window(window, ctx, cases):
    """The main window with every page of this kjdesk built, and a case open in its tab."""
    for spec in PAGES:
        if available(spec.module):
            window.show_page(spec.key)
    ctx.open_case.emit(cases["KJ2017-0061"])
    window.show_page("worklist")
    return window


def test_switching_to_chinese_leaves_no_english_text_in_the_main_window(qtbot, full_window, db_path):
    before = untranslated(window_texts(full_window), db_path)
    assert "Work list" in before  # the check finds English when there is English
    full_window.act_languages["zh_CN"].trigger()
    # Pages that re-read their rows off the GUI thread get a moment to show them.
    try:
        qtbot.waitUntil(lambda: not untranslated(window_texts(full_window), db_path), timeout=3000)
    except qtbot.TimeoutError:
        pass
    texts = window_texts(full_window)
    left = untranslated(texts, db_path)
    assert not left, "still in English after the switch:\n" + "\n".join(left)
    assert "工作清单" in texts and "贷款案件" in texts


def test_the_switch_is_live_back_and_forth_and_remembered(full_window):
    full_window.act_languages["zh_CN"].trigger()
    assert full_window.nav.item(0).text() == "工作清单"
    assert settings.language() == "zh_CN"
    full_window.act_languages["en"].trigger()
    assert full_window.nav.item(0).text() == "Work list"
    assert full_window.act_languages["en"].isChecked()
    assert settings.language() == "en"


def test_dates_and_counts_follow_the_language(qtbot, ctx):
    from conftest import AS_OF
    from kjdesk.ui.language import apply_language
    from kjdesk.ui.worklist import WorkListPage

    page = WorkListPage(ctx, as_of=AS_OF)
    qtbot.addWidget(page)
    assert page.title.text() == "Work list for Jun 30, 2017"
    apply_language("zh_CN")
    page.retranslate()
    assert page.title.text() == "2017年6月30日 工作清单"
    assert page.tabs.tabText(0) == "超过预警线（4）"
    assert page.model.index(0, 5).data() == "2017年3月1日"


def test_qt_own_buttons_are_translated_too(full_window, qtbot):
    full_window.act_languages["zh_CN"].trigger()
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert [b.text() for b in box.buttons()] == ["确定", "取消"]


def test_pages_and_cases_hear_the_switch(full_window, ctx):
    heard = []
    ctx.language_changed.connect(heard.append)
    full_window.act_languages["zh_CN"].trigger()
    assert heard == ["zh_CN"]


def test_the_file_dialog_is_all_chinese_in_chinese(qtbot, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    from kjdesk.ui.language import apply_language

    apply_language("zh_CN", remember=False)
    dialog = QFileDialog(None, "打开数据库", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    view = dialog.findChild(QAbstractItemView, "treeView")
    texts = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    texts += [b.text() or b.toolTip() for b in dialog.findChildren(QAbstractButton)]
    texts += [view.model().headerData(c, Qt.Horizontal) for c in range(view.model().columnCount())]
    assert texts and not [t for t in texts if ENGLISH_WORD.search(t.replace("&", ""))]


def test_file_dialogs_open_in_the_documents_folder_until_one_was_used(tmp_path):
    from PySide6.QtCore import QStandardPaths

    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert settings.start_folder() == documents
    (tmp_path / "exports").mkdir()
    settings.remember_folder(tmp_path / "exports" / "districts-2017.xlsx")
    assert settings.start_folder("products-2017.pdf") == str(tmp_path / "exports" / "products-2017.pdf")
