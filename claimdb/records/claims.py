"""Claim writes inside a transaction: the one write path of a claim.

``add`` (``claim add``, ``load``, ``ingest``), ``row`` + ``insert_rows`` (the bulk
``import``: the same keys, a batch at a time), ``edit``, ``retract`` and
``set_credibility``; and the two keys every path stores with a claim:

- ``content_key``: same speaker, date and normalised text → same claim;
- ``search_key``: the normalised words of text, quote and translation and their stems,
  which the full-text index holds (both from ``claimdb.text.keys``). The index itself
  is kept in step by SQL triggers on ``claim`` (schema.sql): no path writes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from claimdb import validate
from claimdb.db.store import now
from claimdb.db.tables import Claim, ClaimVia
from claimdb.errors import Conflict, InvalidInput, NotFound
from claimdb.models import ACTS
from claimdb.records import entities, events, names, sources
from claimdb.text.keys import content_key, search_key
from claimdb.text.normalize import normalize

# The claim columns, in table order, of the row tuples ``row`` makes for ``insert_rows``.
COLUMNS = tuple(c.name for c in Claim.columns if c.name != "id")
# Claim fields not written to the event log's record of a claim.
_NOT_LOGGED = ("id", "search_key", "retracted_at", "retraction_reason")


# -- keys -----------------------------------------------------------------------------------


# -- reads ----------------------------------------------------------------------------------


def get(conn: Connection, ref: str | int) -> dict[str, Any]:
    """The row of claim ``ref`` (12 or #12); NotFound when there is none."""
    claim_id = names.parse_claim_id(ref)
    row = conn.execute(select(Claim).where(Claim.c.id == claim_id)).mappings().first()
    if row is None:
        raise NotFound(f"claim #{claim_id}: no such claim")
    return dict(row)


def via_ids(conn: Connection, claim_id: int) -> list[int]:
    """The chain a claim came through, outermost first."""
    rows = conn.execute(
        select(ClaimVia.c.entity_id)
        .where(ClaimVia.c.claim_id == claim_id)
        .order_by(ClaimVia.c.position)
    )
    return list(rows.scalars())


def logged(row: Mapping[str, Any], via: Iterable[int]) -> dict[str, Any]:
    """The event log's record of a claim: its fields (no keys of its own) and chain."""
    return {k: v for k, v in row.items() if k not in _NOT_LOGGED} | {"via": list(via)}


# -- writes ---------------------------------------------------------------------------------


def add(
    conn: Connection,
    actor: str,
    *,
    text: str,
    speaker_id: int,
    target_id: int,
    source_id: int | None = None,
    said_on: str | None = None,
    act: str = "asserts",
    lang: str | None = None,
    translation: str | None = None,
    quote: str | None = None,
    topic: str | None = None,
    location: str | None = None,
    via_ids: Sequence[int] = (),
    credibility: int | str | None = None,
    dedupe: bool = True,
) -> tuple[int, bool]:
    """Insert one claim; returns (id, created). With ``dedupe`` an existing claim
    with the same content key is returned instead of an error."""
    text = validate.text(text, "claim text", required=True)
    said_on = validate.iso_date(said_on, "said-on date")
    validate.choice(act, ACTS, "act")
    quote = validate.text(quote, "quote")
    translation = validate.text(translation, "translation")
    credibility = validate.credibility(credibility)
    if quote and source_id is not None:
        sources.check_quote(quote, source_id, sources.text_of(conn, source_id))
    key = content_key(speaker_id, said_on, text)
    existing = conn.execute(select(Claim.c.id).where(Claim.c.content_key == key)).first()
    if existing:
        if dedupe:
            return existing.id, False
        raise Conflict(f"claim #{existing.id} already says this (same speaker, date and text)")
    stamp = now()
    row = {
        "speaker_id": speaker_id,
        "target_id": target_id,
        "text": text,
        "quote": quote,
        "translation": translation,
        "lang": validate.text(lang, "lang"),
        "said_on": said_on,
        "source_id": source_id,
        "act": act,
        "location": validate.text(location, "location"),
        "topic": validate.text(topic, "topic"),
        "credibility": credibility,
        "search_key": search_key(text, quote, translation),
        "content_key": key,
        "created_at": stamp,
        "updated_at": stamp,
    }
    claim_id = conn.execute(insert(Claim), row).inserted_primary_key[0]
    add_via(conn, [(claim_id, via_ids)])
    events.append(conn, actor, "add", "claim", claim_id, after=logged(row, via_ids))
    return claim_id, True


def add_named(
    conn: Connection,
    actor: str,
    text: str,
    speaker: str,
    target: str,
    *,
    source: str | int | None = None,
    via: Sequence[str] = (),
    create_entities: bool = False,
    **details: Any,
) -> int:
    """``claim add``: ``add`` with the speaker, target and via given by name (created
    with ``create_entities``) and the source by id; the same claim twice is a Conflict."""
    validate.text(text, "claim text", required=True)
    validate.iso_date(details.get("said_on"), "said-on date")
    validate.choice(details.get("act", "asserts"), ACTS, "act")

    def entity(name: str, role: str) -> int:
        return entities.find_or_add(conn, actor, name, role, create_entities)

    speaker_id, target_id = entity(speaker, "speaker"), entity(target, "target")
    via_ids = [entity(v, "via") for v in via]
    source_id = sources.find(conn, source) if source is not None else None
    claim_id, _ = add(
        conn,
        actor,
        text=text,
        speaker_id=speaker_id,
        target_id=target_id,
        source_id=source_id,
        via_ids=via_ids,
        dedupe=False,
        **details,
    )
    return claim_id


# What ``claim edit`` may change: option name → claim column.
EDITABLE = {
    "text": "text",
    "quote": "quote",
    "translation": "translation",
    "act": "act",
    "said_on": "said_on",
    "speaker": "speaker_id",
    "target": "target_id",
    "source": "source_id",
    "topic": "topic",
    "location": "location",
    "lang": "lang",
    "credibility": "credibility",
}


def edit(
    conn: Connection, actor: str, ref: str | int, changes: Mapping[str, Any]
) -> tuple[int, list[str]]:
    """Change the given fields of a claim (``None``: keep; ``""``: clear an optional one).

    Returns the claim id and the fields that changed (empty: the values were current).
    """
    given = {k: v for k, v in changes.items() if v is not None}
    if set(given) - set(EDITABLE):
        raise ValueError(f"not editable: {sorted(set(given) - set(EDITABLE))}")
    row = get(conn, ref)
    claim_id = row["id"]
    if not given:
        options = ", ".join("--" + k.replace("_", "-") for k in EDITABLE)
        raise InvalidInput(f"claim #{claim_id}: nothing to change; give one of {options}")
    if row["retracted_at"] is not None:
        raise Conflict(
            f"claim #{claim_id} is retracted ({row['retraction_reason']}); "
            "a retracted claim cannot be edited"
        )
    new = row | _new_values(conn, given)
    changed = [c for c in EDITABLE.values() if new[c] != row[c]]
    if not changed:
        return claim_id, []
    if new["quote"] and new["source_id"] is not None and {"quote", "source_id"} & set(changed):
        source_id = new["source_id"]
        sources.check_quote(new["quote"], source_id, sources.text_of(conn, source_id))
    new["content_key"] = content_key(new["speaker_id"], new["said_on"], new["text"])
    clash = conn.execute(
        select(Claim.c.id).where(Claim.c.content_key == new["content_key"], Claim.c.id != claim_id)
    ).first()
    if clash:
        raise Conflict(
            f"claim #{clash.id} already says this (same speaker, date and text); "
            f"claim #{claim_id} was not changed"
        )
    new["search_key"] = search_key(new["text"], new["quote"], new["translation"])
    new["updated_at"] = now()
    columns = [*changed, "content_key", "search_key", "updated_at"]
    conn.execute(update(Claim).where(Claim.c.id == claim_id).values(**{c: new[c] for c in columns}))
    via = via_ids(conn, claim_id)
    before, after = logged(row, via), logged(new, via)
    events.append(conn, actor, "edit", "claim", claim_id, before=before, after=after)
    return claim_id, changed


def _new_values(conn: Connection, given: Mapping[str, Any]) -> dict[str, Any]:
    """Checked column values for the options given."""
    out: dict[str, Any] = {}
    for option, value in given.items():
        column = EDITABLE[option]
        if option == "text":
            out[column] = validate.text(value, "claim text", required=True)
        elif option == "act":
            out[column] = validate.choice(value, ACTS, "act")
        elif option == "said_on":
            out[column] = validate.iso_date(value, "said-on date")
        elif option in ("speaker", "target"):
            out[column] = names.resolve(conn, value, option)
        elif option == "source":
            out[column] = sources.find(conn, value) if str(value).strip() else None
        elif option == "credibility":
            out[column] = validate.credibility(value)
        else:
            out[column] = validate.text(value, option)
    return out


def retract(conn: Connection, actor: str, ref: str | int, reason: str) -> int:
    """Mark a claim retracted with a reason (never deleted; its links are kept)."""
    reason = validate.text(reason, "retraction reason", required=True)
    row = get(conn, ref)
    claim_id = row["id"]
    if row["retracted_at"] is not None:
        raise Conflict(
            f"claim #{claim_id} was already retracted on {row['retracted_at'][:10]} "
            f"({row['retraction_reason']})"
        )
    stamp = now()
    after = {"retracted_at": stamp, "retraction_reason": reason, "updated_at": stamp}
    conn.execute(update(Claim).where(Claim.c.id == claim_id).values(**after))
    before = {"retracted_at": None, "retraction_reason": None, "updated_at": row["updated_at"]}
    events.append(conn, actor, "retract", "claim", claim_id, before=before, after=after)
    return claim_id


def set_credibility(
    conn: Connection, actor: str, ref: str | int, credibility: int | None
) -> dict[str, Any]:
    """Grade a claim (1-6, or None); returns its id, the grade before and after."""
    row = get(conn, ref)
    change = {"id": row["id"], "before": row["credibility"], "after": credibility}
    if row["credibility"] == credibility:
        return change
    stamp = now()
    conn.execute(
        update(Claim)
        .where(Claim.c.id == row["id"])
        .values(credibility=credibility, updated_at=stamp)
    )
    before = {"credibility": row["credibility"], "updated_at": row["updated_at"]}
    after = {"credibility": credibility, "updated_at": stamp}
    events.append(conn, actor, "grade", "claim", row["id"], before=before, after=after)
    return change


# -- the batch variant (bulk import) --------------------------------------------------------


def row(
    *,
    text: str,
    speaker_id: int,
    target_id: int,
    source_id: int | None,
    said_on: str | None,
    act: str,
    lang: str | None,
    translation: str | None,
    quote: str | None,
    topic: str | None,
    location: str | None,
    credibility: int | None,
    retracted_at: str | None,
    retraction_reason: str | None,
    stamp: str,
) -> tuple[tuple[Any, ...], str]:
    """A checked claim as a row tuple in ``COLUMNS`` order, and its content key, for
    ``insert_rows``: the same keys as ``add`` stores."""
    normalized = normalize(text)
    key = content_key(speaker_id, said_on, text, normalized)
    values = (
        *(speaker_id, target_id, text, quote, translation, lang, said_on, source_id, act),
        *(location, topic, credibility, search_key(text, quote, translation, normalized), key),
        *(retracted_at, retraction_reason, stamp, stamp),
    )
    return values, key


def inserter(conn: Connection) -> Callable[[Connection, list[tuple[Any, ...]]], None]:
    """The batch variant of ``add`` for the bulk import: inserts ``row`` tuples by one
    executemany, skipping claims already present (same content key). The caller adds
    their chains with ``add_via``; the triggers index the new claims."""
    from claimdb.io.bulk_write import Bulk, insert_ignoring

    statement = insert_ignoring(conn.dialect.name, Claim, ["content_key"])
    return Bulk(conn, statement, COLUMNS)


def add_via(conn: Connection, chains: Iterable[tuple[int, Sequence[int]]]) -> None:
    """The chains (claim id, entity ids outermost first) of new claims."""
    rows = [
        {"claim_id": claim_id, "position": n, "entity_id": entity_id}
        for claim_id, via in chains
        for n, entity_id in enumerate(via)
    ]
    if rows:
        from claimdb.io.bulk_write import insert_ignoring

        conn.execute(insert_ignoring(conn.dialect.name, ClaimVia, None), rows)
