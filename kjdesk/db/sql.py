"""Text matching that means the same on SQLite and PostgreSQL, each written the way its indexes serve.

``starts_with``: case-sensitive, from the start (credit codes, references). SQLite answers GLOB from
a unique index (its LIKE ignores case and so cannot use one); PostgreSQL answers LIKE 'abc%'.
``contains``: anywhere, ignoring the case of Latin letters, as SQLite's LIKE does; on PostgreSQL
that is ILIKE. In both the text is taken literally (its own % _ * ? [ are not wildcards).
"""
from __future__ import annotations

from sqlalchemy import Boolean
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _glob_escaped(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


class _Match(ColumnElement):
    type = Boolean()
    inherit_cache = False  # the text is part of the construct; each statement compiles anew

    def __init__(self, column, text: str):
        self.column, self.text = column, text


class starts_with(_Match):
    inherit_cache = False


class contains(_Match):
    inherit_cache = False


@compiles(starts_with, "sqlite")
def _starts_with_sqlite(element, compiler, **kw):
    return compiler.process(element.column.op("GLOB")(_glob_escaped(element.text) + "*"), **kw)


@compiles(starts_with)
def _starts_with(element, compiler, **kw):
    return compiler.process(element.column.like(_like_escaped(element.text) + "%", escape="\\"), **kw)


@compiles(contains, "sqlite")
def _contains_sqlite(element, compiler, **kw):
    return compiler.process(element.column.like(f"%{_like_escaped(element.text)}%", escape="\\"), **kw)


@compiles(contains)
def _contains(element, compiler, **kw):
    return compiler.process(element.column.ilike(f"%{_like_escaped(element.text)}%", escape="\\"), **kw)
