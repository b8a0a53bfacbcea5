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

import os
import sqlite3
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

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


@cache
def schema() -> Schema:
    """schema.sql read back (see the module doc); reflected once per schema.sql and kept
    pickled in the user's cache directory, keyed by the text of schema.sql, the
    SQLAlchemy and Python versions and this module's own file (the ``Schema`` class):
    reflection costs ~30-50 ms of every command's start-up, loading the pickle ~1 ms.
    Any problem with the cache means reflecting."""
    import hashlib
    import sys

    import sqlalchemy

    sql = schema_sql()
    versions = f"{sqlalchemy.__version__} {sys.version} {Path(__file__).stat().st_mtime_ns}"
    key = hashlib.sha256(f"{versions}\n{sql}".encode()).hexdigest()[:24]
    found = _cached(key)
    if found is None:
        found = _reflect(sql)
        _keep(key, found)
    return found


def _cache_file(key: str) -> Path | None:
    if os.environ.get("CLAIMDB_NO_SCHEMA_CACHE"):
        return None
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("claimdb")) / f"schema-{key}.pickle"


def _cached(key: str) -> Schema | None:
    import pickle

    path = _cache_file(key)
    try:
        with path.open("rb") as f:  # type: ignore[union-attr]
            found = pickle.load(f)  # our own file, written by _keep for this very key
    except Exception:
        return None
    return found if isinstance(found, Schema) else None


def _keep(key: str, found: Schema) -> None:
    """Write the pickle under a temporary name and rename it: readers never see half."""
    import pickle
    import tempfile

    path = _cache_file(key)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as f:
            pickle.dump(found, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(f.name, path)
    except Exception:  # a read-only or full cache directory: reflect next time too
        with suppress(Exception):
            os.unlink(f.name)


def _reflect(sql: str) -> Schema:
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    raw = sqlite3.connect(":memory:")
    raw.executescript(sql)
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
