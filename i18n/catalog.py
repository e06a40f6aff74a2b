"""Catalog tooling: keep i18n/zh_CN/*.po in step with the strings in the source.

    python i18n/catalog.py update [AREA …]
                                    add new strings (empty, to translate), drop obsolete ones;
                                    with AREAs (e.g. ui services.exchange) only those files
    python i18n/catalog.py check    list strings without a zh_CN translation (exit 1 if any)
    python i18n/catalog.py fill < translations.json
                                    set msgstr for each {"msgid": "中文"} in every file that has it

Strings are those passed to ``_("…")``, ``N_("…")`` or ``ngettext("…", "…", n)`` (a plural: its
msgid is the singular; Chinese has one form, filled like any other string). Each folder of the
package has its own .po file (``kjdesk/ui/`` → ``ui.po``, ``kjdesk/services/exchange/`` →
``services.exchange.po``, the package's own modules → ``core.po``), so work in different areas
never edits the same file.
"""
from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kjdesk"
ZH = ROOT / "i18n" / "zh_CN"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def area_of(source: Path) -> str:
    parts = source.relative_to(PACKAGE).parent.parts
    return ".".join(parts) if parts else "core"


def extract() -> dict[str, dict[str | tuple[str, str], list[tuple[str, int]]]]:
    """area → msgid (a (singular, plural) pair for a plural) → [(file, line)] for every translatable string."""
    found: dict[str, dict] = defaultdict(lambda: defaultdict(list))
    for source in sorted(PACKAGE.rglob("*.py")):
        for lineno, message, _comments, _context in extract_from_file("python", str(source), keywords=KEYWORDS):
            if isinstance(message, tuple) and len(message) == 2 and all(message):
                message = tuple(message)
            elif not (isinstance(message, str) and message):
                continue
            found[area_of(source)][message].append((str(source.relative_to(ROOT)), lineno))
    return found


def _translated(entry) -> bool:
    return entry is not None and (all(entry.string) if isinstance(entry.string, (tuple, list)) else bool(entry.string))


def read(area: str) -> Catalog:
    path = ZH / f"{area}.po"
    if not path.exists():
        return Catalog(locale="zh_CN", project="kjdesk")
    with path.open("rb") as fh:
        return read_po(fh, locale="zh_CN")


def update(areas: list[str]) -> None:
    ZH.mkdir(parents=True, exist_ok=True)
    found = extract()
    for area, messages in found.items():
        if areas and not any(area == a or area.startswith(a + ".") for a in areas):
            continue
        old = read(area)
        new = Catalog(locale="zh_CN", project="kjdesk", creation_date=old.creation_date)
        for msgid, locations in sorted(messages.items(), key=lambda item: str(item[0])):
            previous = old.get(msgid)
            empty = ("",) * new.num_plurals if isinstance(msgid, tuple) else ""
            new.add(msgid, previous.string if previous and isinstance(previous.id, type(msgid)) else empty,
                    locations=locations)
        with (ZH / f"{area}.po").open("wb") as fh:
            write_po(fh, new, width=0, omit_header=False, sort_output=True)
    for stale in ZH.glob("*.po"):
        if not areas and stale.stem not in found:
            stale.unlink()


def missing() -> list[tuple[str, str]]:
    """(area, msgid) of every source string without a zh_CN translation in its area's file."""
    result = []
    for area, messages in extract().items():
        catalog = read(area)
        for msgid in messages:
            if not _translated(catalog.get(msgid)):
                result.append((area, msgid if isinstance(msgid, str) else msgid[0]))
    return result


def fill(translations: dict[str, str]) -> None:
    for path in sorted(ZH.glob("*.po")):
        catalog = read(path.stem)
        changed = False
        for msgid, text in translations.items():
            entry = catalog.get(msgid)
            if entry is not None and isinstance(entry.id, tuple):   # a plural: one form per the locale's count
                text = (text,) * catalog.num_plurals
            if entry is not None and entry.string != text:
                entry.string, changed = text, True
                entry.flags.discard("fuzzy")
        if changed:
            with path.open("wb") as fh:
                write_po(fh, catalog, width=0, sort_output=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["update"]:
        update(sys.argv[2:])
    elif sys.argv[1:] == ["check"]:
        gaps = missing()
        for area, msgid in gaps:
            print(f"{area}.po: {msgid}")
        sys.exit(1 if gaps else 0)
    elif sys.argv[1:] == ["fill"]:
        import json

        fill(json.load(sys.stdin))
    else:
        sys.exit(__doc__)
