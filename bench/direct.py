"""Write generated data straight into the claimdb schema with the sqlite3 module.

This is the "raw" way: one transaction, ``executemany`` over streamed rows, the full-text
index rebuilt once at the end. It builds the databases the read benchmarks run on (when
``claimdb import`` is not there to do it) and is the baseline the import is held against.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from claimdb.db.store import Store
from claimdb.records.claims import content_key, search_key
from claimdb.text.normalize import normalize

STAMP = "2024-01-01T00:00:00.000000Z"
ACTOR = "bench"


def create(path: Path) -> None:
    """An empty database with claimdb's own schema (schema.sql, current version)."""
    Store(str(path)).close()


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def entity_rows(entities: Iterable[dict]) -> Iterator[tuple]:
    for e in entities:
        yield e["id"], e["name"], normalize(e["name"]), e["kind"], e["parent"], STAMP


def alias_rows(entities: Iterable[dict]) -> Iterator[tuple]:
    for e in entities:
        own = normalize(e["name"])
        keys = {own}
        for alias in e["aliases"]:
            key = normalize(alias)
            if key not in keys:
                keys.add(key)
                yield e["id"], alias, key


def member_rows(entities: Iterable[dict]) -> Iterator[tuple]:
    for e in entities:
        for member in e.get("members", ()):
            yield e["id"], member


def source_rows(sources: Iterable[dict]) -> Iterator[tuple]:
    for s in sources:
        yield s["id"], s["title"], s["publisher"], s["url"], s["published_on"], s["lang"], STAMP


CLAIM_COLUMNS = (
    "id, speaker_id, target_id, text, translation, lang, said_on, source_id, act, "
    "location, topic, search_key, content_key, created_at, updated_at, retracted_at, "
    "retraction_reason"
)


def claim_row(c: dict) -> tuple:
    """The row claimdb stores for a claim: normalised search key, content key, stamps."""
    return (
        c["id"],
        c["speaker"],
        c["target"],
        c["text"],
        c["translation"],
        c["lang"],
        c["said_on"],
        c["source"],
        c["act"],
        c["location"],
        c["topic"],
        search_key(c["text"], None, c["translation"]),
        content_key(c["speaker"], c["said_on"], c["text"]),
        STAMP,
        STAMP,
        STAMP if c["retracted"] else None,
        c["retracted"],
    )


def via_rows(claims: Iterable[dict]) -> Iterator[tuple]:
    for c in claims:
        for position, entity_id in enumerate(c["via"]):
            yield c["id"], position, entity_id


def link_rows(links: Iterable[dict]) -> Iterator[tuple]:
    for link in links:
        yield link["a"], link["b"], link["relation"], link["note"], STAMP, ACTOR


def insert_entities(conn: sqlite3.Connection, entities: list[dict]) -> None:
    conn.executemany(
        "INSERT INTO entity (id, name, key, kind, parent_id, created_at) VALUES (?,?,?,?,?,?)",
        entity_rows(entities),
    )
    conn.executemany(
        "INSERT INTO alias (entity_id, alias, key) VALUES (?,?,?)", alias_rows(entities)
    )
    conn.executemany(
        "INSERT INTO membership (coalition_id, member_id) VALUES (?,?)", member_rows(entities)
    )


def insert_sources(conn: sqlite3.Connection, sources: Iterable[dict]) -> None:
    conn.executemany(
        "INSERT INTO source (id, title, publisher, url, published_on, lang, created_at) "
        "VALUES (?,?,?,?,?,?,?)",
        source_rows(sources),
    )


def insert_claims(conn: sqlite3.Connection, claims: Iterable[dict]) -> None:
    """Claims and their reported-speech chains, streamed (never a list of a million)."""
    vias: list[tuple] = []

    def rows() -> Iterator[tuple]:
        for c in claims:
            if c["via"]:
                vias.extend((c["id"], n, e) for n, e in enumerate(c["via"]))
            yield claim_row(c)

    marks = ",".join("?" * len(CLAIM_COLUMNS.split(",")))
    conn.executemany(f"INSERT INTO claim ({CLAIM_COLUMNS}) VALUES ({marks})", rows())
    conn.executemany("INSERT INTO claim_via (claim_id, position, entity_id) VALUES (?,?,?)", vias)


def insert_links(conn: sqlite3.Connection, links: Iterable[dict]) -> None:
    conn.executemany(
        "INSERT INTO link (claim_a, claim_b, relation, note, created_at, created_by) "
        "VALUES (?,?,?,?,?,?)",
        link_rows(links),
    )


def rebuild_fts(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT INTO claim_fts (claim_fts) VALUES ('rebuild')")


def write(path: Path, data) -> None:
    """A claimdb database at ``path`` holding ``data`` (a ``generate.Dataset``)."""
    create(path)
    conn = connect(path)
    try:
        conn.execute("BEGIN IMMEDIATE")
        insert_entities(conn, list(data.entities()))
        insert_sources(conn, data.sources())
        insert_claims(conn, data.claims())
        insert_links(conn, data.links)
        rebuild_fts(conn)
        conn.execute("COMMIT")
    finally:
        conn.close()
