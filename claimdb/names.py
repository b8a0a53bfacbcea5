"""Resolving entity names and claim ids inside a transaction (store-side of matching)."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.engine import Connection

from claimdb.errors import Ambiguous, InvalidInput, NotFound
from claimdb.models import Alias, Entity

_ID = re.compile(r"#?(\d+)")


def parse_claim_id(value: str | int, what: str = "claim id") -> int:
    """``12`` or ``#12`` → 12; anything else is bad input."""
    if isinstance(value, int):
        return value
    m = _ID.fullmatch(str(value).strip())
    if not m:
        raise InvalidInput(f"{what} {value!r}: expected a number such as 12 or #12")
    return int(m.group(1))


def exact_matches(conn: Connection, name: str) -> list[tuple[int, str]]:
    """Entities whose name or an alias equals ``name`` after normalisation."""
    from claimdb.matching import normalize

    key = normalize(name)
    by_name = select(Entity.id, Entity.name).where(Entity.key == key)
    by_alias = (
        select(Entity.id, Entity.name)
        .join(Alias, Alias.entity_id == Entity.id)
        .where(Alias.key == key)
    )
    found = {row.id: row.name for row in conn.execute(by_name.union(by_alias))}
    return sorted(found.items())


def labels(conn: Connection):
    """Every name and alias, for fuzzy suggestions."""
    from claimdb.matching import Label

    for row in conn.execute(select(Entity.id, Entity.name)):
        yield Label(row.id, row.name, row.name)
    rows = conn.execute(
        select(Alias.entity_id, Entity.name, Alias.alias).join(Entity, Entity.id == Alias.entity_id)
    )
    for row in rows:
        yield Label(row.entity_id, row.name, row.alias)


def did_you_mean(conn: Connection, name: str) -> str:
    from claimdb.matching import NameIndex

    suggestions = NameIndex(labels(conn)).suggest(name, limit=3)
    if not suggestions:
        return ""
    return "did you mean " + " or ".join(f"'{s}'" for s in suggestions) + "? "


def resolve(conn: Connection, name: str, role: str = "entity", hint: str = "") -> int:
    """The id of the one entity called ``name`` (name or alias, any script), or ``#id``.

    An unknown name raises NotFound with near matches ("did you mean"); never a guess.
    """
    name = name.strip()
    if not name:
        raise InvalidInput(f"{role}: empty name")
    m = _ID.fullmatch(name)
    if m and name.startswith("#"):
        row = conn.execute(select(Entity.id).where(Entity.id == int(m.group(1)))).first()
        if row is None:
            raise NotFound(f"{role} {name}: no entity with that id")
        return row.id
    found = exact_matches(conn, name)
    if len(found) == 1:
        return found[0][0]
    if found:
        listed = ", ".join(f"#{i} {n}" for i, n in found)
        raise Ambiguous(f"{role} '{name}' is ambiguous: {listed}; give one as #id")
    raise NotFound(f"unknown {role} '{name}': {did_you_mean(conn, name)}{hint}".rstrip(": "))
