"""Resolving entity names and claim ids inside a transaction (store-side of matching)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from claimdb import validate
from claimdb.db.tables import Alias, Entity
from claimdb.errors import Ambiguous, InvalidInput, NotFound

_ID = re.compile(r"#?(\d+)")


def parse_claim_id(value: str | int, what: str = "claim id") -> int:
    """``12`` or ``#12`` → 12 (at most ``validate.MAX_ID``); anything else is bad input."""
    from claimdb.validate import record_id

    return record_id(value, what)


def exact_matches(conn: Connection, name: str) -> list[tuple[int, str]]:
    """Entities whose name or an alias equals ``name`` after normalisation."""
    from claimdb.text.normalize import normalize

    key = normalize(name)
    by_name = select(Entity.c.id, Entity.c.name).where(Entity.c.key == key)
    by_alias = (
        select(Entity.c.id, Entity.c.name)
        .join(Alias, Alias.c.entity_id == Entity.c.id)
        .where(Alias.c.key == key)
    )
    found = {row.id: row.name for row in conn.execute(by_name.union(by_alias))}
    return sorted(found.items())


def labels(conn: Connection, ids: Iterable[int] | None = None):
    """Every name and alias (of the entities ``ids`` only, when given), for suggestions."""
    from claimdb.records.ids import among
    from claimdb.text.matching import Label

    by_name = select(Entity.c.id, Entity.c.name)
    by_alias = select(Alias.c.entity_id, Entity.c.name, Alias.c.alias).join(
        Entity, Entity.c.id == Alias.c.entity_id
    )
    if ids is not None:
        by_name = by_name.where(among(conn, Entity.c.id, ids))
        by_alias = by_alias.where(among(conn, Alias.c.entity_id, ids))
    for entity_id, entity_name in conn.execute(by_name):
        yield Label(entity_id, entity_name, entity_name)
    for entity_id, entity_name, alias in conn.execute(by_alias):
        yield Label(entity_id, entity_name, alias)


def _near_entities(conn: Connection, name: str) -> set[int]:
    """The entities a "did you mean" for ``name`` can come from (a superset).

    Rapidfuzz scans the stored normalised keys in C++ with looser scorers than
    ``NameIndex.suggest`` (partial and token-sorted ratio, cut-off 10 lower), so the
    index, which normalises every label it holds, is built over these few entities
    only: at 100k entities (225k labels) that is under a second instead of several.
    """
    from rapidfuzz import fuzz, process

    from claimdb.text.matching import NAME_CUTOFF
    from claimdb.text.normalize import normalize

    query = normalize(name)
    if not query:
        return set()
    every_key = select(Entity.c.id, Entity.c.key).union_all(select(Alias.c.entity_id, Alias.c.key))
    rows = [tuple(r) for r in conn.execute(every_key)]
    keys = [key for _, key in rows]
    found: set[int] = set()
    scans = [(form, fuzz.partial_ratio) for form in {query, " ".join(sorted(query.split()))}]
    for form, scorer in [*scans, (query, fuzz.token_sort_ratio)]:
        for _, _, i in process.extract(
            form, keys, scorer=scorer, processor=None, score_cutoff=NAME_CUTOFF - 10, limit=None
        ):
            found.add(rows[i][0])
    return found


def did_you_mean(conn: Connection, name: str) -> str:
    from claimdb.text.matching import NameIndex

    near = _near_entities(conn, name)
    suggestions = NameIndex(labels(conn, near)).suggest(name, limit=3) if near else []
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
        entity_id = parse_claim_id(name, role)
        row = conn.execute(select(Entity.c.id).where(Entity.c.id == entity_id)).first()
        if row is None:
            raise NotFound(f"{role} {name}: no entity with that id")
        return row.id
    from claimdb.text.normalize import normalize

    if not normalize(name):  # "!!!" must not find an entity whose name is punctuation
        raise InvalidInput(f"{role} '{name}': no letter or digit to look a name up by")
    found = exact_matches(conn, name)
    if len(found) == 1:
        return found[0][0]
    if found:
        listed = ", ".join(f"#{i} {n}" for i, n in found)
        raise Ambiguous(f"{role} '{name}' is ambiguous: {listed}; give one as #id")
    raise NotFound(f"unknown {role} '{name}': {did_you_mean(conn, name)}{hint}".rstrip(": "))


def resolve_filters(conn: Connection, filters: dict[str, Any]) -> dict[str, Any]:
    """Resolve speaker/target names to ids and check dates, for the query layer."""
    out = dict(filters)
    for role in ("speaker", "target"):
        if out.get(role):
            out[role] = resolve(conn, out[role], role)
    if out.get("since"):
        out["since"] = validate.iso_date(out["since"], "--since date")
    return out
