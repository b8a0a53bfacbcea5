"""Schema upgrades: an ordered list of small steps, each in the upgrade transaction.

``CURRENT`` is the version schema.sql creates. A step registered with
``@migration(v)`` turns version ``v`` into ``v + 1``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.engine import Connection

from claimdb.db.schema import schema, schema_sql, statements

CURRENT = 4

# Upgrades: MIGRATIONS[v] turns a database at version v into version v + 1.
# A fresh database is created from schema.sql, which is always the newest shape.
Migration = Callable[[Connection], None]
MIGRATIONS: dict[int, Migration] = {}


def migration(from_version: int) -> Callable[[Migration], Migration]:
    """Register the step that upgrades ``from_version`` to ``from_version + 1``."""

    def register(step: Migration) -> Migration:
        MIGRATIONS[from_version] = step
        return step

    return register


READABLE_VIEWS = ("entities_readable", "claims_readable", "links_readable")


def view_statements(views: tuple[str, ...] = READABLE_VIEWS) -> list[str]:
    """The CREATE VIEW statements of schema.sql for ``views``: one definition, read
    from the same file a new database is made from, so an upgraded one cannot differ."""
    return [schema().views[name] for name in views]


@migration(1)
def m002_readable_views(conn: Connection) -> None:
    """Views with names instead of ids, for sqlite3 and Datasette; the link_a index."""
    for statement in view_statements():
        conn.exec_driver_sql(statement)
    conn.exec_driver_sql("CREATE INDEX link_a ON link (claim_a)")  # as in schema.sql


def fts_statements() -> list[str]:
    """schema.sql's full-text table and the triggers that keep it in step (SQLite)."""
    found = schema()
    return [found.virtual["claim_fts"], *found.triggers.values()]


@migration(2)
def m003_hamza_seats_stems_and_index_triggers(conn: Connection) -> None:
    """Keys recomputed (hamza seats folded to ء, stems in search_key); claims_readable
    gains the speaker's camp; on SQLite the full-text index gains the text as written,
    is kept by triggers, and is rebuilt."""
    recompute_keys(conn)
    conn.exec_driver_sql("DROP VIEW claims_readable")
    conn.exec_driver_sql(schema().views["claims_readable"])  # with the speaker's camp
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("DROP TABLE claim_fts")
        for name in schema().triggers:  # (none before version 3, unless made by hand)
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        for statement in fts_statements():
            conn.exec_driver_sql(statement)
        conn.exec_driver_sql("INSERT INTO claim_fts (claim_fts) VALUES ('rebuild')")


def recompute_keys(conn: Connection) -> None:
    """entity.key, alias.key, claim.search_key and claim.content_key from the stored text,
    as this claimdb computes them. Every row stays: where a new unique key would collide
    with another row's (two spellings that now fold together), the old key is kept."""
    from claimdb.text.keys import normalized_content_key, search_key
    from claimdb.text.normalize import normalize

    def update(sql: str, rows: list[dict]) -> None:
        if rows:
            conn.execute(text(sql), rows)

    update(
        "UPDATE entity SET key = :key WHERE id = :id",
        [
            {"id": i, "key": normalize(name)}
            for i, name, key in conn.execute(text("SELECT id, name, key FROM entity"))
            if normalize(name) != key
        ],
    )
    aliases = conn.execute(text("SELECT id, entity_id, alias, key FROM alias ORDER BY id")).all()
    taken = {(entity_id, key) for _, entity_id, _, key in aliases}
    changed = []
    for alias_id, entity_id, alias, key in aliases:
        new = normalize(alias)
        if new != key and (entity_id, new) not in taken:
            taken.add((entity_id, new))
            changed.append({"id": alias_id, "key": new})
    update("UPDATE alias SET key = :key WHERE id = :id", changed)
    claims = conn.execute(
        text(
            "SELECT id, speaker_id, said_on, text, quote, translation, search_key, content_key "
            "FROM claim ORDER BY id"
        )
    ).all()
    keys = {row.content_key for row in claims}
    changed = []
    for row in claims:
        content = normalized_content_key(row.speaker_id, row.said_on, normalize(row.text))
        if content != row.content_key and (row.content_key is None or content in keys):
            content = row.content_key  # no key before, or another claim holds it now
        keys.add(content)
        key = search_key(row.text, row.quote, row.translation)
        if key != row.search_key or content != row.content_key:
            changed.append({"id": row.id, "search_key": key, "content_key": content})
    # content keys change in two passes, so that swapping keys cannot collide midway
    update("UPDATE claim SET content_key = NULL, search_key = :search_key WHERE id = :id", changed)
    update("UPDATE claim SET content_key = :content_key WHERE id = :id", changed)


@migration(3)
def m004_verdicts(conn: Connection) -> None:
    """The verdict table: fact-checkers' verdicts on claims (ClaimReview import). SQLite
    runs schema.sql's own statements (an upgraded file reads like a new one); PostgreSQL
    gets the table derived from them, as a new database does."""
    if conn.dialect.name == "sqlite":
        for statement in statements(schema_sql()):
            if re.search(r"^CREATE (TABLE verdict|INDEX \w+ ON verdict)\b", statement, re.M):
                conn.exec_driver_sql(statement)
    else:
        schema().metadata.tables["verdict"].create(conn)
