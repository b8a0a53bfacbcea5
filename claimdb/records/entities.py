"""Entity writes inside a transaction: entities, their aliases and coalition members.

Every path that creates an entity or gives it a name (``entity add``, ``entity alias``,
``--create-entities``, ``load``, ``import``, ``ingest``) goes through these functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from claimdb import validate
from claimdb.db.store import now
from claimdb.db.tables import Alias, Entity, Membership
from claimdb.errors import Conflict, InvalidInput, NotFound
from claimdb.models import KINDS
from claimdb.records import events, names
from claimdb.text.normalize import normalize

CREATE_HINT = "add it with 'claimdb entity add', or pass --create-entities"


def add(
    conn: Connection,
    actor: str,
    name: str,
    kind: str = "organisation",
    aliases: Sequence[str] = (),
    parent: str | None = None,
    members: Sequence[str] = (),
    log: bool = True,
) -> int:
    """A new entity (its name must be new); ``parent`` and ``members`` are names or #ids.
    ``log=False``: the caller logs one event for many (an import)."""
    name = validate.text(name, "entity name", required=True).strip()
    validate.choice(kind, KINDS, "kind")
    key = normalize(name)
    clash = conn.execute(select(Entity.c.id).where(Entity.c.key == key)).first()
    if clash:
        raise Conflict(f"entity '{name}' exists already (#{clash.id})")
    parent_id = names.resolve(conn, parent, "parent") if parent else None
    member_ids = [names.resolve(conn, m, "member") for m in members]
    if member_ids and kind != "coalition":
        raise InvalidInput(f"entity '{name}': only a coalition has members (use --kind coalition)")
    row = {"name": name, "key": key, "kind": kind, "parent_id": parent_id, "created_at": now()}
    entity_id = conn.execute(insert(Entity), row).inserted_primary_key[0]
    taken = {key}  # a new entity's names: no need to ask the database about them
    for alias in aliases:
        add_alias(conn, entity_id, alias, taken)
    add_members(conn, entity_id, member_ids)
    if log:
        after = row | {"aliases": list(aliases), "members": member_ids}
        events.append(conn, actor, "add", "entity", entity_id, after=after)
    return entity_id


def add_alias(conn: Connection, entity_id: int, alias: str, taken: set[str] | None = None) -> bool:
    """Add an alias unless the entity has that name already. ``taken``: every key of
    the entity, when the caller knows them (it has just created it); updated."""
    alias = validate.text(alias, "alias", required=True).strip()
    key = normalize(alias)
    if taken is not None:
        if key in taken:
            return False
        taken.add(key)
    else:
        own = conn.execute(select(Entity.c.key).where(Entity.c.id == entity_id)).scalar_one()
        exists = conn.execute(
            select(Alias.c.id).where(Alias.c.entity_id == entity_id, Alias.c.key == key)
        ).first()
        if exists or key == own:
            return False
    conn.execute(insert(Alias), {"entity_id": entity_id, "alias": alias, "key": key})
    return True


def add_members(
    conn: Connection, coalition_id: int, member_ids: Iterable[int], kind: str | None = None
) -> int:
    """Make the entities members of a coalition (those already members are skipped);
    with ``kind`` (the coalition's), refuse members of anything but a coalition."""
    have = set(
        conn.execute(
            select(Membership.c.member_id).where(Membership.c.coalition_id == coalition_id)
        ).scalars()
    )
    new = [m for m in dict.fromkeys(member_ids) if m not in have]
    if new and kind is not None and kind != "coalition":
        raise InvalidInput("only a coalition has members")
    for member_id in new:
        conn.execute(insert(Membership), {"coalition_id": coalition_id, "member_id": member_id})
    return len(new)


def find_or_add(conn: Connection, actor: str, name: str, role: str, create: bool) -> int:
    """The entity called ``name``; with ``create``, a new one when there is none."""
    try:
        return names.resolve(conn, name, role, hint=CREATE_HINT)
    except NotFound:
        if not create or name.strip().startswith("#"):
            raise
        return add(conn, actor, name)


def name_of(conn: Connection, entity_id: int) -> str:
    return conn.execute(select(Entity.c.name).where(Entity.c.id == entity_id)).scalar_one()
