"""Writing a checked workbook: bulk inserts and updates through SQLAlchemy Core, in the import's
one transaction, in the order that lets each table find the ids of the rows it names.

Rows go in as executemany batches of plain dicts (no ORM objects): 200,000 applications and a
million events are written in seconds and without holding them all in memory as dicts at once.
"""
from __future__ import annotations

import datetime as dt
from itertools import chain, islice
from typing import Iterable

from sqlalchemy import bindparam, delete, select, update

from kjdesk.db import models as m
from kjdesk.services.exchange.known import Known
from kjdesk.services.exchange.stage import Plan, Ref

BATCH = 20_000

# What a new row gets for a column its sheet does not have.
DEFAULTS = {
    "stations": dict(name_en="", host_org="", district_code=None, established=None, status="active"),
    "specialists": dict(phone=""),
    "users": dict(station_id=None, active=True),
    "banks": dict(name_en="", first_year=None, microloan_partner=False),
    "enterprises": dict(park="", founded=None, qualifications=""),
    "meetings": dict(members="", minutes=""),
    "applications": dict(station_id=None, specialist_id=None, requested_fen=None, first_bank_loan=False),
    "subsidies": dict(station_id=None, policy_no="", insurer="", premium_fen=None, policy_start=None,
                      subsidy_fen=None, application_id=None, insured_fen=None, class_code=None, batch="",
                      approved_fen=None, reason=""),
}
MODELS = {"stations": m.Station, "specialists": m.Specialist, "banks": m.Bank, "enterprises": m.Enterprise,
          "meetings": m.ReviewMeeting, "applications": m.Application, "subsidies": m.SubsidyCase, "users": m.User}
KEY_FIELD = {"enterprises": "credit_code", "applications": "ref", "subsidies": "ref", "users": "name"}


class Writer:
    def __init__(self, session, known: Known):
        self.session, self.known = session, known
        self.conn = session.connection()

    def resolve(self, fields: dict) -> dict:
        """The fields with every Ref turned into the id of the row it names."""
        out = {}
        for key, value in fields.items():
            out[key] = self.known.ids(value.table)[value.code] if isinstance(value, Ref) else value
        return out

    def insert(self, model, rows: Iterable[dict]) -> int:
        table, count, rows = model.__table__, 0, iter(rows)
        while batch := list(islice(rows, BATCH)):
            self.conn.execute(table.insert(), batch)
            count += len(batch)
        return count

    def insert_rows(self, model, rows: Iterable[dict]) -> int:
        """Insert the dicts of a keyed sheet (every dict with the same keys) as tuples through the
        driver; these tables hold text, integers, booleans and dates only."""
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return 0
        columns = tuple(first)

        def plain(row: dict) -> tuple:
            return tuple(v.isoformat() if isinstance(v, dt.date) else int(v) if isinstance(v, bool) else v
                         for v in (row[c] for c in columns))

        return self.insert_plain(model.__tablename__, columns, map(plain, chain((first,), rows)))

    def insert_plain(self, table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> int:
        """Insert tuples straight through the driver: for the million events, SQLAlchemy's own
        handling of each row's parameters costs more than SQLite's insert. Dates come as ISO text,
        the form SQLAlchemy's Date stores on SQLite (and PostgreSQL reads)."""
        if self.conn.dialect.name == "postgresql":
            return self._copy(table, columns, rows)
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        count, rows = 0, iter(rows)
        while batch := list(islice(rows, BATCH)):
            self.conn.exec_driver_sql(sql, batch)
            count += len(batch)
        return count

    def _copy(self, table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> int:
        """PostgreSQL's fastest way in, COPY, in the import's transaction; it reads ISO dates and
        1/0 flags as their columns' types."""
        count = 0
        with self.conn.connection.cursor() as cursor:
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        return count

    def update(self, model, changes: Iterable[tuple[int, dict]]) -> int:
        """Update rows by id; rows changing the same columns go in one executemany."""
        groups: dict[tuple, list[dict]] = {}
        for row_id, fields in changes:
            if fields:
                groups.setdefault(tuple(sorted(fields)), []).append({"_id": row_id, **fields})
        table, count = model.__table__, 0
        for columns, rows in groups.items():
            stmt = (update(table).where(table.c.id == bindparam("_id"))
                    .values({c: bindparam(c) for c in columns}))
            for start in range(0, len(rows), BATCH):
                self.conn.execute(stmt, rows[start:start + BATCH])
            count += len(rows)
        return count

    def plan(self, table: str, plan: Plan, extra_new: dict | None = None,
             new_fields=None, changed_fields=None) -> tuple[int, int]:
        """Write a keyed sheet's plan; then the new rows' ids are known. (added, updated)"""
        model, defaults = MODELS[table], DEFAULTS[table]
        key_field = KEY_FIELD.get(table, "code")
        new_items = list(plan.new.items()) + list((extra_new or {}).items())
        added = self.insert_rows(model, ({**defaults, **self.resolve(fields), **(new_fields(key) if new_fields else {})}
                                         for key, fields in new_items))
        updated = self.update(model, ((row_id, {**self.resolve({k: v for k, v in fields.items() if k != key_field}),
                                                **(changed_fields(row_id) if changed_fields else {})})
                                      for row_id, fields in plan.changed.items()))
        if added:
            self.refresh(table)
        return added, updated

    def refresh(self, table: str) -> None:
        model = MODELS[table]
        key = getattr(model, KEY_FIELD.get(table, "code"))
        setattr(self.known, table, dict(self.conn.execute(select(key, model.id)).all()))

    def delete_events(self, app_ids: list[int]) -> None:
        for start in range(0, len(app_ids), 500):
            self.conn.execute(delete(m.Event).where(m.Event.application_id.in_(app_ids[start:start + 500])))


def upsert_products(writer: Writer, rows: list[dict]) -> tuple[int, int]:
    """Products are keyed by their code (no id): insert or update each with the columns it has."""
    table = m.Product.__table__
    stored = {r.code: r._asdict() for r in writer.conn.execute(select(table))}
    added = updated = 0
    for row in rows:
        old = stored.get(row["code"])
        if old is None:
            writer.conn.execute(table.insert(), [{**_NEW_PRODUCT, **row}])
            added += 1
        elif any(old[k] != v for k, v in row.items()):
            changes = {k: v for k, v in row.items() if k != "code"}
            writer.conn.execute(table.update().where(table.c.code == row["code"]).values(changes))
            updated += 1
    return added, updated


_NEW_PRODUCT = dict(name_en="", preliminary_review="optional", site_visit="optional", review_meeting="optional",
                    premium_rate=None)
