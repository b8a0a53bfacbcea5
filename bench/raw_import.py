"""The import baseline: a JSONL file in the ``claimdb import`` format loaded with sqlite3.

``python -m bench.raw_import FILE DB``. What a careful hand-written loader does: stream
the lines, ``json.loads`` each, resolve names and keys through dicts, compute the same
normalised keys claimdb stores, ``executemany`` per record type in ONE transaction, and
fill the full-text index once at the end. It checks nothing: the file is known good.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from bench import direct
from claimdb.records.claims import content_key, search_key
from claimdb.text.normalize import normalize

STAMP = direct.STAMP


class Loader:
    def __init__(self, conn) -> None:
        self.conn = conn
        self.entities: dict[str, int] = {}
        self.sources: dict[str, int] = {}
        self.claims: dict[str, int] = {}
        self.next_claim = 1

    def entity_rows(self, records, aliases: list, members: list) -> Iterator[tuple]:
        for r in records:
            entity_id = self.entities[r["name"]] = len(self.entities) + 1
            key = normalize(r["name"])
            keys = {key}
            for alias in r.get("aliases", ()):
                alias_key = normalize(alias)
                if alias_key not in keys:
                    keys.add(alias_key)
                    aliases.append((entity_id, alias, alias_key))
            members += [(entity_id, self.entities[m]) for m in r.get("members", ())]
            parent = self.entities[r["parent"]] if r.get("parent") else None
            yield entity_id, r["name"], key, r.get("kind", "organisation"), parent, STAMP

    def source_rows(self, records) -> Iterator[tuple]:
        for r in records:
            source_id = self.sources[r["key"]] = len(self.sources) + 1
            yield (
                source_id,
                r["title"],
                r.get("publisher"),
                r.get("url"),
                r.get("published"),
                r.get("lang"),
                STAMP,
            )

    def claim_rows(self, records, vias: list) -> Iterator[tuple]:
        for r in records:
            claim_id = self.next_claim
            self.next_claim += 1
            if "key" in r:
                self.claims[r["key"]] = claim_id
            speaker = self.entities[r["speaker"]]
            vias += [(claim_id, n, self.entities[v]) for n, v in enumerate(r.get("via", ()))]
            reason = r.get("retraction_reason")
            yield (
                claim_id,
                speaker,
                self.entities[r["target"]],
                r["text"],
                r.get("translation"),
                r.get("lang"),
                r.get("said_on"),
                self.sources.get(r.get("source")),
                r.get("act", "asserts"),
                r.get("location"),
                r.get("topic"),
                search_key(r["text"], r.get("quote"), r.get("translation")),
                content_key(speaker, r.get("said_on"), r["text"]),
                STAMP,
                STAMP,
                STAMP if reason else None,
                reason,
            )

    def link_rows(self, records) -> Iterator[tuple]:
        for r in records:
            a, b = sorted((self.claims[r["a"]], self.claims[r["b"]]))
            yield a, b, r["relation"], r.get("note"), STAMP, direct.ACTOR

    def load(self, lines) -> None:
        parsed = (json.loads(line) for line in lines if line.strip())
        for kind, group in itertools.groupby(parsed, key=lambda r: r["type"]):
            getattr(self, f"_{kind}")(group)

    def _entity(self, group) -> None:
        aliases: list = []
        members: list = []
        self.conn.executemany(
            "INSERT INTO entity (id, name, key, kind, parent_id, created_at) VALUES (?,?,?,?,?,?)",
            self.entity_rows(group, aliases, members),
        )
        self.conn.executemany("INSERT INTO alias (entity_id, alias, key) VALUES (?,?,?)", aliases)
        self.conn.executemany(
            "INSERT INTO membership (coalition_id, member_id) VALUES (?,?)", members
        )

    def _source(self, group) -> None:
        self.conn.executemany(
            "INSERT INTO source (id, title, publisher, url, published_on, lang, created_at) "
            "VALUES (?,?,?,?,?,?,?)",
            self.source_rows(group),
        )

    def _claim(self, group) -> None:
        vias: list = []
        marks = ",".join("?" * len(direct.CLAIM_COLUMNS.split(",")))
        self.conn.executemany(
            f"INSERT INTO claim ({direct.CLAIM_COLUMNS}) VALUES ({marks})",
            self.claim_rows(group, vias),
        )
        self.conn.executemany(
            "INSERT INTO claim_via (claim_id, position, entity_id) VALUES (?,?,?)", vias
        )

    def _link(self, group) -> None:
        self.conn.executemany(
            "INSERT INTO link (claim_a, claim_b, relation, note, created_at, created_by) "
            "VALUES (?,?,?,?,?,?)",
            self.link_rows(group),
        )


def main(argv: list[str]) -> None:
    source, target = Path(argv[0]), Path(argv[1])
    direct.create(target)
    conn = direct.connect(target)
    conn.execute("PRAGMA cache_size = -65536")  # 64 MiB, as claimdb's import uses
    conn.execute("BEGIN IMMEDIATE")
    with source.open(encoding="utf-8") as lines:
        Loader(conn).load(lines)
    direct.rebuild_fts(conn)
    conn.execute("COMMIT")
    conn.close()


if __name__ == "__main__":
    main(sys.argv[1:])
