"""The subsidy_programs sheet: programs keyed by code, their terms checked by the domain, and the
eligible classes written ``code:中文名:English name``."""
from __future__ import annotations

from sqlalchemy import select

from kjdesk.db import models as m
from kjdesk.domain.errors import DomainError
from kjdesk.domain.subsidy import BASES, ProgramClass, check_program
from kjdesk.i18n import _
from kjdesk.services.exchange.known import QUALIFICATION_KEYS, lookup
from kjdesk.services.exchange.known import _key as lookup_key
from kjdesk.services.exchange.reader import ABSENT, BAD
from kjdesk.services.exchange.sheets import SHEET_BY_NAME
from kjdesk.services.subsidy_programs import as_program, classes_from_text, classes_to_text

NAME = "subsidy_programs"
_FIELDS = ("name_zh", "name_en", "base", "rate", "cap_fen", "opens", "closes", "budget_fen", "qualifications",
           "product_code", "classes", "automatic", "premium_rate", "reviewer", "eligibility")


def classes_text(stored: str) -> str:
    """The stored classes as the sheet writes them."""
    return ", ".join(f"{c.code}:{c.name_zh}:{c.name_en}" for c in classes_from_text(stored))


def _classes(text: str, add) -> tuple[ProgramClass, ...]:
    out = []
    for part in text.replace("，", ",").split(","):
        if not part.strip():
            continue
        code, zh, en = (p.strip() for p in (part.replace("：", ":").split(":", 2) + ["", ""])[:3])
        if not code or " " in code:
            add("classes", part.strip(), _("a class is code:中文名:English name, its code without spaces"))
            continue
        out.append(ProgramClass(code, zh or code, en or zh or code))
    return tuple(out)


def stage_programs(stager, session) -> list[dict]:
    """Rows of the sheet to add or update (full rows: the stored values fill the absent columns);
    the programs become known to the subsidies sheet."""
    if not stager.book.has(NAME):
        return []
    problems = stager.problems
    sheet = SHEET_BY_NAME[NAME]
    present, rows = stager.book.rows(sheet, problems)
    lacking = [c.name for c in sheet.columns if c.required and c.name not in present]
    stored = {p.code: p for p in session.scalars(select(m.SubsidyProgram))}
    seen: dict[str, int] = {}
    out = []
    for row, cells in rows:
        if BAD in cells:
            continue
        (code, name_zh, name_en, base, rate, cap, opens, closes, budget, quals, product, classes, automatic,
         premium_rate, reviewer, eligibility) = cells

        before = len(problems)

        def add(column, value, reason, row=row):
            problems.add(NAME, row, column, value, reason)

        if code is None or code is ABSENT:
            add("code", "", _("the key code is blank"))
            continue
        if code in seen:
            add("code", code, _("the same code is on row {other}").format(other=seen[code]))
            continue
        seen[code] = row
        old = stored.get(code)
        if old is None and lacking:
            add(", ".join(lacking), "", _("a new program needs {columns}").format(columns=", ".join(lacking)))
            continue
        f = {k: getattr(old, k) for k in _FIELDS} if old is not None else dict(
            name_en="", cap_fen=None, opens=None, closes=None, budget_fen=None, qualifications="", product_code=None,
            classes="[]", automatic=False, premium_rate=None, reviewer="", eligibility="")
        given = dict(name_zh=name_zh, name_en=name_en, rate=rate, cap_fen=cap, opens=opens, closes=closes,
                     budget_fen=budget, automatic=automatic, premium_rate=premium_rate, reviewer=reviewer,
                     eligibility=eligibility)
        for key, value in given.items():
            if value is not ABSENT:
                f[key] = ("" if key in ("name_en", "reviewer", "eligibility") else None) if value is None else value
        f["automatic"] = bool(f["automatic"])
        for column in ("name_zh", "base", "rate"):
            if cells[sheet.column_names.index(column)] is None:
                add(column, "", _("{column} is required").format(column=column))
        if base not in (None, ABSENT):
            if base not in BASES:
                add("base", base, _("write premium, loss or spend"))
            f["base"] = base
        if quals not in (None, ABSENT):
            codes = set()
            for part in quals.replace("，", ",").replace("、", ",").split(","):
                if part.strip():
                    q = lookup(QUALIFICATION_KEYS, part)
                    if q is None:
                        add("qualifications", part.strip(), _("unknown qualification; write high_tech, little_giant, "
                                                              "little_giant_candidate, specialized_new or tech_sme"))
                    codes.add(q)
            f["qualifications"] = ",".join(sorted(c for c in codes if c))
        elif quals is None:
            f["qualifications"] = ""
        if product is not ABSENT:
            f["product_code"] = None
            if product is not None:
                f["product_code"] = lookup(stager.known.products, product)
                if f["product_code"] is None:
                    add("product", product, _("unknown product; the products are {codes}").format(
                        codes=", ".join(sorted(set(stager.known.products.values())))))
        if classes is not ABSENT:
            f["classes"] = classes_to_text(_classes(classes or "", add))
        if None in (f.get("name_zh"), f.get("base"), f.get("rate")) or len(problems) > before:
            continue
        terms = as_program(m.SubsidyProgram(code=code, **f))
        try:
            check_program(terms)
        except DomainError as exc:
            add("code", code, exc.message)
            continue
        out.append(dict(code=code, **f))
        stager.known.programs[code] = terms
        for text in (code, f["name_zh"], f["name_en"]):
            if text:
                stager.known.program_keys.setdefault(lookup_key(text), code)
    return out


def write_programs(writer, rows: list[dict]) -> tuple[int, int]:
    return upsert_by_code(writer, m.SubsidyProgram.__table__, rows)


def upsert_by_code(writer, table, rows: list[dict]) -> tuple[int, int]:
    """Rows keyed by their code: insert the new ones, update those that differ. (added, updated)"""
    stored = {r["code"]: dict(r) for r in writer.conn.execute(select(table)).mappings()}
    added = [r for r in rows if r["code"] not in stored]
    changed = [r for r in rows if r["code"] in stored and stored[r["code"]] != r]
    if added:
        writer.conn.execute(table.insert(), added)
    for r in changed:
        writer.conn.execute(table.update().where(table.c.code == r["code"]).values(**r))
    return len(added), len(changed)
