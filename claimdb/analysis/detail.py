"""One claim as ``claim show`` shows it: its standing, its chain and its links, now or
as it was at a past time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.engine import Connection

from claimdb.analysis import asof
from claimdb.analysis.standing import annotate, chain, standings
from claimdb.db.tables import Link
from claimdb.models import ClaimView
from claimdb.records import reads
from claimdb.records.ids import among


def claim_detail(
    conn: Connection, claim_id: int, as_of: str | None = None
) -> tuple[ClaimView, list[dict[str, Any]]]:
    """One claim (now, or as it was at ``as_of``) with standing, chain and its links."""
    if as_of is not None:
        view, links = asof.claim_detail(conn, claim_id, asof.parse_at(as_of))
    else:
        view, links = reads.claim_detail(conn, claim_id)
        annotate([view], standings(conn, [claim_id]))
    view.chain = chain(conn, view)
    return view, links


def claim_details(
    conn: Connection, ids: Sequence[int]
) -> dict[int, tuple[ClaimView, list[dict[str, Any]]]]:
    """``claim_detail`` now for many claims at once (search hits): the same views,
    standings, chains and links, read in a few queries instead of a few per claim."""
    views = {v.id: v for v in reads.claims(conn, ids=ids, include_retracted=True)}
    annotate(views.values(), standings(conn, list(views)))
    rows = (
        conn.execute(
            select(Link.c.claim_a, Link.c.claim_b, Link.c.relation, Link.c.note)
            .where(
                or_(
                    among(conn, Link.c.claim_a, views),
                    among(conn, Link.c.claim_b, views),
                ),
                Link.c.removed_at.is_(None),
            )
            .order_by(Link.c.claim_a, Link.c.claim_b)
        ).all()
        if views
        else []
    )
    touching: dict[int, list[Any]] = defaultdict(list)
    for r in rows:
        for end in {r.claim_a, r.claim_b} & views.keys():
            touching[end].append(r)
    others = {reads.other_end(r, i) for i, rs in touching.items() for r in rs} - views.keys()
    by_id = dict(views)
    if others:
        by_id |= {c.id: c for c in reads.claims(conn, ids=others, include_retracted=True)}
    out = {}
    for claim_id, view in views.items():
        view.chain = chain(conn, view)
        out[claim_id] = view, reads.link_entries(claim_id, touching[claim_id], by_id)
    return out
