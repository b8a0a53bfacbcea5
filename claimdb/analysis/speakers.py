"""``speakers``: who speaks most, their camps, and whom they contradict or support.

At a million claims the list must stay under a second, so nothing reads the claim table
whole: claims are counted per speaker from the ``claim_speaker`` index alone (a covering
index scan, ~30 ms for 200k claims, where a count of live claims reads every row, ~600
ms), the retracted claims are taken off only for the speakers that could be shown, and
the links are counted only for the claims of the speakers shown.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from claimdb.analysis import disputes
from claimdb.records import reads
from claimdb.records.ids import ids_sql

_ALL = "SELECT speaker_id, count(*) FROM claim GROUP BY speaker_id"
_RETRACTED = """
SELECT speaker_id, count(*) FROM claim
WHERE speaker_id {ids} AND retracted_at IS NOT NULL GROUP BY speaker_id
"""
# Live links between live claims with a claim of the speakers given at either end.
_LINKS = """
SELECT a.speaker_id, b.speaker_id, l.relation, count(*) FROM claim a
JOIN link l ON l.claim_a = a.id JOIN claim b ON b.id = l.claim_b
WHERE a.speaker_id {ids} AND l.removed_at IS NULL
  AND a.retracted_at IS NULL AND b.retracted_at IS NULL
GROUP BY a.speaker_id, b.speaker_id, l.relation
UNION ALL
SELECT a.speaker_id, b.speaker_id, l.relation, count(*) FROM claim b
JOIN link l ON l.claim_b = b.id JOIN claim a ON a.id = l.claim_a
WHERE b.speaker_id {ids} AND NOT (a.speaker_id {ids}) AND l.removed_at IS NULL
  AND a.retracted_at IS NULL AND b.retracted_at IS NULL
GROUP BY a.speaker_id, b.speaker_id, l.relation
"""


def _live(conn: Connection, totals: dict[int, int], ids: set[int]) -> dict[int, int]:
    """Live claims of the speakers ``ids``: their totals less their retracted claims."""
    where, value = ids_sql(conn, ids)
    retracted = dict(conn.execute(text(_RETRACTED.format(ids=where)), {"ids": value}).all())
    return {i: totals[i] - retracted.get(i, 0) for i in ids}


def _top(conn: Connection, limit: int | None) -> tuple[dict[int, int], int]:
    """Live claim counts of the speakers to show (with every speaker tied at the cut),
    and how many speakers have claims."""
    totals = dict(conn.execute(text(_ALL)).all())
    if limit is None or len(totals) <= limit:
        live = _live(conn, totals, set(totals))
        return {i: n for i, n in live.items() if n}, sum(1 for n in live.values() if n)
    ranked = sorted(totals, key=totals.__getitem__, reverse=True)
    live = _live(conn, totals, set(ranked[:limit]))
    while True:  # a speaker whose total reaches the cut may have as many live claims
        cut = sorted(live.values(), reverse=True)[limit - 1]
        more = {i for i in ranked if totals[i] >= cut} - live.keys()
        if not more:
            break
        live |= _live(conn, totals, more)
    return {i: n for i, n in live.items() if n >= max(cut, 1)}, len(totals)


def _pairs(conn: Connection, shown: list[int]) -> dict[tuple[int, int], dict[str, int]]:
    """Links between two different speakers' live claims, one of them shown, by relation."""
    counts: dict[tuple[int, int], dict[str, int]] = {}
    if not shown:
        return counts
    where, value = ids_sql(conn, shown)
    for x, y, relation, n in conn.execute(text(_LINKS.format(ids=where)), {"ids": value}):
        if x != y:
            pair = counts.setdefault((min(x, y), max(x, y)), dict.fromkeys(disputes.RELATIONS, 0))
            pair[relation] += n
    return dict(sorted(counts.items()))


def speakers(conn: Connection, limit: int | None = None) -> tuple[list[dict[str, Any]], int]:
    """The ``limit`` speakers with the most live claims (all without one), most first
    (ties by name), each with claim count, camp, and whom they contradict / support (by
    name); and how many speakers have claims (retracted ones included)."""
    counts, total = _top(conn, limit)
    pairs = _pairs(conn, list(counts))
    names = reads.entity_names(conn, set(counts) | {i for pair in pairs for i in pair})
    top = sorted(counts, key=lambda i: (-counts[i], names[i]))[:limit]
    camp = reads.camps(conn, top)
    shown = set(top)
    against: dict[int, dict[str, int]] = {i: {} for i in top}
    allies: dict[int, dict[str, int]] = {i: {} for i in top}
    for (a, b), n in pairs.items():
        for x, y in ((a, b), (b, a)):
            if x in shown:
                if n["contradicts"]:
                    against[x][names[y]] = n["contradicts"]
                if n["supports"]:
                    allies[x][names[y]] = n["supports"]
    rows = [
        {
            "speaker": names[i],
            "camp": camp[i][1],
            "claims": counts[i],
            "contradicts": against[i],
            "supports": allies[i],
        }
        for i in top
    ]
    return rows, total
