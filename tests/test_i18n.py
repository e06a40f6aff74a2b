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
