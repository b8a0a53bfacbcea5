"""Ids in SQL: any number of them bound as one value (``among``, ``ids_sql``), or in
chunks for ``IN`` lists (``chunks``). Used by every read that takes a set of ids."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TypeVar

from sqlalchemy import ARRAY, Integer, any_, bindparam, func, select
from sqlalchemy.engine import Connection

T = TypeVar("T", int, str)
CHUNK = 500  # ids per IN list: well under every backend's parameter limit


def chunks(ids: Iterable[T]) -> Iterator[list[T]]:
    """Sorted distinct ids (or keys) in lists of at most ``CHUNK``, for ``IN`` lists."""
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def among(conn: Connection, column, ids: Iterable[int]):
    """``column IN ids`` with all the ids bound as ONE value, however many: a JSON array
    read by ``json_each`` on SQLite, an array (``= ANY``) on PostgreSQL. No variable limit
    (SQLite allows 32,766 per statement), and one cached statement for any number of ids."""
    ids = sorted(set(ids))
    if conn.dialect.name == "sqlite":
        listed = func.json_each(json.dumps(ids)).table_valued("value")
        return column.in_(select(listed.c.value))
    return column == any_(bindparam(None, ids, type_=ARRAY(Integer)))


def ids_sql(conn: Connection, ids: Iterable[int]) -> tuple[str, object]:
    """For ``text()`` queries: the ``IN ...`` SQL taking ``:ids``, and the value to bind."""
    ids = sorted(set(ids))
    if conn.dialect.name == "sqlite":
        return "IN (SELECT value FROM json_each(:ids))", json.dumps(ids)
    return "= ANY(:ids)", ids
