"""Where claims stand: standing from direct links, suggested credibility, and the chain a
claim reached us through.

The database side of ``claimdb.analysis.disputes.standing``: one set-based query fetches the live
links of the claims asked about (chunked ``IN`` lists), one more their neighbours'
speakers; camps and blocs come from ``claimdb.records.reads``. Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from contextlib import closing
from typing import Any

from sqlalchemy import or_, select, text
from sqlalchemy.engine import Connection

from claimdb import validate
from claimdb.analysis import disputes
from claimdb.db.tables import Claim, Link, Source
from claimdb.models import ClaimView
from claimdb.records import reads
from claimdb.records.ids import CHUNK, chunks, ids_sql

BIG = 4 * CHUNK  # more ids than this: one scan of the table instead of IN lists


def direct_links(conn: Connection, ids: Collection[int] | None = None) -> list[disputes.Edge]:
    """Live links touching any of ``ids`` (every live link when ``ids`` is None). Many ids
    are matched in Python against one scan of the live links instead of many IN lists."""
    query = select(Link.c.claim_a, Link.c.claim_b, Link.c.relation, Link.c.note).where(
        Link.c.removed_at.is_(None)
    )
    if ids is not None and len(ids) > BIG:
        wanted = set(ids)
        batches = [[r for r in conn.execute(query) if r.claim_a in wanted or r.claim_b in wanted]]
    elif ids is None:
        batches = [conn.execute(query)]
    else:
        batches = [
            conn.execute(query.where(or_(Link.c.claim_a.in_(part), Link.c.claim_b.in_(part))))
            for part in chunks(ids)
        ]
    found = {(r.claim_a, r.claim_b): r for rows in batches for r in rows}
    return [
        disputes.Edge(r.claim_a, r.claim_b, r.relation, r.note) for _, r in sorted(found.items())
    ]


def make_nodes(
    conn: Connection, claims: Iterable[tuple[int, int, bool]]
) -> dict[int, disputes.Node]:
    """Dispute nodes from ``(claim id, speaker id, retracted)``: camps and blocs looked up."""
    claims = list(claims)
    speakers = {speaker for _, speaker, _ in claims}
    chains = reads.ancestry(conn, speakers)  # once: camps and blocs both need it
    bloc = reads.blocs(conn, speakers, chains)
    return {
        i: disputes.Node(i, speaker, chains[speaker][-1][0], bloc[speaker], retracted)
        for i, speaker, retracted in claims
    }


def _claim_nodes(conn: Connection, ids: Collection[int]) -> dict[int, disputes.Node]:
    query = select(Claim.c.id, Claim.c.speaker_id, Claim.c.retracted_at)
    if len(ids) > BIG:
        wanted = set(ids)
        rows = [r for r in conn.execute(query) if r.id in wanted]
    else:
        rows = [r for part in chunks(ids) for r in conn.execute(query.where(Claim.c.id.in_(part)))]
    return make_nodes(conn, ((r.id, r.speaker_id, r.retracted_at is not None) for r in rows))


def standings_and_links(
    conn: Connection, ids: Collection[int]
) -> tuple[dict[int, str], list[disputes.Edge], dict[int, disputes.Node]]:
    """The standing of each claim in ``ids`` (ids that are no claim are left out), the
    live links touching them, and the nodes of those claims and their neighbours."""
    edges = direct_links(conn, ids)
    nodes = _claim_nodes(conn, set(ids) | {i for e in edges for i in (e.a, e.b)})
    found = disputes.standing(nodes, edges)
    return {i: found[i] for i in ids if i in found}, edges, nodes


_TOUCHING = """
SELECT l.claim_a, l.claim_b, l.relation, l.note, o.id, o.speaker_id, o.retracted_at
FROM link l JOIN claim o ON o.id = l.claim_b
WHERE l.removed_at IS NULL AND l.claim_a {ids}
UNION ALL
SELECT l.claim_a, l.claim_b, l.relation, l.note, o.id, o.speaker_id, o.retracted_at
FROM link l JOIN claim o ON o.id = l.claim_a
WHERE l.removed_at IS NULL AND l.claim_b {ids}
"""


def view_standings(
    conn: Connection, views: Collection[ClaimView]
) -> tuple[dict[int, str], list[disputes.Edge], dict[int, disputes.Node]]:
    """``standings_and_links`` for claims already read (a page, a batch of a stream): the
    live links touching them and the claims at their other ends in one statement (each
    side on its own index), then the camps and blocs of the speakers."""
    where, value = ids_sql(conn, [v.id for v in views])
    rows = conn.execute(text(_TOUCHING.format(ids=where)), {"ids": value}).all()
    claims = {v.id: (v.id, v.speaker_id, v.retracted) for v in views}
    found: dict[tuple[int, int], disputes.Edge] = {}
    for a, b, relation, note, other, speaker, retracted_at in rows:
        found[a, b] = disputes.Edge(a, b, relation, note)
        claims.setdefault(other, (other, speaker, retracted_at is not None))
    nodes = make_nodes(conn, claims.values())
    edges = [found[k] for k in sorted(found)]
    standing = disputes.standing(nodes, edges)
    return {v.id: standing[v.id] for v in views}, edges, nodes


def standings(conn: Connection, ids: Collection[int]) -> dict[int, str]:
    """The standing of each claim in ``ids`` (ids that are no claim are left out)."""
    return standings_and_links(conn, ids)[0]


def annotate(views: Iterable[ClaimView], found: dict[int, str]) -> None:
    """Set each view's standing and the credibility that standing suggests."""
    for v in views:
        v.standing = found.get(v.id, v.standing)
        v.suggested_credibility = disputes.suggest_credibility(v.standing) if v.standing else None


def claims(
    conn: Connection,
    standing: str | None = None,
    limit: int | None = None,
    **filters: Any,
) -> list[ClaimView]:
    """``reads.claims`` with each claim's standing; ``standing`` keeps only that one."""
    return list(claim_stream(conn, standing, limit, **filters))


def claim_stream(
    conn: Connection,
    standing: str | None = None,
    limit: int | None = None,
    batch: int = CHUNK,
    **filters: Any,
) -> Iterator[ClaimView]:
    """``claims`` as they are read: ``batch`` claims at a time get their standing (from
    their direct links, so a batch needs nothing outside it), then are yielded."""
    if standing is not None:
        validate.choice(standing, disputes.STANDINGS, "standing")
        if standing == "retracted":
            filters["include_retracted"] = True
    pages = reads.claim_stream(conn, batch, limit=None if standing else limit, **filters)
    with closing(pages):
        yield from _standing_stream(conn, pages, standing, limit)


def _standing_stream(
    conn: Connection, pages: Iterator[list[ClaimView]], standing: str | None, limit: int | None
) -> Iterator[ClaimView]:
    taken = 0
    for views in pages:
        annotate(views, view_standings(conn, views)[0])
        for v in views:
            if standing is None or v.standing == standing:
                yield v
                taken += 1
                if limit and taken >= limit:
                    return


def chain(conn: Connection, view: ClaimView) -> list[str]:
    """Who a claim came through: publisher → via... → speaker → the speaker's parents.

    E.g. ``RT Arabic → Igor Konashenkov → Russian Ministry of Defence → Russia``. The
    source's publisher (else its title) comes first; a name repeated next to itself once.
    """
    names: list[str] = []
    if view.source_id is not None:
        row = conn.execute(
            select(Source.c.publisher, Source.c.title).where(Source.c.id == view.source_id)
        ).first()
        if row is not None:
            names.append(row.publisher or row.title)
    names += view.via
    ancestry = reads.ancestry(conn, [view.speaker_id]).get(view.speaker_id, [])
    names += [name for _, name in ancestry] or [view.speaker]
    return [n for k, n in enumerate(names) if k == 0 or n != names[k - 1]]
