"""Baselines for the streaming commands: ``python -m bench.raw_streams MODE DB`` answers
the question of a claimdb command with hand-written SQL through ``sqlite3``, streaming its
rows to stdout as JSON, and holding one batch at a time.

- ``claims``: every live claim with its names, source, camps and blocs of its speaker, via
  chain and the links touching it with the claims at their other end (what ``claim list
  --limit 0`` and ``timeline --limit 0`` show), 500 claims at a time (``bench.reads``).
- ``linked``: every live link with both claims and their speakers' names (the matter of
  ``report --limit 0``, without grouping it into disputes and sides).
- ``speakers``: the 50 speakers with the most live claims, their camps, how many speakers
  there are, and the speaker-to-speaker link counts (``speakers``).
"""

from __future__ import annotations

import json
import sqlite3
import sys

from bench.reads import _CAMP_SQL, _PAGE_SQL, _context, _ids

BATCH = 500
_LINKED = """
SELECT l.claim_a, l.claim_b, l.relation, l.note, a.text, a.said_on, sa.name, b.text, b.said_on,
       sb.name
FROM link l JOIN claim a ON a.id = l.claim_a JOIN claim b ON b.id = l.claim_b
JOIN entity sa ON sa.id = a.speaker_id JOIN entity sb ON sb.id = b.speaker_id
WHERE l.removed_at IS NULL AND a.retracted_at IS NULL AND b.retracted_at IS NULL
ORDER BY l.claim_a, l.claim_b
"""
_COUNTS = """
SELECT speaker_id, count(*) FROM claim WHERE retracted_at IS NULL GROUP BY speaker_id
"""
_PAIRS = """
SELECT a.speaker_id, b.speaker_id, l.relation, count(*) FROM link l
JOIN claim a ON a.id = l.claim_a JOIN claim b ON b.id = l.claim_b
WHERE l.removed_at IS NULL AND a.retracted_at IS NULL AND b.retracted_at IS NULL
GROUP BY a.speaker_id, b.speaker_id, l.relation
"""


def claims(conn: sqlite3.Connection, write) -> None:
    cursor = conn.execute(_PAGE_SQL.format(where=""), (-1,))
    while rows := cursor.fetchmany(BATCH):
        _context(conn, rows)
        for r in rows:
            write(json.dumps(r, ensure_ascii=False) + "\n")


def linked(conn: sqlite3.Connection, write) -> None:
    for row in conn.execute(_LINKED):
        write(json.dumps(row, ensure_ascii=False) + "\n")


def speakers(conn: sqlite3.Connection, write) -> None:
    counts = conn.execute(_COUNTS).fetchall()
    top = sorted(counts, key=lambda r: -r[1])[:50]
    names = dict(
        conn.execute(
            "SELECT id, name FROM entity WHERE id IN (SELECT value FROM json_each(?))",
            (_ids(r[0] for r in top),),
        ).fetchall()
    )
    chains = conn.execute(_CAMP_SQL, (_ids(r[0] for r in top),)).fetchall()
    pairs = conn.execute(_PAIRS).fetchall()
    write(json.dumps({"speakers": len(counts), "top": [[names[i], n] for i, n in top]}))
    write(json.dumps([len(chains), len(pairs)]) + "\n")


def main(argv: list[str]) -> None:
    mode, path = argv
    conn = sqlite3.connect(path)
    out = sys.stdout
    {"claims": claims, "linked": linked, "speakers": speakers}[mode](conn, out.write)
    out.flush()
    conn.close()


if __name__ == "__main__":
    main(sys.argv[1:])
