"""Link records of an import: checked as a batch, then inserted by one executemany."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, tuple_
from sqlalchemy.engine import Connection

from claimdb.db.tables import Link
from claimdb.errors import ClaimdbError, Conflict, NotFound
from claimdb.io import import_records as rec


def write(
    conn: Connection,
    pending: list[tuple[int, dict[str, Any]]],
    ids: dict[str, int],
    name: str,
    actor: str,
    stamp: str,
) -> tuple[int, int]:
    """Insert the (line, link record) pairs whose ends ``ids`` maps to claim ids;
    returns (added, already present). A pair already linked the same way is present;
    linked the other way, or a self-link, is an error naming the line."""
    new: dict[tuple[int, int], tuple[int, dict[str, Any]]] = {}
    existing = 0
    for line, r in pending:
        try:
            a, b = (_claim(ids, rec.key(r, end), end) for end in ("a", "b"))
            if a == b:
                raise Conflict(f"claim #{a} cannot be linked to itself")
            pair = (min(a, b), max(a, b))
            if pair in new:
                _same_relation(new[pair][1]["relation"], r["relation"], pair)
                existing += 1
            else:
                new[pair] = (line, r)
        except ClaimdbError as e:
            raise rec.located(e, name, line, "link") from None
    live = conn.execute(
        select(Link.c.claim_a, Link.c.claim_b, Link.c.relation).where(
            Link.c.removed_at.is_(None), tuple_(Link.c.claim_a, Link.c.claim_b).in_(list(new))
        )
    ).all()
    for lo, hi, relation in live:
        line, r = new.pop((lo, hi))
        try:
            _same_relation(relation, r["relation"], (lo, hi))
        except ClaimdbError as e:
            raise rec.located(e, name, line, "link") from None
        existing += 1
    if new:
        rows = [
            {
                "claim_a": lo,
                "claim_b": hi,
                "relation": r["relation"],
                "note": rec.optional(r, "note"),
                "created_at": stamp,
                "created_by": actor,
            }
            for (lo, hi), (_, r) in new.items()
        ]
        conn.execute(insert(Link), rows)
    return len(new), existing


def _claim(ids: dict[str, int], ref: str, end: str) -> int:
    if ref in ids:
        return ids[ref]
    if ref.startswith("#"):
        raise NotFound(f"{end}: claim {ref}: no such claim")
    raise NotFound(f"{end}: unknown claim key {ref!r}; give the key of a claim record above")


def _same_relation(earlier: str, relation: str, pair: tuple[int, int]) -> None:
    if earlier != relation:
        raise Conflict(
            f"claims #{pair[0]} and #{pair[1]} are already linked the other way ({earlier})"
        )
