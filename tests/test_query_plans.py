"""The main read queries use indexes: EXPLAIN QUERY PLAN shows no full scan of a table.

Each case runs a real operation through the library on a small generated database,
records every SQL statement it sends (a SQLAlchemy event), and asks SQLite for the plan
of each. A plan line ``SCAN <table>`` without an index is a full scan; ``SCAN ... USING
INDEX`` walks a whole index. Under a LIMIT with no sort before it, a scan in index or
rowid order stops early (an ordered first page), so that is allowed. CTE queues
(``SCAN up``) and table-valued functions (json_each, FTS5) are fine.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import event

from bench import direct
from bench.generate import BIG_TOPIC, Dataset, Size
from claimdb.api import Claimdb

TINY = Size("tiny", entities=300, claims=3_000, links=600, big=60)
_CTE = re.compile(r"(\w+)\s*(?:\([^()]*\))?\s+AS\s*(?:NOT\s+MATERIALIZED\s*)?\(", re.I)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Claimdb:
    path = tmp_path_factory.mktemp("plans") / "claims.db"
    direct.write(path, Dataset(TINY))
    handle = Claimdb(str(path), actor="test")
    yield handle
    handle.close()


def statements(db: Claimdb, operation: Callable[[], object]) -> list[tuple[str, tuple]]:
    """The SELECT statements ``operation`` sends, with their parameters."""
    seen: list[tuple[str, tuple]] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append((statement, tuple(parameters or ())))

    event.listen(db.store.engine, "before_cursor_execute", record)
    try:
        operation()
    finally:
        event.remove(db.store.engine, "before_cursor_execute", record)
    return seen


def full_scans(path: Path, sql: str, params: tuple) -> list[str]:
    """Plan lines of ``sql`` that read a whole table (or a whole index without a LIMIT)."""
    ctes = {name.lower() for name in _CTE.findall(sql)}
    conn = sqlite3.connect(path)
    try:
        plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)]
    finally:
        conn.close()
    # Under a LIMIT, a scan in index (or rowid) order stops early: unless a sort comes first.
    stops = re.search(r"\bLIMIT\b", sql, re.I) and not any("TEMP B-TREE" in p for p in plan)
    bad = []
    for line in plan:
        m = re.match(r"SCAN (\w+)", line)
        if m and m.group(1).lower() not in ctes and "VIRTUAL TABLE" not in line and not stops:
            bad.append(line)
    return bad


def names(db: Claimdb) -> dict[str, str]:
    """A busy speaker, a busy target and a topic of the generated data."""
    conn = sqlite3.connect(db.store.path)
    try:
        speaker, target = (
            conn.execute(
                f"SELECT e.name FROM entity e WHERE e.id = (SELECT {column} FROM claim "
                f"GROUP BY {column} ORDER BY count(*) DESC LIMIT 1)"
            ).fetchone()[0]
            for column in ("speaker_id", "target_id")
        )
        linked = conn.execute("SELECT claim_a FROM link ORDER BY claim_a LIMIT 1").fetchone()[0]
    finally:
        conn.close()
    return {"speaker": speaker, "target": target, "linked": str(linked)}


CASES: dict[str, Callable[[Claimdb, dict[str, str]], object]] = {
    "claim list": lambda db, n: db.list_claims(limit=50),
    "claim list --speaker": lambda db, n: db.list_claims(speaker=n["speaker"], limit=50),
    "claim list --target": lambda db, n: db.list_claims(target=n["target"], limit=50),
    "claim list --topic": lambda db, n: db.list_claims(topic="aid", limit=50),
    "claim list --since": lambda db, n: db.list_claims(since="2020-01-01", limit=50),
    "claim show (its links)": lambda db, n: db.show_claim(n["linked"]),
    "report, first page": lambda db, n: db.report(limit=50),
    "report --topic (component expansion)": lambda db, n: db.report(topic=BIG_TOPIC),
    "report --speaker": lambda db, n: db.report(speaker=n["speaker"], limit=50),
    "search, two words": lambda db, n: _search(db, "الغارات حلب"),
    "search, no hit (fuzzy)": lambda db, n: _search(db, "Quulirnaxyz"),
    "resolve a name": lambda db, n: db.resolve(n["speaker"]),
}


def _search(db: Claimdb, query: str):
    return db.search(query, limit=20)


@pytest.mark.parametrize("case", sorted(CASES))
def test_no_full_scans(db: Claimdb, case: str):
    sent = statements(db, lambda: CASES[case](db, names(db)))
    assert sent, "the operation sent no SELECT"
    found = {sql: full_scans(db.store.path, sql, params) for sql, params in sent}
    assert {sql: lines for sql, lines in found.items() if lines} == {}


def test_the_checker_sees_a_full_scan(db: Claimdb):
    sql = "SELECT id FROM claim WHERE text = ?"
    assert full_scans(db.store.path, sql, ("x",)) == ["SCAN claim"]
    ordered = "SELECT id, text FROM claim ORDER BY said_on"
    assert full_scans(db.store.path, ordered, ()) == ["SCAN claim USING INDEX claim_said_on"]
    assert full_scans(db.store.path, ordered + " LIMIT 5", ()) == []
    sorted_first = "SELECT id FROM claim ORDER BY text LIMIT 5"
    assert full_scans(db.store.path, sorted_first, ()) == ["SCAN claim"]


def test_link_a_is_what_keeps_link_lookups_off_a_scan(db: Claimdb, tmp_path: Path):
    """Without link_a, "links touching these claims" (claim_a = ? OR claim_b = ?) walks
    the whole link table: SQLite's OR optimisation cannot use the partial link_pair."""
    copy = tmp_path / "copy.db"
    source = sqlite3.connect(db.store.path)
    target = sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.execute("DROP INDEX link_a")
    target.close()
    sent = statements(db, lambda: db.list_claims(limit=50))
    scans = [line for sql, params in sent for line in full_scans(copy, sql, params)]
    assert any(line.startswith("SCAN link") for line in scans)
