"""The one schema: schema.sql, and the table metadata derived from it.

``schema.sql`` is the canonical DDL. Nothing else declares the tables: ``metadata()``
runs schema.sql on an in-memory SQLite database and reflects it with SQLAlchemy, so the
Core ``Table`` objects the queries use (``claimdb.db.tables``) and the PostgreSQL DDL
(``claimdb.db.postgres``) are read from the very database schema.sql makes: columns,
types, defaults, keys, foreign keys, UNIQUE and CHECK constraints and indexes (partial
ones included). Views keep their statement text as schema.sql wrote it. Virtual tables
(the full-text index) and the triggers that feed them are SQLite's; each backend builds
its own full-text index.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from sqlalchemy import MetaData


def schema_sql() -> str:
    return resources.files("claimdb").joinpath("schema.sql").read_text(encoding="utf-8")


def statements(sql: str) -> Iterator[str]:
    """Split a DDL script into statements (complete by sqlite3's own test)."""
    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                yield buf.strip()
            buf = ""
    if buf.strip():
        yield buf.strip()


@dataclass(frozen=True)
class Schema:
    """What schema.sql declares, read back from a database it made."""

    metadata: MetaData  # the ordinary tables, with their constraints and indexes
    views: dict[str, str]  # name -> CREATE VIEW statement, in schema.sql's order
    virtual: dict[str, str]  # name -> CREATE VIRTUAL TABLE statement
    triggers: dict[str, str]  # name -> CREATE TRIGGER statement (SQLite only)


def _in_memory() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.executescript(schema_sql())
    return conn


@cache
def schema() -> Schema:
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    raw = _in_memory()
    rows = raw.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
    ).fetchall()
    virtual = {n: s for t, n, s in rows if t == "table" and s.upper().startswith("CREATE VIRTUAL")}
    shadow = {n for t, n, _ in rows if t == "table" and any(n.startswith(v + "_") for v in virtual)}
    plain = {n for t, n, _ in rows if t == "table"} - set(virtual) - shadow
    engine = create_engine("sqlite://", creator=lambda: raw, poolclass=StaticPool)
    metadata = MetaData()
    metadata.reflect(engine, only=sorted(plain))
    engine.dispose()
    raw.close()
    return Schema(
        metadata=metadata,
        views={n: s for t, n, s in rows if t == "view"},
        virtual=virtual,
        triggers={n: s for t, n, s in rows if t == "trigger"},
    )
