"""The export baseline: ``python -m bench.raw_export DB FILE`` streams entities, sources,
claims (with names) and live links to JSONL with the sqlite3 module alone."""

from __future__ import annotations

import json
import sqlite3
import sys

QUERIES = {
    "entity": "SELECT e.name, e.kind, p.name FROM entity e LEFT JOIN entity p "
    "ON p.id = e.parent_id ORDER BY e.id",
    "source": "SELECT id, title, publisher, url, published_on, lang FROM source ORDER BY id",
    "claim": "SELECT c.id, s.name, t.name, c.said_on, c.act, c.lang, c.text, c.translation, "
    "c.topic, c.location, c.source_id FROM claim c JOIN entity s ON s.id = c.speaker_id "
    "JOIN entity t ON t.id = c.target_id ORDER BY c.id",
    "link": "SELECT claim_a, claim_b, relation, note FROM link WHERE removed_at IS NULL "
    "ORDER BY claim_a, claim_b",
}
FIELDS = {
    "entity": ("name", "kind", "parent"),
    "source": ("key", "title", "publisher", "url", "published", "lang"),
    "claim": (
        "key",
        "speaker",
        "target",
        "said_on",
        "act",
        "lang",
        "text",
        "translation",
        "topic",
        "location",
        "source",
    ),
    "link": ("a", "b", "relation", "note"),
}


def main(argv: list[str]) -> None:
    conn = sqlite3.connect(argv[0])
    with open(argv[1], "w", encoding="utf-8") as out:
        for kind, sql in QUERIES.items():
            for row in conn.execute(sql):
                record = {"type": kind} | {
                    k: v for k, v in zip(FIELDS[kind], row, strict=True) if v is not None
                }
                out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
    conn.close()


if __name__ == "__main__":
    main(sys.argv[1:])
