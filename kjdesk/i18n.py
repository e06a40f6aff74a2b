"""The one translation catalog for the UI, the PDFs and the CLI.

Source strings are English. Chinese lives in ``i18n/zh_CN/*.po`` at the project's root (one file
per area of the program, merged at load). ``_`` translates at call time into the current language,
so a live language switch only needs the caller to ask again; ``N_`` marks a string for the
catalog without translating it (for labels defined at import time); ``ngettext`` picks the form
for a count ("1 case" / "2 cases"; Chinese has one form).
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

CATALOG_DIR = Path(__file__).resolve().parent.parent / "i18n"
LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"

_lock = threading.Lock()
_catalogs: dict[str, dict[str, str]] = {}
_plurals: dict[str, dict[str, tuple[str, ...]]] = {}   # lang → singular msgid → the forms
# Which plural form a count takes, per language (gettext's "plural=" expression); English's by default.
_PLURAL_FORM: dict[str, Callable[[int], int]] = {"zh_CN": lambda n: 0}
_current = DEFAULT_LANGUAGE
_listeners: list[Callable[[str], None]] = []


def load_catalog(lang: str) -> dict[str, str]:
    """msgid → msgstr for ``lang`` (empty for English, the source language)."""
    with _lock:
        if lang not in _catalogs:
            _catalogs[lang], _plurals[lang] = _read_catalog(lang)
        return _catalogs[lang]


def _read_catalog(lang: str) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    folder = CATALOG_DIR / lang
    if lang == "en" or not folder.is_dir():
        return {}, {}
    from babel.messages.pofile import read_po

    table: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    for po in sorted(folder.glob("*.po")):
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        for message in catalog:
            if not message.id or not message.string or message.fuzzy:
                continue
            if isinstance(message.id, str):
                table[message.id] = message.string
            elif all(message.string):
                plurals[message.id[0]] = tuple(message.string)
    return table, plurals


def set_language(lang: str) -> None:
    """Switch the current language and tell every listener."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    load_catalog(lang)
    _current = lang
    for listener in list(_listeners):
        listener(lang)


def current_language() -> str:
    return _current


def on_language_changed(listener: Callable[[str], None]) -> None:
    _listeners.append(listener)


def translate(text: str, lang: str | None = None) -> str:
    catalog = load_catalog(lang or _current)
    return catalog.get(text, text)


def _(text: str) -> str:
    """Translate ``text`` into the current language."""
    return translate(text)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` for the count ``n`` in the current language."""
    load_catalog(_current)
    forms = _plurals.get(_current, {}).get(singular) or (singular, plural)
    index = _PLURAL_FORM.get(_current, lambda k: int(k != 1))(n) if forms[1:] else 0
    return forms[min(index, len(forms) - 1)]


def N_(text: str) -> str:
    """Mark ``text`` for the catalog; translate it later with ``_``."""
    return text


_BABEL_LOCALES = {"zh_CN": "zh_CN", "en": "en_US"}


def day(value) -> str:
    """A date inside a message, the way the lists show it: 2018年3月31日, Mar 31, 2018 (Babel)."""
    if value is None:
        return "…"
    from babel.dates import format_date

    return format_date(value, format="medium", locale=_BABEL_LOCALES.get(_current, "en_US"))
