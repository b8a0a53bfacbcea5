"""Overviews across claims: the timeline, and who contradicts or supports whom (matrix)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Connection

from claimdb.analysis import standing
from claimdb.models import ClaimView
from claimdb.records import reads
from claimdb.records.ids import CHUNK

TIMELINE_FIELDS = (
    "said_on",
    "id",
    "speaker",
    "camp",
    "act",
    "target",
    "text",
    "translation",
    "topic",
    "standing",
    "grade",
    "suggested_credibility",
    "contradicts",
    "supports",
    "retracted",
)


def timeline(conn: Connection, include_retracted: bool = False, **filters: Any) -> list[dict]:
    """Claims in the order they were said (date, then the order recorded), each
    with its standing and the ids of the claims it contradicts or supports."""
    return list(timeline_stream(conn, include_retracted, **filters))


def timeline_stream(
    conn: Connection, include_retracted: bool = False, batch: int = CHUNK, **filters: Any
) -> Iterator[dict]:
    """``timeline`` as it is read, ``batch`` claims at a time (a claim's standing and
    links are its direct links: a batch needs nothing outside it)."""
    pages = reads.claim_stream(conn, batch, include_retracted=include_retracted, **filters)
    with closing(pages):
        for views in pages:
            yield from _rows(conn, views, include_retracted)


def _rows(conn: Connection, views: list[ClaimView], include_retracted: bool) -> list[dict]:
    """Timeline rows of a batch of claims."""
    found, edges, nodes = standing.view_standings(conn, views)
    standing.annotate(views, found)
    linked: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for e in edges:
        for me, other in ((e.a, e.b), (e.b, e.a)):
            if include_retracted or not nodes[other].retracted:
                linked[me][e.relation].append(other)
    rows = []
    for v in views:
        row = {k: getattr(v, k) for k in TIMELINE_FIELDS if hasattr(v, k)}
        row["contradicts"] = linked[v.id]["contradicts"]
        row["supports"] = linked[v.id]["supports"]
        rows.append(row)
    return rows


@dataclass
class Matrix:
    """Counts of links between parties (speakers or camps), most active first."""

    by: str  # "speaker" or "camp"
    names: list[str]
    activity: list[int]  # links each party takes part in (a link inside a party counts once)
    cells: dict[tuple[int, int], dict[str, int]] = field(default_factory=dict)  # both orders
    parties: int = 0  # how many parties have any link (before the limit)

    def rows(self) -> list[dict[str, Any]]:
        """Long form: one row per pair that has links, both orders (for JSON and CSV)."""
        return [
            {
                self.by: self.names[x],
                "with": self.names[y],
                "contradicts": n["contradicts"],
                "supports": n["supports"],
            }
            for (x, y), n in sorted(self.cells.items())
        ]

    def top(self, n: int) -> Matrix:
        """The ``n`` most active parties only."""
        cells = {(x, y): c for (x, y), c in self.cells.items() if x < n and y < n}
        return Matrix(self.by, self.names[:n], self.activity[:n], cells, self.parties)


def matrix(conn: Connection, by: str = "speaker", limit: int | None = None) -> Matrix:
    """Who contradicts / supports whom, counted over live links between live claims, by
    speaker or by camp; only the ``limit`` most active parties are kept (ties by name)."""
    if by not in ("speaker", "camp"):
        raise ValueError(f"by must be 'speaker' or 'camp', not {by!r}")
    counted = reads.speaker_links(conn)
    speakers = {s for a, b, _, _ in counted for s in (a, b)}
    if by == "camp":
        camp = reads.camps(conn, speakers)
        key = {s: camp[s][0] for s in speakers}
    else:
        key = {s: s for s in speakers}
    pairs: dict[tuple[int, int], dict[str, int]] = {}
    for a, b, relation, n in counted:
        x, y = sorted((key[a], key[b]))
        pairs.setdefault((x, y), {"contradicts": 0, "supports": 0})[relation] += n
    activity: dict[int, int] = defaultdict(int)
    for (x, y), n in pairs.items():
        total = n["contradicts"] + n["supports"]
        activity[x] += total
        if y != x:
            activity[y] += total
    names = reads.entity_names(conn, activity)
    top = sorted(activity, key=lambda p: (-activity[p], names[p], p))
    kept = top[:limit] if limit is not None else top
    index = {p: k for k, p in enumerate(kept)}
    cells = {}
    for (x, y), n in pairs.items():
        if x in index and y in index:
            cells[index[x], index[y]] = cells[index[y], index[x]] = n
    return Matrix(
        by, [names[p] for p in kept], [activity[p] for p in kept], cells, parties=len(top)
    )
