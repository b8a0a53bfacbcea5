"""Read queries that turn rows into result types (ClaimView, entity dicts).

Set-based: one query per listing, never one per row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any
from weakref import WeakKeyDictionary, WeakSet

from sqlalchemy import func, or_, select, text
from sqlalchemy.engine import Connection

from claimdb.db.tables import Alias, Claim, ClaimVia, Entity, Event, Link, Membership, Source
from claimdb.errors import InvalidInput
from claimdb.models import ClaimView
from claimdb.records import verdicts
from claimdb.records.ids import CHUNK, among, ids_sql

Speaker = Entity.alias("speaker")
Target = Entity.alias("target")


def entity_names(conn: Connection, ids: Iterable[int]) -> dict[int, str]:
    """Entity id → name, for the ids given (any number of them)."""
    query = select(Entity.c.id, Entity.c.name).where(among(conn, Entity.c.id, ids))
    return dict(conn.execute(query).all())


def counts(conn: Connection) -> dict[str, int]:
    """Entities, aliases, sources, claims, live links and events."""
    tables = {"entities": Entity, "aliases": Alias, "sources": Source, "claims": Claim}
    out = {
        name: conn.execute(select(func.count()).select_from(t)).scalar_one()
        for name, t in tables.items()
    }
    live = select(func.count()).select_from(Link).where(Link.c.removed_at.is_(None))
    out["links"] = conn.execute(live).scalar_one()
    out["events"] = conn.execute(select(func.count()).select_from(Event)).scalar_one()
    return out


def speaker_links(conn: Connection) -> list[tuple[int, int, str, int]]:
    """Who contradicts / supports whom: (speaker of claim a, speaker of claim b, relation,
    count) over the live links between live claims, in one grouped query."""
    a, b = Claim.alias("a"), Claim.alias("b")
    query = (
        select(a.c.speaker_id, b.c.speaker_id, Link.c.relation, func.count())
        .join(a, a.c.id == Link.c.claim_a)
        .join(b, b.c.id == Link.c.claim_b)
        .where(Link.c.removed_at.is_(None), a.c.retracted_at.is_(None), b.c.retracted_at.is_(None))
        .group_by(a.c.speaker_id, b.c.speaker_id, Link.c.relation)
    )
    return [tuple(row) for row in conn.execute(query)]


_CAMPS = """
WITH RECURSIVE up (start, id, parent_id, depth) AS (
    SELECT id, id, parent_id, 0 FROM entity WHERE id {ids}
    UNION ALL
    SELECT up.start, e.id, e.parent_id, up.depth + 1
    FROM up JOIN entity e ON e.id = up.parent_id
    WHERE up.depth < 64
)
SELECT up.start, up.id, e.name FROM up JOIN entity e ON e.id = up.id
ORDER BY up.start, up.depth
"""
# Chains already looked up in one read transaction (a report asks for the same speakers'
# camps and blocs more than once). Keyed by the Connection: store.read() opens a new one
# each time, so nothing outlives the transaction; writes are never remembered.
Chain = list[tuple[int, str]]
_READ_CHAINS: WeakKeyDictionary[Connection, dict[int, Chain]] = WeakKeyDictionary()
_LOADED: WeakSet[Connection] = WeakSet()  # read transactions that hold every chain


def ancestry(conn: Connection, ids: Iterable[int]) -> dict[int, Chain]:
    """For each entity id, its chain upwards [(id, name) self, parent, ..., camp]."""
    known: dict[int, Chain] = {}
    if not conn.get_execution_options().get("claimdb_write"):
        known = _READ_CHAINS.setdefault(conn, {})
    ids = set(ids)
    missing = sorted(ids - known.keys())
    if missing:
        where, value = ids_sql(conn, missing)
        # .all(): one fetchall; iterating the result would fetch row by row (~4 µs each)
        rows = conn.execute(text(_CAMPS.format(ids=where)), {"ids": value}).all()
        found: dict[int, Chain] = defaultdict(list)
        for start, eid, name in rows:  # in order: each chain from the entity upwards
            found[start].append((eid, name))
        known.update(found)
    return {i: known[i] for i in ids if i in known}


def load_ancestry(conn: Connection) -> None:
    """Every entity's chain, from one read of the entity table, for a read transaction
    that is about to ask for most of them (a stream of every claim): one statement for
    the whole stream instead of one recursive query per batch."""
    if conn.get_execution_options().get("claimdb_write") or conn in _LOADED:
        return
    _LOADED.add(conn)
    rows = conn.execute(text("SELECT id, parent_id, name FROM entity")).all()
    parent = {i: p for i, p, _ in rows}
    name = {i: n for i, _, n in rows}
    known = _READ_CHAINS.setdefault(conn, {})
    for start in parent:
        if start in known:
            continue
        chain, here = [], start
        while here is not None and len(chain) <= 64:  # as deep as _CAMPS goes
            if here in known:
                chain += known[here]
                break
            chain.append((here, name[here]))
            here = parent[here]
        known[start] = chain


def camps(conn: Connection, ids: Iterable[int]) -> dict[int, tuple[int, str]]:
    """Each entity's camp: its root ancestor (itself when it has no parent)."""
    return {k: chain[-1] for k, chain in ancestry(conn, ids).items()}


def blocs(
    conn: Connection,
    ids: Iterable[int],
    chains: dict[int, list[tuple[int, str]]] | None = None,
) -> dict[int, frozenset[int]]:
    """The camps an entity is not independent of: its chain's ids, the coalitions any
    of them belongs to, and the members of any coalition in the chain (with their camps).
    ``chains``: ``ancestry(conn, ids)`` when the caller has it already."""
    chains = ancestry(conn, ids) if chains is None else chains
    chain_ids = {eid for chain in chains.values() for eid, _ in chain}
    member_of: dict[int, set[int]] = defaultdict(set)
    members: dict[int, set[int]] = defaultdict(set)
    if chain_ids:
        rows = conn.execute(
            select(Membership.c.coalition_id, Membership.c.member_id).where(
                or_(
                    among(conn, Membership.c.member_id, chain_ids),
                    among(conn, Membership.c.coalition_id, chain_ids),
                )
            )
        )
        for coalition, member in rows:
            member_of[member].add(coalition)
            members[coalition].add(member)
    member_camps = camps(conn, {m for ms in members.values() for m in ms})
    out = {}
    for eid, chain in chains.items():
        bloc = {chain[-1][0]}
        for cid, _ in chain:
            bloc |= member_of[cid]
            bloc |= {member_camps[m][0] for m in members[cid] if m in member_camps}
        out[eid] = frozenset(bloc)
    return out


def _claim_select():
    return (
        select(
            Claim.c.id,
            Claim.c.text,
            Claim.c.quote,
            Claim.c.translation,
            Claim.c.lang,
            Claim.c.act,
            Claim.c.said_on,
            Claim.c.topic,
            Claim.c.location,
            Claim.c.source_id,
            Claim.c.credibility,
            Claim.c.retracted_at,
            Claim.c.retraction_reason,
            Claim.c.speaker_id,
            Claim.c.target_id,
            Speaker.c.name.label("speaker"),
            Target.c.name.label("target"),
            Source.c.title.label("source"),
            Source.c.url.label("source_url"),
            Source.c.reliability.label("reliability"),
        )
        .join(Speaker, Speaker.c.id == Claim.c.speaker_id)
        .join(Target, Target.c.id == Claim.c.target_id)
        .outerjoin(Source, Source.c.id == Claim.c.source_id)
    )


def claim_views(conn: Connection, query) -> list[ClaimView]:
    """ClaimViews of the rows of ``_claim_select()`` (plus filters), all at once."""
    return [v for batch in claim_batches(conn, query) for v in batch]


def claim_batches(conn: Connection, query, batch: int = CHUNK) -> Iterator[list[ClaimView]]:
    """ClaimViews of the rows of ``_claim_select()`` (plus filters), ``batch`` at a time,
    as the rows arrive: the query streams (a server-side cursor on PostgreSQL) and each
    batch's camps and vias are read in one statement each, so memory holds one batch."""
    result = conn.execute(query, execution_options={"stream_results": True, "yield_per": batch})
    with result:  # closed however the reader stops (a server-side cursor must be)
        for number, rows in enumerate(result.partitions(batch)):
            if number == 1:  # a long stream: every speaker's chain at once
                load_ancestry(conn)
            yield _views(conn, rows)


def _views(conn: Connection, rows: list[Any]) -> list[ClaimView]:
    """Rows are unpacked by position: a Row attribute costs ~1 µs, which adds up over
    thousands of claims."""
    camp = camps(conn, {r[13] for r in rows})
    via = vias(conn, [r[0] for r in rows])
    verdict = verdicts.of_claims(conn, [r[0] for r in rows])
    out = []
    for (
        claim_id, text_, quote, translation, lang, act, said_on, topic, location, source_id,
        credibility, retracted_at, retraction_reason, speaker_id, target_id, speaker, target,
        source, source_url, reliability,
    ) in rows:  # fmt: skip
        out.append(
            ClaimView(
                id=claim_id,
                speaker=speaker,
                target=target,
                text=text_,
                quote=quote,
                translation=translation,
                lang=lang,
                act=act,
                said_on=said_on,
                source=source,
                topic=topic,
                location=location,
                camp=camp[speaker_id][1] if speaker_id in camp else None,
                source_id=source_id,
                source_url=source_url,
                via=via.get(claim_id, []),
                grade=grade(reliability, credibility),
                standing="retracted" if retracted_at is not None else None,
                retracted=retracted_at is not None,
                retraction_reason=retraction_reason,
                speaker_id=speaker_id,
                target_id=target_id,
                verdicts=verdict.get(claim_id, []),
            )
        )
    return out


def grade(reliability: str | None, credibility: int | None) -> str | None:
    """Admiralty code, e.g. 'C3'; '?' stands for a part not graded ('C?', '?3'), None for
    neither. F and 6 are real grades ("cannot be judged"), so they never mean 'not graded'."""
    if reliability is None and credibility is None:
        return None
    return f"{reliability or '?'}{credibility or '?'}"


def vias(conn: Connection, claim_ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    if claim_ids:
        rows = conn.execute(
            select(ClaimVia.c.claim_id, Entity.c.name)
            .join(Entity, Entity.c.id == ClaimVia.c.entity_id)
            .where(among(conn, ClaimVia.c.claim_id, claim_ids))
            .order_by(ClaimVia.c.claim_id, ClaimVia.c.position)
        ).all()
        for claim_id, name in rows:
            out[claim_id].append(name)
    return out


def _filters(
    conn: Connection,
    speaker: int | None = None,
    target: int | None = None,
    topic: str | None = None,
    since: str | None = None,
    ids: Iterable[int] | None = None,
    include_retracted: bool = False,
) -> list[Any]:
    """The WHERE clauses of a claim listing."""
    clauses = []
    if speaker is not None:
        clauses.append(Claim.c.speaker_id == speaker)
    if target is not None:
        clauses.append(Claim.c.target_id == target)
    if topic:
        clauses.append(Claim.c.topic == topic)
    if since:
        clauses.append(Claim.c.said_on >= since)
    if ids is not None:
        clauses.append(among(conn, Claim.c.id, ids))
    if not include_retracted:
        clauses.append(Claim.c.retracted_at.is_(None))
    return clauses


def claims_query(conn: Connection, limit: int | None = None, **filters: Any):
    """The claims that pass the filters (``_filters``), by date said (undated last), then id."""
    query = _claim_select().where(*_filters(conn, **filters))
    query = query.order_by(Claim.c.said_on.asc().nulls_last(), Claim.c.id)
    if limit is not None and limit < 0:
        raise InvalidInput(f"--limit {limit}: expected 0 (every claim) or more")
    if limit:
        query = query.limit(min(limit, 2**63 - 1))  # a larger limit is no limit
    return query


def count_claims(conn: Connection, **filters: Any) -> int:
    """How many claims pass the filters (``_filters``): one count, no rows read."""
    query = select(func.count()).select_from(Claim).where(*_filters(conn, **filters))
    return conn.execute(query).scalar_one()


def claims(conn: Connection, **filters: Any) -> list[ClaimView]:
    """The claims that pass the filters (see ``claims_query``), all at once."""
    return claim_views(conn, claims_query(conn, **filters))


def claim_stream(conn: Connection, batch: int = CHUNK, **filters: Any) -> Iterator[list[ClaimView]]:
    """The claims that pass the filters (see ``claims_query``), ``batch`` at a time."""
    return claim_batches(conn, claims_query(conn, **filters), batch)


def claim_detail(conn: Connection, claim_id: int) -> tuple[ClaimView, list[dict[str, Any]]]:
    (view,) = claims(conn, ids=[claim_id], include_retracted=True)
    rows = conn.execute(
        select(Link.c.claim_a, Link.c.claim_b, Link.c.relation, Link.c.note)
        .where(
            or_(Link.c.claim_a == claim_id, Link.c.claim_b == claim_id), Link.c.removed_at.is_(None)
        )
        .order_by(Link.c.claim_a, Link.c.claim_b)
    ).all()
    others = {other_end(r, claim_id) for r in rows}
    by_id = {c.id: c for c in claims(conn, ids=others, include_retracted=True)}
    return view, link_entries(claim_id, rows, by_id)


def other_end(link: Any, claim_id: int) -> int:
    """The claim at the other end of a link row (claim_a, claim_b, ...) from ``claim_id``."""
    return link.claim_b if link.claim_a == claim_id else link.claim_a


def link_entries(
    claim_id: int, links: Iterable[Any], views: dict[int, ClaimView]
) -> list[dict[str, Any]]:
    """A claim's links as shown by ``claim show``: relation, the other claim, the note."""
    entries = []
    for r in links:
        other = views[other_end(r, claim_id)]
        entries.append(
            {
                "relation": r.relation,
                "claim": other.id,
                "speaker": other.speaker,
                "text": other.text,
                "note": r.note,
            }
        )
    return entries


def entities(conn: Connection) -> list[dict[str, Any]]:
    counts = dict(
        conn.execute(select(Claim.c.speaker_id, func.count()).group_by(Claim.c.speaker_id)).all()
    )
    rows = conn.execute(
        select(Entity.c.id, Entity.c.name, Entity.c.kind, Entity.c.parent_id).order_by(
            Entity.c.name, Entity.c.id
        )
    ).all()
    names = {r.id: r.name for r in rows}
    aliases: dict[int, list[str]] = defaultdict(list)
    for entity_id, alias in conn.execute(
        select(Alias.c.entity_id, Alias.c.alias).order_by(Alias.c.id)
    ):
        aliases[entity_id].append(alias)
    return [
        {
            "id": r.id,
            "name": r.name,
            "kind": r.kind,
            "parent": names.get(r.parent_id),
            "aliases": aliases[r.id],
            "claims": counts.get(r.id, 0),
        }
        for r in rows
    ]


def _column(conn: Connection, query, order=Entity.c.name) -> list[Any]:
    return list(conn.execute(query.order_by(order)).scalars())


def _member_names(shown, given, entity_id: int):
    """Names of the entities on one side of a membership whose other side is ``entity_id``."""
    return select(Entity.c.name).join(Membership, shown == Entity.c.id).where(given == entity_id)


def entity(conn: Connection, entity_id: int) -> dict[str, Any]:
    row = conn.execute(select(Entity).where(Entity.c.id == entity_id)).mappings().one()
    chain = ancestry(conn, [entity_id])[entity_id]
    aliases = _column(conn, select(Alias.c.alias).where(Alias.c.entity_id == entity_id), Alias.c.id)
    members = _column(
        conn, _member_names(Membership.c.member_id, Membership.c.coalition_id, entity_id)
    )
    member_of = _column(
        conn, _member_names(Membership.c.coalition_id, Membership.c.member_id, entity_id)
    )
    children = _column(conn, select(Entity.c.name).where(Entity.c.parent_id == entity_id))
    said = conn.execute(select(func.count()).where(Claim.c.speaker_id == entity_id)).scalar_one()
    about = conn.execute(select(func.count()).where(Claim.c.target_id == entity_id)).scalar_one()
    return {
        "id": row["id"],
        "name": row["name"],
        "kind": row["kind"],
        "parent": chain[1][1] if len(chain) > 1 else None,
        "camp": chain[-1][1],
        "chain": [name for _, name in chain],
        "aliases": aliases,
        "members": members,
        "member_of": member_of,
        "children": children,
        "claims_said": said,
        "claims_about": about,
    }
