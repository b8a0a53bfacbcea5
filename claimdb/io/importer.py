"""Bulk import: records from JSONL or CSV into the database, all or nothing.

Everything happens in one write transaction: any bad record raises
``FILE:LINE: what is wrong`` and the transaction is rolled back.

It streams: claims are checked one by one, then written in chunks by one executemany
(``ON CONFLICT (content_key) DO NOTHING``, so importing a file again adds nothing), in
a background thread while the next chunk is read (``io.bulk_write``). Claims are the
batch variant of the one claim write path (``records.claims.row``/``inserter``: the
same keys; the triggers on ``claim`` index them); claim keys (for link records) go to a
temporary table, not to memory. Entities and sources, which are few, go through
``records.entities`` and ``records.sources``; verdicts are checked and written in
batches (``io.import_verdicts``).

One event is logged per import, not one per record: it names the file, the counts, and
the ids of the entities and sources it created and the range of its claims. (The as-of
views need no per-record events: a row exists from its ``created_at``, and only later
edits' ``before`` values are rewound.) A source the file creates only for claims that
all turn out to be present already is removed again before the commit, so importing
duplicates leaves no orphaned source behind.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from claimdb import validate
from claimdb.db.store import now
from claimdb.db.tables import Claim, Entity, Source
from claimdb.errors import ClaimdbError, Conflict, InvalidInput, NotFound
from claimdb.io import import_links, import_verdicts
from claimdb.io import import_records as rec
from claimdb.io.bulk_write import Background, DuplicateKey, KeyTable, big_cache
from claimdb.io.import_records import Summary
from claimdb.models import ACTS, RELATIONS
from claimdb.records import claims, entities, events, names, sources
from claimdb.text.normalize import normalize

CHUNK = 2000  # claims (or links) per executemany


def run(
    conn: Connection,
    actor: str,
    records: Iterable[tuple[int | str, dict]],
    name: str,
    create_entities: bool = False,
    kinds: dict[str, str] | None = None,
) -> Summary:
    """Import ``records`` (line or label, record) inside one write transaction; ``actor``
    is logged; ``kinds``: the kind of an entity created by that name."""
    with big_cache(conn):
        importer = _Importer(conn, actor, name, create_entities, kinds or {})
        try:
            for line, record in records:
                importer.add(line, record)
            if not importer.records_read:
                raise InvalidInput(f"{name}: empty: no records to import")
            importer.finish()
        finally:
            importer.writer.close()
    return importer.summary


@dataclass
class _Pending:
    line: int
    row: tuple[Any, ...]  # claims.COLUMNS
    content_key: str
    key: str | None
    via: list[int]


class _Importer:
    def __init__(
        self, conn: Connection, actor: str, name: str, create: bool, kinds: dict[str, str]
    ) -> None:
        self._conn, self.actor, self.name, self.create = conn, actor, name, create
        self.kinds = kinds
        self.stamp = now()
        self.summary = Summary.of(rec.TYPES)
        self.writer = Background()
        self.keys = KeyTable()
        self.entities: dict[str, int] = {}  # names as written → id (file records win)
        self.sources: dict[str, int] = {}  # source record keys → id
        self.created: dict[str, list[int]] = {"entity": [], "source": []}
        self.cited: set[int] = set()  # sources the file's claims refer to
        self.source_text: dict[int, str | None] = {}
        self.dates: dict[str, str | None] = {}
        self.claims: list[_Pending] = []
        self.links: list[tuple[int, dict[str, Any]]] = []
        self.verdicts = import_verdicts.Batch()
        self.claims_read = self.records_read = 0
        self.last_claim = conn.execute(select(func.max(Claim.c.id))).scalar() or 0
        self.insert_claims = claims.inserter(conn)
        self.handlers = {k: getattr(self, f"_{k}") for k in rec.TYPES}

    @property
    def conn(self) -> Connection:
        """The connection, once the background writer has finished with it."""
        self.writer.wait()
        return self._conn

    def add(self, line: int, record: dict[str, Any]) -> None:
        self.records_read += 1
        kind = None
        try:
            kind = rec.kind_of(record)
            rec.check_fields(kind, record)
            self.handlers[kind](line, record)
        except ClaimdbError as e:
            raise rec.located(e, self.name, line, kind) from None

    # -- records ------------------------------------------------------------------------

    def _entity(self, line: int, r: dict[str, Any]) -> None:
        name = validate.text(rec.text(r, "name"), "name", required=True).strip()
        kind = rec.text(r, "kind")
        parent = rec.text(r, "parent")
        parent_id = self.entity(parent, "parent") if parent else None
        member_ids = [self.entity(m, "member") for m in rec.names(r, "members")]
        aliases = rec.names(r, "aliases")
        found = self.conn.execute(
            select(Entity.c.id, Entity.c.kind, Entity.c.parent_id).where(
                Entity.c.key == normalize(name)
            )
        ).first()
        if found is None:
            entity_id = entities.add(
                self.conn,
                self.actor,
                name,
                kind or "organisation",
                aliases,
                f"#{parent_id}" if parent_id else None,
                [f"#{m}" for m in member_ids],
                log=False,
            )
            self.created["entity"].append(entity_id)
        else:
            entity_id = found.id
            if kind and kind != found.kind:
                raise Conflict(f"'{name}' exists already as {found.kind}, not {kind}")
            if parent_id is not None and parent_id != found.parent_id:
                raise Conflict(f"'{name}' exists already with another parent")
            for alias in aliases:
                entities.add_alias(self.conn, entity_id, alias)
            entities.add_members(self.conn, entity_id, member_ids, found.kind)
        self.entities[name] = entity_id
        self._count("entity", found is None)

    def _source(self, line: int, r: dict[str, Any]) -> None:
        text, sha = rec.text(r, "text"), rec.text(r, "sha256")
        digest = sources.digest(text) if text else None
        if sha is not None and sha != digest:
            raise InvalidInput("sha256 does not match the text" if text else "sha256 without text")
        fields = {
            "title": validate.text(rec.text(r, "title"), "title", required=True).strip(),
            "publisher": rec.optional(r, "publisher"),
            "url": rec.optional(r, "url"),
            "published_on": validate.iso_date(rec.text(r, "published"), "published"),
            "lang": rec.optional(r, "lang"),
            "reliability": (rec.text(r, "reliability") or "").upper() or None,
            "sha256": digest,
        }
        same = [getattr(Source.c, k).is_not_distinct_from(v) for k, v in fields.items()]
        found = self.conn.execute(select(Source.c.id).where(*same)).first()
        if found:
            source_id = found.id
        else:
            del fields["sha256"]
            fields["published"] = fields.pop("published_on")
            source_id = sources.add(self.conn, self.actor, text=text or None, **fields, log=False)
            self.created["source"].append(source_id)
        key = rec.key(r, "key")
        if key is not None:
            if key in self.sources:
                raise InvalidInput(f"key {key!r} is used by an earlier source")
            self.sources[key] = source_id
        self._count("source", found is None)

    def _claim(self, line: int, r: dict[str, Any]) -> None:
        text = validate.text(rec.text(r, "text"), "text", required=True)
        speaker, target = (self._named(r, role) for role in ("speaker", "target"))
        said_on = self._date(r.get("said_on"))
        quote, translation = rec.optional(r, "quote"), rec.optional(r, "translation")
        act = r.get("act") or "asserts"
        if act not in ACTS:
            validate.choice(rec.text(r, "act"), ACTS, "act")
        source_id = self.source(r.get("source"))
        if source_id is not None:
            self.cited.add(source_id)
        if quote and source_id is not None:
            self._check_quote(quote, source_id)
        retracted_at, reason = rec.retraction(r, self.stamp)
        row, key = claims.row(
            text=text,
            speaker_id=speaker,
            target_id=target,
            source_id=source_id,
            said_on=said_on,
            act=act,
            lang=rec.optional(r, "lang"),
            translation=translation,
            quote=quote,
            topic=rec.optional(r, "topic"),
            location=rec.optional(r, "location"),
            credibility=rec.credibility(r),
            retracted_at=retracted_at,
            retraction_reason=reason,
            stamp=self.stamp,
        )
        via = [self.entity(v, "via") for v in rec.names(r, "via")] if "via" in r else []
        self.claims.append(_Pending(line, row, key, rec.key(r, "key"), via))
        self.claims_read += 1
        if len(self.claims) >= CHUNK:
            self._flush_claims()

    def _named(self, r: dict[str, Any], role: str) -> int:
        name = r.get(role)
        found = self.entities.get(name) if type(name) is str else None
        return found if found is not None else self.entity(rec.required(r, role), role)

    def _date(self, value: Any) -> str | None:
        """A said-on date, checked once per distinct value."""
        if value is None:
            return None
        if type(value) is not str:
            rec.text({"said_on": value}, "said_on")
        if value not in self.dates:
            if len(self.dates) > 50_000:
                self.dates.clear()
            self.dates[value] = validate.iso_date(value, "said_on")
        return self.dates[value]

    def _link(self, line: int, r: dict[str, Any]) -> None:
        validate.choice(rec.required(r, "relation"), RELATIONS, "relation")
        rec.optional(r, "note")
        for end in ("a", "b"):
            if rec.key(r, end) is None:
                raise InvalidInput(f"{end}: missing (the key of a claim record, or #id)")
        self.links.append((line, r))
        if len(self.links) >= CHUNK:
            self._flush_links()

    def _verdict(self, line: int | str, r: dict[str, Any]) -> None:
        source_id = self.source(import_verdicts.check(r))
        if source_id is None:
            raise InvalidInput("source: missing (the review: the key of a source record above)")
        if self.verdicts.add(line, r, source_id) >= CHUNK:
            self._flush_verdicts()

    def _dismissal(self, line: int, r: dict[str, Any]) -> None:
        """A pair of claims dismissed as a suggestion (``claimdb suggest dismiss``)."""
        from claimdb.records import dismissals

        note = rec.optional(r, "note")
        self._flush_links()
        refs = {end: rec.key(r, end) for end in ("a", "b")}
        for end, ref in refs.items():
            if ref is None:
                raise InvalidInput(f"{end}: missing (the key of a claim record, or #id)")
        ids = self._claim_ids(set(refs.values()))
        a, b = (import_links.claim_id(ids, ref, end) for end, ref in refs.items())
        self._count("dismissal", dismissals.dismiss(self.conn, self.actor, a, b, note))

    # -- references -------------------------------------------------------------------

    def entity(self, name: str, role: str) -> int:
        """An entity named as the CLI resolves names; file records and lookups cached."""
        if name in self.entities:
            return self.entities[name]
        try:
            entity_id = names.resolve(self.conn, name, role, hint=entities.CREATE_HINT)
        except NotFound:
            if not self.create or name.strip().startswith("#"):
                raise
            kind = self.kinds.get(name, "organisation")
            entity_id = entities.add(self.conn, self.actor, name, kind, log=False)
            self.created["entity"].append(entity_id)
            self.summary.added["entity"] += 1
        self.entities[name] = entity_id
        return entity_id

    def source(self, ref: Any) -> int | None:
        if ref is None or ref == "":
            return None
        key = rec.key({"source": ref}, "source")
        if key in self.sources:
            return self.sources[key]
        if key.startswith("#"):
            return sources.find(self.conn, key)
        raise NotFound(
            f"source: unknown key {key!r}; give the key of a source record above, "
            "or #id of a source in the database"
        )

    def _check_quote(self, quote: str, source_id: int) -> None:
        if source_id not in self.source_text:
            if len(self.source_text) > 16:
                self.source_text.clear()
            self.source_text[source_id] = sources.text_of(self.conn, source_id)
        sources.check_quote(quote, source_id, self.source_text[source_id])

    def _count(self, kind: str, added: bool) -> None:
        self.summary.count(kind, added)

    # -- bulk writes --------------------------------------------------------------------

    def _flush_claims(self) -> None:
        pending, self.claims = self.claims, []
        if pending:
            self.writer.submit(self._write_claims, pending)

    def _write_claims(self, pending: list[_Pending]) -> None:
        """In the background: insert the chunk, then its via chains and keys."""
        conn = self._conn
        try:
            self.insert_claims(conn, [p.row for p in pending])
        except DBAPIError as e:
            self._find_refused(pending, e)
        wanted = [p for p in pending if p.key is not None or p.via]
        if not wanted:
            return
        ids = dict(
            conn.execute(
                select(Claim.c.content_key, Claim.c.id).where(
                    Claim.c.content_key.in_({p.content_key for p in wanted})
                )
            ).all()
        )
        chains = [
            (ids[p.content_key], p.via) for p in wanted if ids[p.content_key] > self.last_claim
        ]
        claims.add_via(conn, chains)
        keyed = [(p.key, ids[p.content_key], p.line) for p in wanted if p.key is not None]
        try:
            self.keys.add(conn, keyed)
        except DuplicateKey as e:
            raise rec.located(e, self.name, e.line, "claim") from None

    def _find_refused(self, pending: list[_Pending], error: DBAPIError) -> None:
        """The chunk was refused: find the line (rows before it are already in)."""
        for p in pending:
            try:
                self.insert_claims(self._conn, [p.row])
            except DBAPIError as e:
                reason = str(e.orig).splitlines()[0] if e.orig else str(e)
                raise rec.located(
                    InvalidInput(f"refused: {reason}"), self.name, p.line, "claim"
                ) from None
        raise error

    def _flush_links(self) -> None:
        self._flush_claims()
        pending, self.links = self.links, []
        if not pending:
            return
        ids = self._claim_ids({rec.key(r, end) for _, r in pending for end in ("a", "b")})
        added, existing = import_links.write(
            self.conn, pending, ids, self.name, self.actor, self.stamp
        )
        self.summary.added["link"] += added
        self.summary.existing["link"] += existing

    def _flush_verdicts(self) -> None:
        self._flush_claims()
        ids = self._claim_ids(self.verdicts.claim_refs())
        added, existing = self.verdicts.write(self.conn, ids, self.name, self.stamp)
        self.summary.added["verdict"] += added
        self.summary.existing["verdict"] += existing

    def _claim_ids(self, refs: set[str]) -> dict[str, int]:
        """File keys and #ids → claim ids (unknown ones are left out)."""
        found = self.keys.find(self.conn, [k for k in refs if not k.startswith("#")])
        numbers = {k: int(k[1:]) for k in refs if k.startswith("#") and k[1:].isdigit()}
        if numbers:
            known = set(
                self.conn.execute(
                    select(Claim.c.id).where(Claim.c.id.in_(set(numbers.values())))
                ).scalars()
            )
            found.update({k: n for k, n in numbers.items() if n in known})
        return found

    def finish(self) -> None:
        self._flush_links()
        self._flush_verdicts()
        conn = self.conn
        added = conn.execute(
            select(func.count()).select_from(Claim).where(Claim.c.id > self.last_claim)
        ).scalar_one()
        self.summary.added["claim"] = added
        self.summary.existing["claim"] = self.claims_read - added
        self.keys.drop(conn)
        self._drop_unused_sources(conn)
        if any(self.summary.added.values()):
            after = {"file": self.name, "added": self.summary.added}
            after |= {"existing": self.summary.existing}
            after |= {"entity_ids": self.created["entity"], "source_ids": self.created["source"]}
            if added:
                after["claim_ids"] = [self.last_claim + 1, self.last_claim + added]
            events.append(conn, self.actor, "import", "import", None, after=after)

    def _drop_unused_sources(self, conn: Connection) -> None:
        """Remove the sources this import created for its claims when none of those
        claims was new (they were all present already, with their own sources)."""
        mine = [i for i in self.created["source"] if i in self.cited]
        unused = sources.remove_unused(conn, mine)
        self.created["source"] = [i for i in self.created["source"] if i not in unused]
        self.summary.added["source"] -= len(unused)
        self.summary.existing["source"] += len(unused)
