"""Every user-visible string has its zh_CN text, with the same placeholders."""
import re
import sys
from pathlib import Path

from kjdesk import i18n

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "i18n"))
import catalog  # noqa: E402

PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def test_every_source_string_has_a_chinese_translation():
    gaps = catalog.missing()
    assert not gaps, "untranslated (run `python i18n/catalog.py update`, then translate):\n" + "\n".join(
        f"{area}.po: {msgid}" for area, msgid in gaps)


def test_translations_keep_the_placeholders_of_the_source():
    wrong = [(msgid, text) for msgid, text in i18n.load_catalog("zh_CN").items()
             if sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(text))]
    assert not wrong


def test_switching_language_translates_at_call_time():
    i18n.set_language("zh_CN")
    assert i18n._("Bank approved") == "银行授信"
    i18n.set_language("en")
    assert i18n._("Bank approved") == "Bank approved"


def test_listeners_hear_a_language_switch():
    heard = []
    i18n.on_language_changed(heard.append)
    i18n.set_language("zh_CN")
    assert heard[-1] == "zh_CN"


MEETING_DECIDED = ("Review meeting {code}, {date}: {n} case decided",
                   "Review meeting {code}, {date}: {n} cases decided")


def test_one_case_is_singular_two_are_plural_and_chinese_has_one_form():
    i18n.set_language("en")
    assert [i18n.ngettext(*MEETING_DECIDED, n).format(code="PS1", date="d", n=n) for n in (0, 1, 2)] == [
        "Review meeting PS1, d: 0 cases decided", "Review meeting PS1, d: 1 case decided",
        "Review meeting PS1, d: 2 cases decided"]
    i18n.set_language("zh_CN")
    assert {i18n.ngettext(*MEETING_DECIDED, n) for n in (1, 2)} == {"评审会 {code}，{date}：已评审 {n} 个案件"}
    i18n.set_language("en")


def test_the_catalog_tooling_extracts_plurals_and_reports_an_untranslated_one(tmp_path, monkeypatch):
    assert MEETING_DECIDED in catalog.extract()["ui.meetings"]
    source = tmp_path / "kjdesk" / "ui" / "odd.py"
    source.parent.mkdir(parents=True)
    source.write_text('from kjdesk.i18n import ngettext\nngettext("{n} odd thing", "{n} odd things", 2)\n')
    monkeypatch.setattr(catalog, "PACKAGE", tmp_path / "kjdesk")
    monkeypatch.setattr(catalog, "ROOT", tmp_path)
    monkeypatch.setattr(catalog, "ZH", tmp_path / "zh_CN")
    catalog.update(["ui"])
    assert catalog.missing() == [("ui", "{n} odd thing")]
    catalog.fill({"{n} odd thing": "{n} 件怪事"})
    assert catalog.missing() == []
