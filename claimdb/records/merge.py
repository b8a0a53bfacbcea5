"""Merging one entity into another: ``claimdb entity merge FROM INTO``.

Everything that names FROM is moved to INTO in one transaction: its aliases (and its
name, which becomes an alias of INTO), the claims it made and the claims about it, its
place in reported-speech chains, its children (they get INTO as parent) and its
coalition memberships, both ways, without duplicate rows. Links between claims are
untouched: they join claims, and no claim is added or removed. FROM's row is then
deleted; the event log keeps its full record (op ``merge``), so nothing is lost.

INTO keeps its own name, kind and parent; when it has no parent it takes FROM's (unless
that would make a cycle). The claims FROM made get a new content key (the key holds
the speaker); when INTO already has a claim with the same date and text, the moved
claim's key is set to NULL: it is a true duplicate, which ``claimdb suggest`` lists.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, delete, or_, select, update
from sqlalchemy.engine import Connection

from claimdb.db.store import now
from claimdb.db.tables import Alias, Claim, ClaimVia, Entity, Membership
from claimdb.errors import Conflict, InvalidInput
from claimdb.records import entities, events, names, reads
from claimdb.records.claims import content_key
from claimdb.records.ids import chunks

__all__ = ["MergeResult", "merge"]


@dataclass
class MergeResult:
    """What a merge moved, for the message and for tests."""

    source_id: int
    source_name: str
    into_id: int
    into_name: str
    aliases: int = 0
    spoken: int = 0
    about: int = 0
    via: int = 0
    children: int = 0
    memberships: int = 0
    parent_taken: bool = False
    duplicates: list[int] = field(default_factory=list)

    def summary(self) -> str:
        parts = [
            f"{self.aliases} alias(es)",
            f"{self.spoken} claim(s) as speaker",
            f"{self.about} as target",
            f"{self.via} via",
            f"{self.children} child entit(ies)",
            f"{self.memberships} membership(s)",
        ]
        line = (
            f"merged #{self.source_id} '{self.source_name}' into "
            f"#{self.into_id} '{self.into_name}': moved " + ", ".join(parts)
        )
        if self.parent_taken:
            line += "; took its parent"
        if self.duplicates:
            listed = ", ".join(f"#{i}" for i in self.duplicates)
            line += f"; duplicate claim(s) now: {listed} (see 'claimdb suggest')"
        return line


def merge(conn: Connection, actor: str, source: str, into: str) -> MergeResult:
    """Merge the entity named ``source`` into the one named ``into`` (names, aliases,
    #id), inside a write transaction; ``actor`` is logged."""
    from_id = names.resolve(conn, source, "entity to merge")
    into_id = names.resolve(conn, into, "entity to merge into")
    old = _entity(conn, from_id)
    new = _entity(conn, into_id)
    if from_id == into_id:
        raise Conflict(f"cannot merge entity #{from_id} '{old['name']}' into itself")
    into_chain = [eid for eid, _ in reads.ancestry(conn, [into_id])[into_id]]
    if from_id in into_chain:
        raise Conflict(
            f"cannot merge #{from_id} '{old['name']}' into #{into_id} '{new['name']}': "
            "that is one of its own descendants"
        )
    record = _snapshot(conn, old)
    if record["members"] and new["kind"] != "coalition":
        raise InvalidInput(
            f"#{from_id} '{old['name']}' has members; merge it into a coalition, "
            f"not into a {new['kind']}"
        )
    result = MergeResult(from_id, old["name"], into_id, new["name"])
    stamp = now()
    result.parent_taken = _take_parent(conn, old, new)
    result.children = _rowcount(
        conn, update(Entity).where(Entity.c.parent_id == from_id).values(parent_id=into_id)
    )
    result.aliases = _move_aliases(conn, from_id, into_id, old)
    result.spoken = _rowcount(
        conn,
        update(Claim)
        .where(Claim.c.speaker_id == from_id)
        .values(speaker_id=into_id, updated_at=stamp),
    )
    result.about = _rowcount(
        conn,
        update(Claim)
        .where(Claim.c.target_id == from_id)
        .values(target_id=into_id, updated_at=stamp),
    )
    result.duplicates = _rekey(conn, record["spoken"], into_id)
    result.via = _rowcount(
        conn, update(ClaimVia).where(ClaimVia.c.entity_id == from_id).values(entity_id=into_id)
    )
    result.memberships = _move_memberships(conn, from_id, into_id)
    conn.execute(delete(Entity).where(Entity.c.id == from_id))
    after = {
        "into": into_id,
        "into_name": new["name"],
        "parent_taken": result.parent_taken,
        "duplicates": result.duplicates,
    }
    events.append(conn, actor, "merge", "entity", from_id, before=record, after=after)
    return result


def _entity(conn: Connection, entity_id: int) -> dict[str, Any]:
    return dict(conn.execute(select(Entity).where(Entity.c.id == entity_id)).mappings().one())


def _ids(conn: Connection, query) -> list[int]:
    return list(conn.execute(query).scalars())


def _snapshot(conn: Connection, entity: dict[str, Any]) -> dict[str, Any]:
    """FROM as it was: its row and everything that pointed at it (the event's ``before``)."""
    eid = entity["id"]
    aliases = conn.execute(
        select(Alias.c.alias).where(Alias.c.entity_id == eid).order_by(Alias.c.id)
    ).scalars()
    return entity | {
        "aliases": list(aliases),
        "children": _ids(conn, select(Entity.c.id).where(Entity.c.parent_id == eid)),
        "members": _ids(
            conn, select(Membership.c.member_id).where(Membership.c.coalition_id == eid)
        ),
        "member_of": _ids(
            conn, select(Membership.c.coalition_id).where(Membership.c.member_id == eid)
        ),
        "spoken": _ids(
            conn, select(Claim.c.id).where(Claim.c.speaker_id == eid).order_by(Claim.c.id)
        ),
        "about": _ids(
            conn, select(Claim.c.id).where(Claim.c.target_id == eid).order_by(Claim.c.id)
        ),
        "via": _ids(
            conn,
            select(ClaimVia.c.claim_id)
            .where(ClaimVia.c.entity_id == eid)
            .order_by(ClaimVia.c.claim_id),
        ),
    }


def _rowcount(conn: Connection, statement) -> int:
    return conn.execute(statement).rowcount


def _take_parent(conn: Connection, old: dict[str, Any], new: dict[str, Any]) -> bool:
    """INTO takes FROM's parent when it has none and no cycle would follow."""
    parent = old["parent_id"]
    if new["parent_id"] is not None or parent is None:
        return False
    if new["id"] in {eid for eid, _ in reads.ancestry(conn, [parent])[parent]}:
        return False
    conn.execute(update(Entity).where(Entity.c.id == new["id"]).values(parent_id=parent))
    return True


def _move_aliases(conn: Connection, from_id: int, into_id: int, old: dict[str, Any]) -> int:
    """FROM's aliases and name become INTO's, except names INTO already has."""
    into_key = conn.execute(select(Entity.c.key).where(Entity.c.id == into_id)).scalar_one()
    taken = {
        into_key,
        *conn.execute(select(Alias.c.key).where(Alias.c.entity_id == into_id)).scalars(),
    }
    moved = 0
    for alias_id, key in conn.execute(
        select(Alias.c.id, Alias.c.key).where(Alias.c.entity_id == from_id).order_by(Alias.c.id)
    ).all():
        if key in taken:
            conn.execute(delete(Alias).where(Alias.c.id == alias_id))
            continue
        conn.execute(update(Alias).where(Alias.c.id == alias_id).values(entity_id=into_id))
        taken.add(key)
        moved += 1
    if entities.add_alias(conn, into_id, old["name"], taken):
        moved += 1
    return moved


def _rekey(conn: Connection, claim_ids: list[int], speaker_id: int) -> list[int]:
    """New content keys for claims whose speaker changed; NULL where INTO has the same."""
    keys: dict[int, str] = {}
    for chunk in chunks(claim_ids):
        rows = conn.execute(
            select(Claim.c.id, Claim.c.said_on, Claim.c.text).where(Claim.c.id.in_(chunk))
        )
        for claim_id, said_on, claim_text in rows:
            keys[claim_id] = content_key(speaker_id, said_on, claim_text)
    taken = set(_existing_keys(conn, list(keys.values())))
    duplicates = sorted(i for i, key in keys.items() if key in taken)
    values = [{"cid": i, "ck": None if i in duplicates else key} for i, key in sorted(keys.items())]
    if values:
        conn.execute(
            update(Claim).where(Claim.c.id == bindparam("cid")).values(content_key=bindparam("ck")),
            values,
        )
    return duplicates


def _existing_keys(conn: Connection, keys: list[str]) -> Iterable[str]:
    for chunk in chunks(keys):
        yield from conn.execute(
            select(Claim.c.content_key).where(Claim.c.content_key.in_(chunk))
        ).scalars()


def _move_memberships(conn: Connection, from_id: int, into_id: int) -> int:
    """Coalition memberships of FROM (as coalition and as member) → INTO, deduplicated."""
    touches = or_(Membership.c.coalition_id == from_id, Membership.c.member_id == from_id)
    rows = conn.execute(
        select(Membership.c.coalition_id, Membership.c.member_id).where(touches)
    ).all()
    if not rows:
        return 0
    conn.execute(delete(Membership).where(touches))
    swap = {from_id: into_id}
    wanted = {(swap.get(c, c), swap.get(m, m)) for c, m in rows}
    existing = {
        (c, m)
        for c, m in conn.execute(
            select(Membership.c.coalition_id, Membership.c.member_id).where(
                or_(Membership.c.coalition_id == into_id, Membership.c.member_id == into_id)
            )
        )
    }
    new = sorted(pair for pair in wanted - existing if pair[0] != pair[1])
    for coalition_id, member_id in new:
        entities.add_members(conn, coalition_id, [member_id])
    return len(rows)
