"""Read paths at size: claim list, report, one big dispute, search, name resolution.

claimdb is called in-process through its library API (``claimdb.api.Claimdb``, what
every command calls); the baseline is the hand-written SQL that fetches the same data
through the ``sqlite3`` module on the same file, in the same run.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from bench.generate import BIG_TOPIC
from bench.measure import Row, paired_ms

PAGE = 50
SEARCH = "الغارات حلب"  # "the air strikes" + "Aleppo": common in the generated claims
GOAL_PAGE_MS = 100.0
GOAL_PAGE_RATIO = 2.0

_COLUMNS = """
SELECT c.id, c.text, c.quote, c.translation, c.lang, c.act, c.said_on, c.topic, c.location,
       c.source_id, c.credibility, c.retracted_at, c.retraction_reason, c.speaker_id,
       c.target_id, s.name, t.name, src.title, src.url, src.reliability
"""
_JOINS = """
JOIN entity s ON s.id = c.speaker_id
JOIN entity t ON t.id = c.target_id
LEFT JOIN source src ON src.id = c.source_id
"""
_PAGE_SQL = f"""{_COLUMNS} FROM claim c {_JOINS}
WHERE c.retracted_at IS NULL {{where}}
ORDER BY c.said_on NULLS LAST, c.id
LIMIT ?
"""
_BY_ID_SQL = f"{_COLUMNS} FROM json_each(?) j JOIN claim c ON c.id = j.value {_JOINS}"
_CAMP_SQL = """
WITH RECURSIVE up (start, id, parent_id, depth) AS (
    SELECT id, id, parent_id, 0 FROM entity WHERE id IN (SELECT value FROM json_each(?))
    UNION ALL
    SELECT up.start, e.id, e.parent_id, up.depth + 1
    FROM up JOIN entity e ON e.id = up.parent_id WHERE up.depth < 64
)
SELECT up.start, up.id, e.name, up.depth FROM up JOIN entity e ON e.id = up.id
"""
_MEMBERS_SQL = """
SELECT coalition_id, member_id FROM membership
WHERE member_id IN (SELECT value FROM json_each(?1))
   OR coalition_id IN (SELECT value FROM json_each(?1))
"""
_VIA_SQL = """
SELECT v.claim_id, e.name FROM json_each(?) j JOIN claim_via v ON v.claim_id = j.value
JOIN entity e ON e.id = v.entity_id ORDER BY v.claim_id, v.position
"""
_TOUCHING_SQL = """
SELECT claim_a, claim_b, relation, note FROM link
WHERE removed_at IS NULL AND claim_a IN (SELECT value FROM json_each(?1))
UNION ALL
SELECT claim_a, claim_b, relation, note FROM link
WHERE removed_at IS NULL AND claim_b IN (SELECT value FROM json_each(?1))
"""
_NODES_SQL = """
SELECT c.id, c.speaker_id, c.retracted_at FROM json_each(?) j JOIN claim c ON c.id = j.value
"""

_COMPONENT_SQL = """
WITH RECURSIVE reach (id) AS (
    SELECT id FROM claim WHERE id IN (SELECT value FROM json_each(?)) AND retracted_at IS NULL
    UNION
    SELECT c.id FROM reach JOIN link l ON l.claim_a = reach.id JOIN claim c ON c.id = l.claim_b
    WHERE l.removed_at IS NULL AND c.retracted_at IS NULL
    UNION
    SELECT c.id FROM reach JOIN link l ON l.claim_b = reach.id JOIN claim c ON c.id = l.claim_a
    WHERE l.removed_at IS NULL AND c.retracted_at IS NULL
)
SELECT id FROM reach
"""


def _ids(values) -> str:
    return json.dumps(sorted(set(values)))


def _context(conn: sqlite3.Connection, rows: list, with_links: bool = True) -> int:
    """What claimdb shows next to claims: camps and blocs of the speakers (ancestry and
    memberships), the via chains, and (for standings) the links touching the claims with
    the speakers of the claims at their other end."""
    ids = [r[0] for r in rows]
    speakers = {r[13] for r in rows}
    fetched = len(conn.execute(_VIA_SQL, (_ids(ids),)).fetchall())
    if with_links:
        links = conn.execute(_TOUCHING_SQL, (_ids(ids),)).fetchall()
        others = {x for link in links for x in link[:2]} - set(ids)
        nodes = conn.execute(_NODES_SQL, (_ids(others),)).fetchall()
        speakers |= {n[1] for n in nodes}
        fetched += len(links) + len(nodes)
    chains = conn.execute(_CAMP_SQL, (_ids(speakers),)).fetchall()
    members = conn.execute(_MEMBERS_SQL, (_ids(c[1] for c in chains),)).fetchall()
    return len(rows) + fetched + len(chains) + len(members)


def _claim_page(conn: sqlite3.Connection, where: str, params: tuple, limit: int) -> int:
    """The baseline for one page of ``claim list``: the claims, their context, standings."""
    rows = conn.execute(_PAGE_SQL.format(where=where), (*params, limit)).fetchall()
    return _context(conn, rows)


def _report_baseline(conn: sqlite3.Connection, seeds_sql: str, params: tuple) -> int:
    """Seeds → whole disputes (one recursive query) → the claims with context → links."""
    seeds = [r[0] for r in conn.execute(seeds_sql, params)]
    ids = [r[0] for r in conn.execute(_COMPONENT_SQL, (_ids(seeds),))]
    rows = conn.execute(_BY_ID_SQL, (_ids(ids),)).fetchall()
    links = conn.execute(
        "SELECT claim_a, claim_b, relation, note FROM link WHERE removed_at IS NULL "
        "AND claim_a IN (SELECT value FROM json_each(?))",
        (_ids(ids),),
    ).fetchall()
    return _context(conn, rows, with_links=False) + len(links)


class Reads:
    """The read benchmarks over one database built from a ``generate.Dataset``."""

    def __init__(self, path: Path, repeat: int = 5) -> None:
        from claimdb.api import Claimdb

        self.path = path
        self.repeat = repeat
        self.db = Claimdb(str(path), actor="bench")
        self.raw = sqlite3.connect(path)
        self.speaker = self._busiest("speaker_id")
        self.target = self._busiest("target_id")
        self.topic = self.raw.execute(
            "SELECT topic FROM claim WHERE topic <> ? LIMIT 1", (BIG_TOPIC,)
        ).fetchone()[0]

    def close(self) -> None:
        self.db.close()
        self.raw.close()

    def _busiest(self, column: str) -> tuple[int, str]:
        """The entity with the most claims in ``column`` (by id) and its name."""
        row = self.raw.execute(
            f"SELECT e.id, e.name FROM entity e WHERE e.id = (SELECT {column} FROM claim "
            f"GROUP BY {column} ORDER BY count(*) DESC LIMIT 1)"
        ).fetchone()
        return row[0], row[1]

    def _pair(
        self,
        operation: str,
        ours: Callable[[], object],
        base: Callable[[], object],
        goal_ms: float = GOAL_PAGE_MS,
        goal_ratio: float | None = GOAL_PAGE_RATIO,
    ) -> Row:
        timed = paired_ms(ours, base, self.repeat)
        mine = timed.ours_ms
        ok = mine < goal_ms and (goal_ratio is None or timed.ratio <= goal_ratio)
        goal = f"< {goal_ms:g} ms" + (f", <= {goal_ratio:g}x" if goal_ratio else "")
        return Row(operation, mine, timed.base_ms, "ms", goal, ok, spread=timed.spread)

    def claim_list(self) -> list[Row]:
        (speaker_id, speaker), (target_id, target) = self.speaker, self.target
        cases = [
            ("claim list, first page", {}, "", ()),
            (
                "claim list --speaker, first page",
                {"speaker": speaker},
                "AND c.speaker_id = ?",
                (speaker_id,),
            ),
            (
                "claim list --target, first page",
                {"target": target},
                "AND c.target_id = ?",
                (target_id,),
            ),
            (
                "claim list --topic, first page",
                {"topic": self.topic},
                "AND c.topic = ?",
                (self.topic,),
            ),
        ]
        rows = []
        for operation, filters, where, params in cases:
            rows.append(
                self._pair(
                    f"{operation} ({PAGE})",
                    lambda f=filters: self.db.list_claims(**f, limit=PAGE),
                    lambda w=where, p=params: _claim_page(self.raw, w, p, PAGE),
                )
            )
        return rows

    def report_page(self) -> Row:
        seeds = (
            "SELECT DISTINCT claim_a FROM link WHERE removed_at IS NULL ORDER BY claim_a LIMIT ?"
        )
        return self._pair(
            f"report, first page ({PAGE} disputes)",
            lambda: self.db.report(limit=PAGE),
            lambda: _report_baseline(self.raw, seeds, (PAGE,)),
        )

    def report_big(self) -> Row:
        """The report of the one big dispute (its claims share a topic of their own)."""
        seeds = "SELECT id FROM claim WHERE topic = ? AND retracted_at IS NULL"
        size = self.raw.execute("SELECT count(*) FROM claim WHERE topic = ?", (BIG_TOPIC,))
        operation = f"report of one dispute of {size.fetchone()[0]:,} claims"
        return self._pair(
            operation,
            lambda: self.db.report(topic=BIG_TOPIC),
            lambda: _report_baseline(self.raw, seeds, (BIG_TOPIC,)),
            goal_ms=200,
            goal_ratio=None,
        )

    def names(self) -> list[Row]:
        """Name resolution in the store (exact, then the did-you-mean miss)."""
        from rapidfuzz import fuzz, process

        from claimdb.errors import NotFound
        from claimdb.text.normalize import normalize

        keys = [
            k for (k,) in self.raw.execute("SELECT key FROM entity UNION ALL SELECT key FROM alias")
        ]
        alias = self.raw.execute(
            "SELECT alias FROM alias WHERE entity_id = ? LIMIT 1", (self.speaker[0],)
        ).fetchone()
        name = alias[0] if alias else self.speaker[1]
        typo = name[:-2] + name[-1]

        def miss() -> None:
            with contextlib.suppress(NotFound):
                self.db.resolve(typo)

        def indexed(query: str) -> None:
            """What an exact lookup costs by hand: the key, through the two key indexes."""
            key = normalize(query)
            self.raw.execute(
                "SELECT id, name FROM entity WHERE key = ? UNION "
                "SELECT e.id, e.name FROM alias a JOIN entity e ON e.id = a.entity_id "
                "WHERE a.key = ?",
                (key, key),
            ).fetchall()

        def scan(query: str) -> None:
            """What a did-you-mean costs by hand: one fuzzy pass over every label."""
            process.extractOne(normalize(query), keys, scorer=fuzz.ratio, processor=None)

        n = len(keys)
        exact = self._pair(
            f"resolve a name or alias ({n:,} labels)",
            lambda: self.db.resolve(name),
            lambda: indexed(name),
            goal_ms=50,
            goal_ratio=None,
        )
        missed = paired_ms(miss, lambda: scan(typo), max(3, self.repeat // 2))
        return [
            exact,
            Row(
                "did-you-mean on a miss (same labels; baseline: one fuzzy scan)",
                missed.ours_ms,
                missed.base_ms,
                "ms",
                "reported",
                None,
                spread=missed.spread,
            ),
        ]

    def search(self) -> Row:
        """Two common words (an Arabic noun and a place), the first 20 hits, ranked."""
        operation = "search, two words (20 best of {:,} hits)"
        from claimdb.text.normalize import fts_query

        match = fts_query(SEARCH)
        hits = self.raw.execute(
            "SELECT count(*) FROM claim_fts WHERE claim_fts MATCH ?", (match,)
        ).fetchone()[0]
        sql = f"{_COLUMNS} FROM claim_fts JOIN claim c ON c.id = claim_fts.rowid {_JOINS} "
        sql += "WHERE claim_fts MATCH ? ORDER BY claim_fts.rank LIMIT 20"
        return self._pair(
            operation.format(hits),
            lambda: self.db.search(SEARCH, limit=20),
            lambda: self.raw.execute(sql, (match,)).fetchall(),
            goal_ratio=None,
        )
