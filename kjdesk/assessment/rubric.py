"""Assessment rubrics as data: one TOML file per sheet and first year, in ``forms/``.

A rubric stays in force from its first assessment year until a rubric of the same sheet with a
later first year replaces it, so a new sheet is a new file and no new code. A file that is not
valid TOML, lacks a field, names an unknown rule or figure, or whose maxima do not add up to its
declared total is refused with a message naming the file and the item.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from kjdesk.domain.errors import DomainError
from kjdesk.i18n import _, current_language

FORMS_DIR = Path(__file__).resolve().parent.parent.parent / "forms"
SHEETS = ("station", "bank")


class RubricError(DomainError):
    """A rubric file that cannot be used; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Text:
    zh: str
    en: str

    def get(self, lang: str | None = None) -> str:
        return self.zh if (lang or current_language()) == "zh_CN" else self.en


@dataclass(frozen=True)
class Group:
    id: str
    max: Decimal
    name: Text


@dataclass(frozen=True)
class Item:
    id: str
    number: int          # 1-based position on the sheet
    max: Decimal
    name: Text
    short: Text
    criterion: Text
    rule: str
    params: dict
    group: str | None = None


@dataclass(frozen=True)
class Rubric:
    sheet: str
    first_year: int
    total: Decimal
    title: Text
    issued: Text
    items: tuple[Item, ...]
    groups: tuple[Group, ...] = ()
    path: Path | None = field(default=None, compare=False)

    @property
    def id(self) -> str:
        return f"{self.sheet}-{self.first_year}"

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)


def load_rubric(path: Path) -> Rubric:
    """Read and check one rubric file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise RubricError(_("rubric {file} is not valid TOML: {error}").format(file=path.name, error=exc)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RubricError(_("rubric {file} cannot be read: {error}").format(file=path.name, error=exc)) from None
    return _parse(data, path)


def _parse(data: dict, path: Path) -> Rubric:
    where = path.name
    sheet = _field(data, "sheet", str, where)
    if sheet not in SHEETS:
        raise RubricError(_("rubric {file}: sheet “{sheet}” is neither “station” nor “bank”").format(
            file=where, sheet=sheet))
    first_year = _field(data, "first_year", int, where)
    total = _number(_field(data, "total", (int, Decimal), where), "total", where)
    groups = tuple(Group(_field(g, "id", str, where), _number(_field(g, "max", (int, Decimal, str), where), "max", where),
                         _text(g, "name", where)) for g in _list(data, "groups", where, required=False))
    raw_items = _list(data, "items", where, required=True)
    items = tuple(_item(raw, n, sheet, where, {g.id for g in groups}) for n, raw in enumerate(raw_items, start=1))
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise RubricError(_("rubric {file}: item “{item}” appears twice").format(file=where, item=item.id))
        seen.add(item.id)
    maxima = sum((i.max for i in items), Decimal(0))
    if maxima != total:
        raise RubricError(_("rubric {file}: the item maxima add up to {sum}, not the declared total {total}").format(
            file=where, sum=maxima, total=total))
    for group in groups:
        in_group = sum((i.max for i in items if i.group == group.id), Decimal(0))
        if in_group != group.max:
            raise RubricError(_("rubric {file}: the items of group “{group}” add up to {sum}, not its maximum {max}")
                              .format(file=where, group=group.id, sum=in_group, max=group.max))
    return Rubric(sheet, first_year, total, _text(data, "title", where), _text(data, "issued", where, required=False),
                  items, groups, path)


def _item(raw, number: int, sheet: str, where: str, group_ids: set[str]) -> Item:
    from kjdesk.assessment.rules import check_rule

    if not isinstance(raw, dict):
        raise RubricError(_("rubric {file}: item {number} is not a table").format(file=where, number=number))
    item_id = _field(raw, "id", str, where)
    at = f"{where}, {item_id}"
    maximum = _number(_field(raw, "max", (int, Decimal, str), at), "max", at)
    if maximum <= 0:
        raise RubricError(_("rubric {file}: the maximum must be above 0").format(file=at))
    group = raw.get("group")
    if group is not None and group not in group_ids:
        raise RubricError(_("rubric {file}: unknown group “{group}”").format(file=at, group=group))
    rule = _field(raw, "rule", str, at)
    params = raw.get("params", {})
    if not isinstance(params, dict):
        raise RubricError(_("rubric {file}: “params” must be a table").format(file=at))
    problem = check_rule(sheet, rule, params)
    if problem:
        raise RubricError(_("rubric {file}: {problem}").format(file=at, problem=problem))
    name = _text(raw, "name", at)
    short = _text(raw, "short", at, required=False) or name
    return Item(item_id, number, maximum, name, short, _text(raw, "criterion", at), rule, params, group)


def _field(data: dict, key: str, kinds, where: str):
    if key not in data:
        raise RubricError(_("rubric {file}: “{key}” is missing").format(file=where, key=key))
    value = data[key]
    if not isinstance(value, kinds) or isinstance(value, bool):
        raise RubricError(_("rubric {file}: “{key}” has the wrong type ({value})").format(
            file=where, key=key, value=value))
    return value


def _number(value, key: str, where: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        number = None
    if number is None or not number.is_finite():
        raise RubricError(_("rubric {file}: “{key}” is not a number ({value})").format(file=where, key=key, value=value))
    return number


def _list(data: dict, key: str, where: str, *, required: bool) -> list:
    value = data.get(key)
    if value is None and not required:
        return []
    if not isinstance(value, list) or not value:
        raise RubricError(_("rubric {file}: “{key}” must be a non-empty list of tables ([[{key}]])").format(
            file=where, key=key))
    return value


def _text(data: dict, key: str, where: str, *, required: bool = True) -> Text | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, dict) or not all(isinstance(value.get(k), str) and value.get(k).strip()
                                              for k in ("zh", "en")):
        raise RubricError(_("rubric {file}: “{key}” needs a Chinese and an English text ({key}.zh, {key}.en)").format(
            file=where, key=key))
    return Text(value["zh"], value["en"])


def load_rubrics(forms_dir: Path | None = None) -> list[Rubric]:
    """Every rubric in the folder, checked; two files for the same sheet and first year are refused."""
    folder = Path(forms_dir or FORMS_DIR)
    rubrics = [load_rubric(p) for p in sorted(folder.glob("*.toml"))]
    seen: dict[tuple[str, int], Path] = {}
    for r in rubrics:
        key = (r.sheet, r.first_year)
        if key in seen:
            raise RubricError(_("rubrics {first} and {second} are both the {sheet} sheet from {year}").format(
                first=seen[key].name, second=r.path.name, sheet=r.sheet, year=r.first_year))
        seen[key] = r.path
    return rubrics


def rubric_for(sheet: str, year: int, forms_dir: Path | None = None) -> Rubric:
    """The rubric in force for ``year``: the one with the latest first year not after it."""
    candidates = [r for r in load_rubrics(forms_dir) if r.sheet == sheet and r.first_year <= year]
    if not candidates:
        raise RubricError(_("no {sheet} rubric is in force for {year} (see the files in {folder})").format(
            sheet=sheet, year=year, folder=Path(forms_dir or FORMS_DIR)))
    return max(candidates, key=lambda r: r.first_year)
