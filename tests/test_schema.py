"""schema.sql is the canonical DDL, and the only declaration of the tables."""

from __future__ import annotations

import re
import sqlite3

import pytest
from sqlalchemy import create_engine

from claimdb.db import tables
from claimdb.db.schema import schema, schema_sql, statements
from claimdb.models import ACTS, KINDS, RELATIONS

TABLES = [
    "alias",
    "claim",
    "claim_via",
    "entity",
    "event",
    "link",
    "membership",
    "schema_version",
    "source",
    "verdict",
]


def _affinity(declared: str) -> str:
    declared = declared.upper()
    if "INT" in declared:
        return "INTEGER"
    if any(t in declared for t in ("CHAR", "CLOB", "TEXT")):
        return "TEXT"
    return declared


def _shape(conn: sqlite3.Connection) -> dict:
    out = {}
    for (table,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'claim_fts%' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ):
        columns = {
            name: (_affinity(kind), bool(notnull) or bool(pk), bool(pk))
            for _, name, kind, notnull, _, pk in conn.execute(f"PRAGMA table_info({table})")
        }
        fks = sorted(
            (row[3], row[2], row[4]) for row in conn.execute(f"PRAGMA foreign_key_list({table})")
        )
        out[table] = {"columns": columns, "fks": fks}
    return out


@pytest.fixture
def from_sql(tmp_path):
    conn = sqlite3.connect(tmp_path / "sql.db")
    for statement in statements(schema_sql()):
        conn.execute(statement)
    yield conn
    conn.close()


def test_schema_sql_creates_every_table(from_sql):
    assert sorted(_shape(from_sql)) == TABLES


def test_the_tables_are_read_from_schema_sql(from_sql, tmp_path):
    """claimdb.db.tables declares nothing itself: a table made from its metadata has the
    shape of the one schema.sql makes (columns, keys, foreign keys)."""
    engine = create_engine(f"sqlite:///{tmp_path / 'meta.db'}")
    schema().metadata.create_all(engine)
    engine.dispose()
    made = sqlite3.connect(tmp_path / "meta.db")
    try:
        assert _shape(made) == _shape(from_sql)
    finally:
        made.close()
    assert list(tables.Claim.c.keys()) == list(schema().metadata.tables["claim"].c.keys())


def test_a_column_added_to_schema_sql_reaches_the_tables(monkeypatch):
    """Change schema.sql and the tables change with it: there is no second declaration."""
    from claimdb.db import schema as schema_module

    grown = schema_sql().replace("    topic TEXT,\n", "    topic TEXT,\n    mood TEXT,\n", 1)
    assert grown != schema_sql()
    monkeypatch.setattr(schema_module, "schema_sql", lambda: grown)
    schema_module.schema.cache_clear()
    try:
        assert "mood" in schema_module.schema().metadata.tables["claim"].c
    finally:
        schema_module.schema.cache_clear()


@pytest.mark.parametrize(
    ("words", "column"),
    [(KINDS, ("entity", "kind")), (ACTS, ("claim", "act")), (RELATIONS, ("link", "relation"))],
)
def test_the_words_of_the_model_are_the_ones_schema_sql_allows(from_sql, words, column):
    table, name = column
    (sql,) = from_sql.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()
    allowed = re.search(rf"{name} IN \(([^)]*)\)", sql).group(1)
    assert tuple(re.findall(r"'(\w+)'", allowed)) == words


def test_schema_enforces_link_invariants(from_sql):
    conn = from_sql
    conn.execute("PRAGMA foreign_keys = ON")
    t = "2015-10-02T00:00:00Z"
    conn.execute("INSERT INTO entity (id, name, key, created_at) VALUES (1, 'A', 'a', ?)", (t,))
    for i in (1, 2):
        conn.execute(
            "INSERT INTO claim (id, speaker_id, target_id, text, search_key, created_at, "
            "updated_at) VALUES (?, 1, 1, 'x', 'x', ?, ?)",
            (i, t, t),
        )
    insert = (
        "INSERT INTO link (claim_a, claim_b, relation, created_at, created_by) "
        "VALUES (?, ?, ?, ?, 'me')"
    )
    with pytest.raises(sqlite3.IntegrityError):  # self-link
        conn.execute(insert, (1, 1, "contradicts", t))
    with pytest.raises(sqlite3.IntegrityError):  # unordered pair stored in order only
        conn.execute(insert, (2, 1, "contradicts", t))
    conn.execute(insert, (1, 2, "contradicts", t))
    with pytest.raises(sqlite3.IntegrityError):  # one live link per pair, any relation
        conn.execute(insert, (1, 2, "supports", t))
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(insert.replace("'me'", "'me'"), (1, 2, "agrees", t))
    with pytest.raises(sqlite3.IntegrityError):  # foreign keys
        conn.execute(
            "INSERT INTO claim (speaker_id, target_id, text, search_key, created_at, updated_at) "
            "VALUES (99, 1, 'x', 'x', ?, ?)",
            (t, t),
        )
    with pytest.raises(sqlite3.IntegrityError):  # blank text
        conn.execute(
            "INSERT INTO claim (speaker_id, target_id, text, search_key, created_at, updated_at) "
            "VALUES (1, 1, '   ', 'x', ?, ?)",
            (t, t),
        )
