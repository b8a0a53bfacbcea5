"""The readable views: names instead of ids, for sqlite3 and Datasette, old files upgraded."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from claimdb.db import migrations
from tests.conftest import Cli

pytestmark = pytest.mark.sqlite_only


def rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)  # plain sqlite3: no claimdb involved
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_views_show_names(seeded: Cli):
    assert rows(seeded.db, "SELECT speaker, target, source FROM claims_readable WHERE id = 5") == [
        ("Igor Konashenkov", "ISIS", 'المقاتلات الروسية تستهدف معاقل "داعش" في الرقة وحماة وإدلب')
    ]
    links = rows(
        seeded.db,
        "SELECT speaker_a, speaker_b, relation FROM links_readable WHERE claim_a = 5",
    )
    assert ("Igor Konashenkov", "Sergei Lavrov", "contradicts") in links
    assert rows(seeded.db, "SELECT count(*) FROM links_readable") == [(12,)]
    assert rows(
        seeded.db, "SELECT parent FROM entities_readable WHERE name = 'Igor Konashenkov'"
    ) == [("Russian Ministry of Defence",)]


def test_unlinked_pairs_leave_the_links_view(seeded: Cli):
    seeded("unlink", "5", "21")
    assert rows(seeded.db, "SELECT count(*) FROM links_readable") == [(11,)]


def test_a_version_1_database_gets_the_same_views(cli: Cli, tmp_path: Path):
    cli("init")
    fresh = rows(cli.db, "SELECT name, sql FROM sqlite_master WHERE type = 'view' ORDER BY name")
    assert [name for name, _ in fresh] == sorted(migrations.READABLE_VIEWS)
    conn = sqlite3.connect(cli.db)
    with conn:
        for name in migrations.READABLE_VIEWS:
            conn.execute(f"DROP VIEW {name}")
        conn.execute("DROP INDEX IF EXISTS link_a")  # also added by version 2
        conn.execute("DROP TABLE IF EXISTS verdict")  # added by version 4
        conn.execute("UPDATE schema_version SET version = 1")
    conn.close()
    assert "schema_version" in cli("info", "-f", "json").stdout
    upgraded = rows(cli.db, "SELECT name, sql FROM sqlite_master WHERE type = 'view' ORDER BY name")
    assert upgraded == fresh
    assert rows(cli.db, "SELECT max(version) FROM schema_version") == [(migrations.CURRENT,)]
    assert (tmp_path / "claims.db.v1.bak").exists()


def test_the_upgrade_step_reads_the_views_from_schema_sql():
    statements = migrations.view_statements()
    assert len(statements) == len(migrations.READABLE_VIEWS)
    for name, statement in zip(migrations.READABLE_VIEWS, statements, strict=True):
        assert f"CREATE VIEW {name} AS" in statement
