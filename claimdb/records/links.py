"""Link writes inside a transaction: two claims contradict or support each other.

A link is stored once per pair, lowest claim id first, and one live link per pair;
unlinking stamps it removed (never deleted), so history keeps it. ``add`` is the write
of ``contradict``/``support``/``load``; ``add_many`` its batch variant (``import``).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import insert, select, tuple_, update
from sqlalchemy.engine import Connection

from claimdb import validate
from claimdb.db.store import now
from claimdb.db.tables import Link
from claimdb.errors import Conflict, NotFound
from claimdb.models import RELATIONS
from claimdb.records import claims, events


def live(conn: Connection, lo: int, hi: int):
    """The live link (id, relation) of the pair, or None."""
    return conn.execute(
        select(Link.c.id, Link.c.relation).where(
            Link.c.claim_a == lo, Link.c.claim_b == hi, Link.c.removed_at.is_(None)
        )
    ).first()


def live_pairs(conn: Connection, pairs: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(lo, hi, relation) of the pairs that have a live link."""
    if not pairs:
        return []
    rows = conn.execute(
        select(Link.c.claim_a, Link.c.claim_b, Link.c.relation).where(
            Link.c.removed_at.is_(None), tuple_(Link.c.claim_a, Link.c.claim_b).in_(pairs)
        )
    )
    return [tuple(r) for r in rows]


def _pair(conn: Connection, a: str | int, b: str | int) -> tuple[int, int]:
    first, second = claims.get(conn, a)["id"], claims.get(conn, b)["id"]
    return min(first, second), max(first, second)


def add(
    conn: Connection,
    actor: str,
    a: str | int,
    b: str | int,
    relation: str,
    note: str | None = None,
    exists_ok: bool = False,
) -> int:
    """Link claims ``a`` and ``b``; with ``exists_ok`` the same live link is no error."""
    validate.choice(relation, RELATIONS, "relation")
    lo, hi = _pair(conn, a, b)
    if lo == hi:
        raise Conflict(f"claim #{lo} cannot be linked to itself")
    found = live(conn, lo, hi)
    if found is not None:
        if found.relation == relation and exists_ok:
            return found.id
        if found.relation == relation:
            raise Conflict(f"claims #{lo} and #{hi} are already linked: {relation}")
        raise Conflict(
            f"claims #{lo} and #{hi} are already linked the other way "
            f"({found.relation}); unlink them first"
        )
    row = {
        "claim_a": lo,
        "claim_b": hi,
        "relation": relation,
        "note": validate.text(note, "note"),
        "created_at": now(),
        "created_by": actor,
    }
    link_id = conn.execute(insert(Link), row).inserted_primary_key[0]
    events.append(conn, actor, "link", "link", link_id, after=row)
    return link_id


def add_many(
    conn: Connection,
    actor: str,
    links: Iterable[tuple[int, int, str, str | None]],
    stamp: str,
) -> None:
    """The batch variant of ``add`` (the bulk import, which checked them and logs one
    event for the whole import): (lo, hi, relation, note) of pairs not linked yet."""
    rows = [
        {
            "claim_a": lo,
            "claim_b": hi,
            "relation": relation,
            "note": note,
            "created_at": stamp,
            "created_by": actor,
        }
        for lo, hi, relation, note in links
    ]
    if rows:
        conn.execute(insert(Link), rows)


def remove(conn: Connection, actor: str, a: str | int, b: str | int) -> int:
    """Unlink two claims (the link is stamped removed, not deleted); its id."""
    lo, hi = _pair(conn, a, b)
    found = live(conn, lo, hi)
    if found is None:
        raise NotFound(f"claims #{lo} and #{hi} are not linked")
    stamp = now()
    conn.execute(
        update(Link).where(Link.c.id == found.id).values(removed_at=stamp, removed_by=actor)
    )
    before = {"claim_a": lo, "claim_b": hi, "relation": found.relation}
    after = {"removed_at": stamp, "removed_by": actor}
    events.append(conn, actor, "unlink", "link", found.id, before=before, after=after)
    return found.id
