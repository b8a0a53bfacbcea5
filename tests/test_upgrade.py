"""Schema upgrades: a database made by the first release (schema version 1, with data)
opened by this claimdb. Fixtures: tests/fixtures/schema_v1.sql is schema.sql as committed
for version 1 (git show e967e58:schema.sql); data_v1.sql fills it."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from claimdb.db import migrations, store
from tests.conftest import Cli, dump

FIXTURES = Path(__file__).parent / "fixtures"
# claim.search_key is derived (normalised words and stems): version 3 recomputes it
V1_TABLES = {
    "entity": "id, name, key, kind, parent_id, created_at",
    "alias": "id, entity_id, alias, key",
    "membership": "coalition_id, member_id",
    "source": "id, title, publisher, url, published_on, lang, text, sha256, reliability, "
    "created_at",
    "claim": "id, speaker_id, target_id, text, quote, translation, lang, said_on, source_id, act, "
    "location, topic, credibility, content_key, retracted_at, retraction_reason, "
    "created_at, updated_at",
    "claim_via": "claim_id, position, entity_id",
    "link": "id, claim_a, claim_b, relation, note, created_at, created_by, removed_at, removed_by",
    "event": "id, at, actor, op, record, row_id, before, after",
}


def make_v1(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / "schema_v1.sql").read_text(encoding="utf-8"))
    conn.executescript((FIXTURES / "data_v1.sql").read_text(encoding="utf-8"))
    conn.close()
    return path


def v1_rows(path: Path) -> dict[str, list[tuple]]:
    """The data of every version-1 table, by its version-1 columns."""
    conn = sqlite3.connect(path)
    try:
        return {
            table: conn.execute(f"SELECT {columns} FROM {table} ORDER BY rowid").fetchall()
            for table, columns in V1_TABLES.items()
        }
    finally:
        conn.close()


def _normalise(sql: str | None) -> str | None:
    if sql is None:
        return None
    sql = re.sub(r"--[^\n]*", " ", sql)
    sql = re.sub(r"\s+", " ", sql).strip()
    return re.sub(r"\s*([(),;=<>])\s*", r"\1", sql).lower()


def schema_of(path: Path) -> dict[tuple[str, str], str | None]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    finally:
        conn.close()
    return {(kind, name): _normalise(sql) for kind, name, sql in rows}


def versions(path: Path) -> list[int]:
    conn = sqlite3.connect(path)
    try:
        return [v for (v,) in conn.execute("SELECT version FROM schema_version ORDER BY 1")]
    finally:
        conn.close()


def test_fixture_is_the_first_released_schema():
    text = (FIXTURES / "schema_v1.sql").read_text(encoding="utf-8")
    assert "CREATE TABLE claim (" in text and "CREATE VIRTUAL TABLE claim_fts" in text
    assert "INSERT INTO schema_version (version, applied_at) VALUES (1," in (
        FIXTURES / "data_v1.sql"
    ).read_text(encoding="utf-8")


def test_upgrade_v1_with_data_to_current(tmp_path: Path):
    db = make_v1(tmp_path / "claims.db")
    before_rows, before_dump = v1_rows(db), dump(db)
    cli = Cli(db)

    result = cli("init")
    assert f"schema version {migrations.CURRENT}" in result.stderr
    assert versions(db) == list(range(1, migrations.CURRENT + 1))
    assert v1_rows(db) == before_rows, "upgrading changed the data"

    fresh = tmp_path / "fresh.db"
    Cli(fresh)("init")
    assert schema_of(db) == schema_of(fresh)

    backups = sorted(tmp_path.glob("claims.db.v*.bak"))
    if migrations.CURRENT > 1:
        assert [b.name for b in backups] == ["claims.db.v1.bak"]
        assert dump(backups[0]) == before_dump  # the backup is the version-1 database
    else:
        assert backups == []  # nothing to upgrade yet: no backup either

    assert cli("check").exit_code == 0
    listed = json.loads(cli("claim", "list", "--include-retracted", "-f", "json").stdout)
    assert [c["id"] for c in listed] == [3, 1, 2, 4]
    assert [c["retracted"] for c in listed] == [False, False, False, True]
    report = json.loads(cli("report", "-f", "json").stdout)
    assert {link["note"] for d in report["disputes"] for link in d["links"]} == {
        "ISIS only vs not aimed at ISIS",
        "ISIS only vs other groups",
    }
    history = json.loads(cli("claim", "history", "4", "-f", "json").stdout)
    assert [(h["by"], h["op"]) for h in history] == [
        ("v1-analyst", "add"),
        ("v1-analyst", "link"),
        ("v1-analyst", "retract"),
        ("v1-analyst", "unlink"),
    ]

    # the upgraded database takes writes; opening it again upgrades nothing more
    cli("--by", "v2-analyst", "claim", "edit", "1", "--topic", "strike targets")
    assert "schema version" in cli("init").stderr
    assert sorted(tmp_path.glob("claims.db.v*.bak")) == backups
    assert cli("check").exit_code == 0


def test_upgrade_is_one_transaction_after_a_backup(tmp_path: Path, monkeypatch):
    """Steps v1 → … → CURRENT, then one more that fails: nothing is applied, the file
    is still version 1 with its data, the backup is there, the error is one line."""
    current = migrations.CURRENT

    def add_table(conn):
        conn.exec_driver_sql("CREATE TABLE upgrade_probe (x INTEGER)")

    def broken(conn):
        conn.exec_driver_sql("INSERT INTO upgrade_probe VALUES (1)")
        raise store.DatabaseError("step failed on purpose")

    monkeypatch.setattr(migrations, "CURRENT", current + 2)
    monkeypatch.setitem(migrations.MIGRATIONS, current, add_table)
    monkeypatch.setitem(migrations.MIGRATIONS, current + 1, broken)
    db = make_v1(tmp_path / "claims.db")
    before = dump(db)

    line = Cli(db).fails("claim", "list")
    assert "step failed on purpose" in line
    assert dump(db) == before
    assert versions(db) == [1]
    (backup,) = tmp_path.glob("claims.db.v1.bak")
    assert dump(backup) == before

    # the step fixed: the upgrade now goes through, with a second backup beside the first
    monkeypatch.setitem(migrations.MIGRATIONS, current + 1, lambda conn: None)
    rows = v1_rows(db)
    Cli(db)("init")
    assert versions(db) == list(range(1, current + 3))
    assert v1_rows(db) == rows
    assert sorted(b.name for b in tmp_path.glob("claims.db.v1*.bak")) == [
        "claims.db.v1.2.bak",
        "claims.db.v1.bak",
    ]


def test_newer_database_names_both_versions(tmp_path: Path):
    db = make_v1(tmp_path / "claims.db")
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO schema_version VALUES (?, '2099-01-01T00:00:00Z')", (99,))
    conn.commit()
    conn.close()
    before = dump(db)
    line = Cli(db).fails("info")
    assert f"version 99 is newer than this claimdb supports ({migrations.CURRENT})" in line
    assert dump(db) == before


@pytest.mark.skipif(migrations.CURRENT == 1, reason="no upgrade step yet")
def test_readonly_old_database_is_not_upgraded(tmp_path: Path, monkeypatch):
    db = make_v1(tmp_path / "claims.db")
    monkeypatch.setattr(store, "_readonly_uri", lambda path: f"{path.as_uri()}?mode=ro")
    line = Cli(db).fails("claim", "list")
    assert "read-only" in line and "version 1" in line
    assert versions(db) == [1]


def test_version_3_recomputes_keys_and_rebuilds_the_index(tmp_path: Path):
    """A version-1 database holding hamza seats folded the old way (ئ → ي, ؤ → و):
    the upgrade keeps every row, recomputes the keys, and the rebuilt index finds both
    spellings; claimdb check agrees with it."""
    db = make_v1(tmp_path / "claims.db")
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(
            "INSERT INTO entity (id, name, key, kind, created_at) "
            "VALUES (50, 'هيئة الشئون', 'هييه الشيون', 'organisation', '2025-06-01')"
        )
        conn.execute(
            "INSERT INTO claim (id, speaker_id, target_id, text, act, search_key, content_key, "
            "created_at, updated_at) VALUES (50, 50, 4, 'قال مسئول إن وزارة الشؤون بخير', "
            "'asserts', 'قال مسيول ان وزاره الشوون بخير', 'old-key', '2025-06-01', '2025-06-01')"
        )
        conn.execute("INSERT INTO claim_fts (rowid, search_key) SELECT id, search_key FROM claim")
        conn.execute("INSERT INTO claim_fts (claim_fts) VALUES ('rebuild')")
    conn.close()
    before = v1_rows(db)
    cli = Cli(db)
    cli("init")
    after = v1_rows(db)
    for table, rows in before.items():
        if table in ("entity", "claim"):  # their keys change: compared below
            assert len(after[table]) == len(rows), table
        else:
            assert after[table] == rows, table
    keys = dict(query_rows(db, "SELECT id, key FROM entity WHERE id = 50"))
    assert keys == {50: "هيءه الشءون"}
    for typed in ("مسؤول", "مسئول", "الشئون", "شؤون"):
        found = json.loads(cli("search", typed, "-f", "json").stdout)
        assert [h["id"] for h in found] == [50], typed
    assert cli("entity", "show", "هيئة الشؤون", "-f", "json").exit_code == 0
    assert cli("check").exit_code == 0
    triggers = query_rows(db, "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY 1")
    assert [t for (t,) in triggers] == ["claim_fts_delete", "claim_fts_insert", "claim_fts_update"]


def query_rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()
