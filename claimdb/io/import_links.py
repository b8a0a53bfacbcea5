"""Link records of an import: checked as a batch, then written by ``records.links.add_many``."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection

from claimdb.errors import ClaimdbError, Conflict, NotFound
from claimdb.io import import_records as rec
from claimdb.records import links


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
            a, b = (claim_id(ids, rec.key(r, end), end) for end in ("a", "b"))
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
    for lo, hi, relation in links.live_pairs(conn, list(new)):
        line, r = new.pop((lo, hi))
        try:
            _same_relation(relation, r["relation"], (lo, hi))
        except ClaimdbError as e:
            raise rec.located(e, name, line, "link") from None
        existing += 1
    rows = [(lo, hi, r["relation"], rec.optional(r, "note")) for (lo, hi), (_, r) in new.items()]
    links.add_many(conn, actor, rows, stamp)
    return len(new), existing


def claim_id(ids: dict[str, int], ref: str, end: str) -> int:
    """The claim id of a key or #id in ``ids``; unknown ones are an error naming ``end``."""
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
