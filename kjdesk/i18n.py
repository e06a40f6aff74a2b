"""The one translation catalog for the UI, the PDFs and the CLI.

Source strings are English. Chinese lives in ``i18n/zh_CN/*.po`` at the project's root (one file
per area of the program, merged at load). ``_`` translates at call time into the current language,
so a live language switch only needs the caller to ask again; ``N_`` marks a string for the
catalog without translating it (for labels defined at import time).
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
_current = DEFAULT_LANGUAGE
_listeners: list[Callable[[str], None]] = []


def load_catalog(lang: str) -> dict[str, str]:
    """msgid → msgstr for ``lang`` (empty for English, the source language)."""
    with _lock:
        if lang not in _catalogs:
            _catalogs[lang] = _read_catalog(lang)
        return _catalogs[lang]


def _read_catalog(lang: str) -> dict[str, str]:
    folder = CATALOG_DIR / lang
    if lang == "en" or not folder.is_dir():
        return {}
    from babel.messages.pofile import read_po

    table: dict[str, str] = {}
    for po in sorted(folder.glob("*.po")):
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        for message in catalog:
            if message.id and isinstance(message.id, str) and message.string and not message.fuzzy:
                table[message.id] = message.string
    return table


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


def N_(text: str) -> str:
    """Mark ``text`` for the catalog; translate it later with ``_``."""
    return text
