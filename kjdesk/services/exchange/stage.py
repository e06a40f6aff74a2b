"""Checking the keyed sheets row by row into plans: rows to add and rows to update, by key.

References to other rows are kept as ``Ref(table, code)`` and turned into ids only when written,
because the row they name may be added by the same workbook. A reference is good when the code is
in the database or among the sheet's keys in this workbook.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, NamedTuple

from kjdesk.domain.creditcode import credit_code_problem
from kjdesk.domain.path import OPEN_PATH, STEP_NAMES, ProductPath, StepRule
from kjdesk.domain.reference import STATION_STATUSES
from kjdesk.i18n import _
from kjdesk.services.exchange.cells import CellProblem
from kjdesk.services.exchange.known import QUALIFICATION_KEYS, Known, lookup
from kjdesk.services.exchange.known import _key as _lookup_key
from kjdesk.services.exchange.reader import ABSENT, BAD, Problems, Workbook
from kjdesk.services.exchange.sheets import SHEET_BY_NAME


class Ref(NamedTuple):
    """A row named by its code; a tuple, as there may be a few hundred thousand of them."""
    table: str  # attribute of Known: stations, banks, …
    code: str


@dataclass
class Plan:
    """What one keyed sheet will write: new rows (key → fields) and updates (id → fields)."""
    sheet: str
    new: dict[str, dict] = field(default_factory=dict)
    changed: dict[int, dict] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)  # key → row number


class Stager:
    """Checks sheets in dependency order, so that a reference sees the keys of earlier sheets."""

    def __init__(self, book: Workbook, known: Known, problems: Problems):
        self.book, self.known, self.problems = book, known, problems
        self.warnings = Problems()  # allowed, but told after the import (an approval above its recommendation)
        self.plans: dict[str, Plan] = {}
        self.keys: dict[str, set[str]] = {}  # Known table name → codes the workbook adds or updates

    def exists(self, table: str, code: str) -> bool:
        return code in self.known.ids(table) or code in self.keys.get(table, ())

    def ref(self, table: str, sheet: str, row: int, column: str, code, what: str) -> Ref | None:
        """A reference to ``table`` by ``code``; a problem (and None) if no such row exists."""
        if code is None or code is ABSENT:
            return None
        if not self.exists(table, code):
            self.problems.add(sheet, row, column, code, _("unknown {what}; it is neither in the database nor in "
                                                          "the workbook").format(what=what))
            return None
        return Ref(table, code)

    def keyed(self, name: str, table: str, convert: Callable, *, key_of: Callable = str) -> Plan:
        """Check a sheet whose first column is its key; ``convert(row, cells, new)`` gives the fields."""
        sheet = SHEET_BY_NAME[name]
        plan = self.plans[name] = Plan(name)
        self.keys[table] = keys = set()
        if not self.book.has(name):
            return plan
        present, rows = self.book.rows(sheet, self.problems)
        key_column = sheet.columns[0].name
        if key_column not in present:
            self.problems.add(name, None, key_column, "", _("the sheet needs the column {column}").format(
                column=key_column))
            return plan
        existing = self.known.ids(table)
        lacking = [c.name for c in sheet.columns if c.required and c.name not in present]
        required = [(i, c.name) for i, c in enumerate(sheet.columns) if c.required and c.name in present]
        told_lacking = False
        for row, cells in rows:
            if cells[0] is BAD:
                continue
            if cells[0] is None:
                self.problems.add(name, row, key_column, "", _("the key {column} is blank").format(column=key_column))
                continue
            try:
                key = key_of(cells[0])
            except CellProblem as exc:
                self.problems.add(name, row, key_column, cells[0], str(exc))
                continue
            if key in plan.rows:
                self.problems.add(name, row, key_column, key, _("the same {column} is on row {other}").format(
                    column=key_column, other=plan.rows[key]))
                continue
            plan.rows[key] = row
            keys.add(key)
            for i, column in required:
                if cells[i] is None:
                    self.problems.add(name, row, column, "", _("{column} is required").format(column=column))
            is_new = key not in existing
            if is_new and lacking and not told_lacking:
                told_lacking = True
                self.problems.add(name, row, ", ".join(lacking), "", _(
                    "the sheet lacks {columns}, which a new row needs (this row and any other new one)").format(
                    columns=", ".join(lacking)))
            # A cell already reported is blank from here on: one problem, not a cascade of them.
            fields = convert(row, [None if v is BAD else v for v in cells], is_new)
            if is_new:
                plan.new[key] = fields
            else:
                plan.changed[existing[key]] = fields
        return plan

    def products(self) -> list[dict]:
        """The products sheet (keyed by code, the table's own key): rows to add or update, with the
        columns the sheet has (a column it lacks keeps the stored value)."""
        name, sheet = "products", SHEET_BY_NAME["products"]
        if not self.book.has(name):
            return []
        present, rows = self.book.rows(sheet, self.problems)
        if "code" not in present or "name_zh" not in present:
            self.problems.add(name, None, "code, name_zh", "", _("the sheet needs the columns code and name_zh"))
            return []
        found: dict[str, int] = {}
        out = []
        for row, cells in rows:
            code, name_zh, name_en, *steps, premium_rate = cells
            if BAD in cells:
                continue
            if code is None or name_zh is None:
                self.problems.add(name, row, "code" if code is None else "name_zh", "", _("required"))
                continue
            if code in found:
                self.problems.add(name, row, "code", code, _("the same code is on row {other}").format(other=found[code]))
                continue
            found[code] = row
            fields = _fields(code=code, name_zh=name_zh, name_en=_text(name_en), premium_rate=premium_rate)
            for step, rule in zip(STEP_NAMES, steps):
                if rule is ABSENT:
                    continue
                rule = (rule or StepRule.OPTIONAL.value).lower()
                if rule not in {r.value for r in StepRule}:
                    self.problems.add(name, row, step, rule, _("write required, optional or none"))
                fields[step] = rule
            out.append(fields)
            for text in (code, name_zh, name_en):
                if text and text is not ABSENT:
                    self.known.products.setdefault(_lookup_key(text), code)
            stored = self.known.paths.get(code, OPEN_PATH)
            try:
                self.known.paths[code] = ProductPath.of(*(fields.get(step, stored.rule(i).value)
                                                          for i, step in enumerate(STEP_NAMES, start=1)))
            except ValueError:
                pass  # the bad rule is reported above
        return out

    # --- one converter per keyed sheet: cells in the sheet's column order → model fields ---

    def stations(self, row, c, is_new):
        code, name_zh, name_en, host_org, district, established, status = c
        f = _fields(code=code, name_zh=name_zh, name_en=_text(name_en), host_org=_text(host_org),
                    established=established)
        if district is not ABSENT:
            f["district_code"] = self._district(row, "stations", district, required=False)
        if status is not ABSENT:
            if status is not None and status not in STATION_STATUSES:
                self.problems.add("stations", row, "status", status, _("write active or revoked"))
            f["status"] = status or "active"
        return f

    def specialists(self, row, c, is_new):
        code, name, station_code, phone = c
        f = _fields(code=code, name=name, phone=_text(phone))
        if station_code is not ABSENT:
            f["station_id"] = self.ref("stations", "specialists", row, "station_code", station_code, _("station"))
        return f

    def users(self, row, c, is_new):
        from kjdesk.services.users import ROLES, STATION_ROLES

        name, role, station_code, active = c
        f = _fields(name=name, role=role, active=True if active is None else active)
        if role not in (ABSENT, None) and role not in ROLES:
            self.problems.add("users", row, "role", role, _("write one of: {roles}").format(roles=", ".join(ROLES)))
        elif role in STATION_ROLES and station_code in (None, ABSENT):
            self.problems.add("users", row, "station_code", "", _("a specialist or station head needs a station"))
        if station_code is not ABSENT:
            f["station_id"] = self.ref("stations", "users", row, "station_code", station_code, _("station"))
        return f

    def banks(self, row, c, is_new):
        code, name_zh, name_en, first_year, partner = c
        if first_year not in (None, ABSENT) and not 1990 <= first_year <= 2100:
            self.problems.add("banks", row, "first_year", first_year, _("not a year"))
        return _fields(code=code, name_zh=name_zh, name_en=_text(name_en), first_year=first_year,
                       microloan_partner=_flag(partner))

    def enterprises(self, row, c, is_new):
        credit_code, name, district, park, founded, qualifications = c
        f = _fields(credit_code=credit_code, name=name, park=_text(park), founded=founded)
        if district is not ABSENT:
            f["district_code"] = self._district(row, "enterprises", district, required=True)
        if qualifications is not ABSENT:
            f["qualifications"] = self._qualifications(row, qualifications)
        return f

    def review_meetings(self, row, c, is_new):
        code, date, members, minutes = c
        return _fields(code=code, date=date, members=_text(members), minutes=_text(minutes))

    def applications(self, row, c, is_new):
        ref, credit_code, product, station_code, specialist_code, requested, first_loan = c
        f = _fields(ref=ref, requested_fen=requested, first_bank_loan=_flag(first_loan))
        if credit_code not in (None, ABSENT):
            f["enterprise_id"] = self.ref("enterprises", "applications", row, "credit_code",
                                          _credit_key(credit_code, self.problems, "applications", row), _("enterprise"))
        if product not in (None, ABSENT):
            f["product_code"] = self._product(row, product)
        if station_code is not ABSENT:
            f["station_id"] = self.ref("stations", "applications", row, "station_code", station_code, _("station"))
        if specialist_code is not ABSENT:
            f["specialist_id"] = self.ref("specialists", "applications", row, "specialist_code", specialist_code,
                                          _("specialist"))
        return f

    def _district(self, row, sheet, text, required):
        if text is None:
            return None
        code = lookup(self.known.districts, text)
        if code is None:
            self.problems.add(sheet, row, "district", text, _("unknown district; write one of the 16 districts by "
                                                              "its Chinese or English name"))
        return code

    def _product(self, row, text):
        code = lookup(self.known.products, text)
        if code is None:
            self.problems.add("applications", row, "product", text, _("unknown product; the products are {codes}").format(
                codes=", ".join(sorted(set(self.known.products.values())))))
        return code

    def _qualifications(self, row, text):
        if text is None:
            return ""
        codes = set()
        for part in text.replace("，", ",").replace("、", ",").replace(";", ",").split(","):
            if not part.strip():
                continue
            code = lookup(QUALIFICATION_KEYS, part)
            if code is None:
                self.problems.add("enterprises", row, "qualifications", part.strip(), _(
                    "unknown qualification; write high_tech, little_giant, little_giant_candidate, specialized_new "
                    "or tech_sme"))
            else:
                codes.add(code)
        return ",".join(sorted(codes))


def credit_key(value) -> str:
    """A credit code as a key: upper case, checked."""
    code = str(value).strip().upper()
    problem = credit_code_problem(code)
    if problem:
        raise CellProblem(problem)
    return code


def _credit_key(value, problems: Problems, sheet: str, row: int) -> str | None:
    try:
        return credit_key(value)
    except CellProblem as exc:
        problems.add(sheet, row, "credit_code", value, str(exc))
        return None


def _fields(**values) -> dict:
    """The fields of the columns the sheet has (ABSENT ones are left out: an update keeps them)."""
    return {k: v for k, v in values.items() if v is not ABSENT}


def _text(value):
    return value if value is ABSENT else (value or "")


def _flag(value):
    return value if value is ABSENT else bool(value)
