"""The contradiction report and the speakers summary, built from the store.

Queries fetch the linked claims set-wise; the pure ``disputes`` module splits
them into disputes and sides; the result types go to ``render``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, bindparam, or_, select, text
from sqlalchemy.engine import Connection

from claimdb import disputes, queries
from claimdb.models import Claim, DisputeView, Link, LinkView, Report, Side, SpeakerPair

_COMPONENT = text("""
WITH RECURSIVE reach (id) AS (
    SELECT id FROM claim WHERE id IN :ids
    UNION
    SELECT CASE WHEN l.claim_a = reach.id THEN l.claim_b ELSE l.claim_a END
    FROM reach JOIN link l ON (l.claim_a = reach.id OR l.claim_b = reach.id)
    WHERE l.removed_at IS NULL
)
SELECT id FROM reach
""").bindparams(bindparam("ids", expanding=True))


def _seed_ids(
    conn: Connection, speaker: int | None, target: int | None, topic: str | None, since: str | None
) -> list[int] | None:
    """Claims matching the filters that take part in a live link (None: no filter)."""
    if speaker is None and target is None and not topic and not since:
        return None
    linked = select(Link.id).where(
        or_(Link.claim_a == Claim.id, Link.claim_b == Claim.id), Link.removed_at.is_(None)
    )
    query = select(Claim.id).where(linked.exists())
    for column, value in (
        (Claim.speaker_id, speaker),
        (Claim.target_id, target),
        (Claim.topic, topic),
    ):
        if value is not None and value != "":
            query = query.where(column == value)
    if since:
        query = query.where(Claim.said_on >= since)
    return list(conn.execute(query).scalars())


def _live_links(conn: Connection, include_retracted: bool) -> list[Any]:
    query = select(Link.claim_a, Link.claim_b, Link.relation, Link.note).where(
        Link.removed_at.is_(None)
    )
    if not include_retracted:
        live = select(Claim.id).where(Claim.retracted_at.is_(None))
        query = query.where(and_(Link.claim_a.in_(live), Link.claim_b.in_(live)))
    return conn.execute(query.order_by(Link.claim_a, Link.claim_b)).all()


def build(
    conn: Connection,
    speaker: int | None = None,
    target: int | None = None,
    topic: str | None = None,
    since: str | None = None,
    include_retracted: bool = False,
) -> Report:
    seeds = _seed_ids(conn, speaker, target, topic, since)
    if seeds is not None:
        wanted = set(conn.execute(_COMPONENT, {"ids": seeds}).scalars()) if seeds else set()
    rows = [
        r
        for r in _live_links(conn, include_retracted)
        if seeds is None or (r.claim_a in wanted and r.claim_b in wanted)
    ]
    ids = {r.claim_a for r in rows} | {r.claim_b for r in rows}
    views = {c.id: c for c in queries.claims(conn, ids=ids, include_retracted=True)}
    bloc = queries.blocs(conn, {c.speaker_id for c in views.values()})
    camp = queries.camps(conn, {c.speaker_id for c in views.values()})
    nodes = {
        c.id: disputes.Node(
            c.id, c.speaker_id, camp[c.speaker_id][0], bloc[c.speaker_id], c.retracted
        )
        for c in views.values()
    }
    edges = [disputes.Edge(r.claim_a, r.claim_b, r.relation, r.note) for r in rows]
    found = disputes.build_disputes(nodes.values(), edges)
    standing = disputes.standing(nodes, found)
    for c in views.values():
        c.standing = standing.get(c.id)
    out = []
    for number, d in enumerate(found, 1):
        sides = d.sides or [d.claim_ids]
        out.append(
            DisputeView(
                number=number,
                sides=[
                    Side([views[i] for i in side], disputes.voices(side, nodes)) for side in sides
                ],
                links=[LinkView(e.a, e.b, e.relation, e.note) for e in d.edges],
                tangled=d.tangled,
                within_camp=d.within_camp,
                camps=sorted({views[i].camp or "" for i in d.claim_ids}),
            )
        )
    pairs = disputes.speaker_pairs(nodes, edges)
    names = {c.speaker_id: c.speaker for c in views.values()}
    summary = sorted(
        (
            SpeakerPair(names[a], names[b], n.get("contradicts", 0), n.get("supports", 0))
            for (a, b), n in pairs.items()
            if a != b
        ),
        key=lambda p: (-p.contradicts, -p.supports, p.a, p.b),
    )
    return Report(disputes=out, pairs=summary)


def speakers(conn: Connection) -> list[dict[str, Any]]:
    """Each speaker: claim count, camp, and whom they contradict / support (by name)."""
    report = build(conn)
    counts = dict(
        conn.execute(
            select(Claim.speaker_id, text("count(*)"))
            .where(Claim.retracted_at.is_(None))
            .group_by(Claim.speaker_id)
        ).all()
    )
    camp = queries.camps(conn, counts)
    names = dict(conn.execute(text("SELECT id, name FROM entity")).all()) if counts else {}
    against: dict[str, dict[str, int]] = {names[i]: {} for i in counts}
    allies: dict[str, dict[str, int]] = {names[i]: {} for i in counts}
    for p in report.pairs:
        for x, y in ((p.a, p.b), (p.b, p.a)):
            if p.contradicts and x in against:
                against[x][y] = p.contradicts
            if p.supports and x in allies:
                allies[x][y] = p.supports
    rows = [
        {
            "speaker": names[i],
            "camp": camp[i][1],
            "claims": n,
            "contradicts": against[names[i]],
            "supports": allies[names[i]],
        }
        for i, n in counts.items()
    ]
    return sorted(rows, key=lambda r: (-r["claims"], r["speaker"]))
