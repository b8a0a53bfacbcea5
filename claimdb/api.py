"""The library API: every operation the CLI offers, on one database.

Each write runs in one transaction (``store.write()``) and appends to the event log
in that same transaction. Errors are the ``claimdb.errors`` family.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection

from claimdb import validate
from claimdb.db.store import Store, now, retried
from claimdb.db.tables import Alias, Claim, ClaimVia, Entity, Event, Link, Membership, Source
from claimdb.errors import Conflict, InvalidInput, NotFound
from claimdb.models import ACTS, KINDS, RELATIONS
from claimdb.records import names
from claimdb.text.matching import normalize

CREATE_HINT = "add it with 'claimdb entity add', or pass --create-entities"


def content_key(speaker_id: int, said_on: str | None, text: str) -> str:
    """Stable key of a claim: same speaker, date and normalised text → same claim."""
    return normalized_content_key(speaker_id, said_on, normalize(text))


def normalized_content_key(speaker_id: int, said_on: str | None, normalized_text: str) -> str:
    """``content_key`` for a text already normalised (the bulk import's hot path)."""
    raw = f"{speaker_id}\x1f{said_on or ''}\x1f{normalized_text}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def search_key(text: str, quote: str | None, translation: str | None) -> str:
    return " ".join(normalize(t) for t in (text, quote, translation) if t)


def quote_found(quote: str, source_text: str) -> bool:
    """Verbatim, or equal once both are normalised (diacritics, hamza forms, spacing)."""
    return quote in source_text or normalize(quote) in normalize(source_text)


def default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


class Claimdb:
    """One claimdb database. ``Claimdb(path_or_url)``; methods are the operations."""

    def __init__(self, db: str | None = None, actor: str | None = None) -> None:
        self.store = Store(db)
        self.actor = actor or default_actor()

    def close(self) -> None:
        self.store.close()

    # -- event log --------------------------------------------------------------------

    def log(
        self,
        conn: Connection,
        op: str,
        record: str,
        row_id: int | None,
        before: dict | None = None,
        after: dict | None = None,
    ) -> None:
        # insert(T) with the values as parameters: compiled once and cached, where
        # insert(T).values(...) builds a new statement each time (~4x the cost per row)
        event = {"at": now(), "actor": self.actor, "op": op, "record": record, "row_id": row_id}
        conn.execute(insert(Event), event | {"before": _json(before), "after": _json(after)})

    # -- entities ---------------------------------------------------------------------

    @retried
    def add_entity(
        self,
        name: str,
        kind: str = "organisation",
        aliases: Sequence[str] = (),
        parent: str | None = None,
        members: Sequence[str] = (),
    ) -> int:
        with self.store.write() as conn:
            return self._add_entity(conn, name, kind, aliases, parent, members)

    def _add_entity(
        self,
        conn: Connection,
        name: str,
        kind: str = "organisation",
        aliases: Sequence[str] = (),
        parent: str | None = None,
        members: Sequence[str] = (),
        log: bool = True,
    ) -> int:
        """Add an entity; ``log=False`` when the caller logs one event for many (an import)."""
        name = validate.text(name, "entity name", required=True).strip()
        validate.choice(kind, KINDS, "kind")
        key = normalize(name)
        clash = conn.execute(select(Entity.c.id).where(Entity.c.key == key)).first()
        if clash:
            raise Conflict(f"entity '{name}' exists already (#{clash.id})")
        parent_id = names.resolve(conn, parent, "parent") if parent else None
        member_ids = [names.resolve(conn, m, "member") for m in members]
        if member_ids and kind != "coalition":
            raise InvalidInput(
                f"entity '{name}': only a coalition has members (use --kind coalition)"
            )
        row = {"name": name, "key": key, "kind": kind, "parent_id": parent_id, "created_at": now()}
        entity_id = conn.execute(insert(Entity), row).inserted_primary_key[0]
        taken = {key}  # a new entity's names: no need to ask the database about them
        for alias in aliases:
            self._add_alias(conn, entity_id, alias, taken)
        for member_id in dict.fromkeys(member_ids):
            conn.execute(insert(Membership), {"coalition_id": entity_id, "member_id": member_id})
        if not log:
            return entity_id
        self.log(
            conn,
            "add",
            "entity",
            entity_id,
            after=row | {"aliases": list(aliases), "members": member_ids},
        )
        return entity_id

    def _add_alias(
        self, conn: Connection, entity_id: int, alias: str, taken: set[str] | None = None
    ) -> bool:
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

    @retried
    def add_alias(self, name: str, alias: str) -> int:
        with self.store.write() as conn:
            entity_id = names.resolve(conn, name)
            if not self._add_alias(conn, entity_id, alias):
                raise Conflict(f"'{alias}' is already a name of entity #{entity_id}")
            self.log(conn, "alias", "entity", entity_id, after={"alias": alias})
            return entity_id

    def resolve(self, name: str, role: str = "entity") -> int:
        with self.store.read() as conn:
            return names.resolve(conn, name, role)

    def list_entities(self) -> list[dict[str, Any]]:
        from claimdb.records import reads as queries

        with self.store.read() as conn:
            return queries.entities(conn)

    def show_entity(self, name: str) -> dict[str, Any]:
        from claimdb.records import reads as queries

        with self.store.read() as conn:
            return queries.entity(conn, names.resolve(conn, name))

    # -- sources ----------------------------------------------------------------------

    @retried
    def add_source(
        self,
        title: str,
        publisher: str | None = None,
        url: str | None = None,
        published: str | None = None,
        lang: str | None = None,
        text: str | None = None,
        reliability: str | None = None,
    ) -> int:
        with self.store.write() as conn:
            return self._add_source(conn, title, publisher, url, published, lang, text, reliability)

    def _add_source(
        self,
        conn: Connection,
        title: str,
        publisher: str | None = None,
        url: str | None = None,
        published: str | None = None,
        lang: str | None = None,
        text: str | None = None,
        reliability: str | None = None,
        log: bool = True,
    ) -> int:
        """Add a source; ``log=False`` when the caller logs one event for many (an import)."""
        title = validate.text(title, "source title", required=True).strip()
        if reliability is not None:
            reliability = validate.choice(
                reliability.upper(), ("A", "B", "C", "D", "E", "F"), "reliability"
            )
        if text is not None and "\x00" in text:
            raise InvalidInput("source text: contains a NUL byte")
        row = {
            "title": title,
            "publisher": validate.text(publisher, "publisher"),
            "url": validate.text(url, "url"),
            "published_on": validate.iso_date(published, "published date"),
            "lang": validate.text(lang, "lang"),
            "text": text,
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest() if text else None,
            "reliability": reliability,
            "created_at": now(),
        }
        if not text:
            row["text"] = None
        source_id = conn.execute(insert(Source), row).inserted_primary_key[0]
        if log:
            after = {k: v for k, v in row.items() if k != "text"}
            self.log(conn, "add", "source", source_id, after=after)
        return source_id

    def find_source(self, conn: Connection, ref: str | int) -> int:
        source_id = names.parse_claim_id(ref, "source id")
        if conn.execute(select(Source.c.id).where(Source.c.id == source_id)).first() is None:
            raise NotFound(f"source #{source_id}: no such source")
        return source_id

    # -- claims -----------------------------------------------------------------------

    @retried
    def add_claim(
        self,
        text: str,
        speaker: str,
        target: str,
        *,
        source: str | int | None = None,
        said_on: str | None = None,
        act: str = "asserts",
        lang: str | None = None,
        translation: str | None = None,
        quote: str | None = None,
        topic: str | None = None,
        location: str | None = None,
        via: Sequence[str] = (),
        create_entities: bool = False,
    ) -> int:
        validate.text(text, "claim text", required=True)
        validate.iso_date(said_on, "said-on date")
        validate.choice(act, ACTS, "act")
        with self.store.write() as conn:
            ids = {}
            for role, name in (("speaker", speaker), ("target", target)):
                ids[role] = self._entity_or_create(conn, name, role, create_entities)
            via_ids = [self._entity_or_create(conn, v, "via", create_entities) for v in via]
            source_id = self.find_source(conn, source) if source is not None else None
            claim_id, _ = self._insert_claim(
                conn,
                text=text,
                speaker_id=ids["speaker"],
                target_id=ids["target"],
                source_id=source_id,
                said_on=said_on,
                act=act,
                lang=lang,
                translation=translation,
                quote=quote,
                topic=topic,
                location=location,
                via_ids=via_ids,
                dedupe=False,
            )
            return claim_id

    def _entity_or_create(self, conn: Connection, name: str, role: str, create: bool) -> int:
        try:
            return names.resolve(conn, name, role, hint=CREATE_HINT)
        except NotFound:
            if not create or name.strip().startswith("#"):
                raise
            return self._add_entity(conn, name)

    def _insert_claim(
        self,
        conn: Connection,
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
        via_ids: Sequence[int] = (),
        credibility: int | None = None,
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
            self._check_quote(conn, quote, source_id)
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
        for position, entity_id in enumerate(via_ids):
            conn.execute(
                insert(ClaimVia).values(claim_id=claim_id, position=position, entity_id=entity_id)
            )
        self._fts_add(conn, claim_id, row["search_key"])
        self.log(conn, "add", "claim", claim_id, after=_claim_record(row, via_ids))
        return claim_id, True

    def _check_quote(self, conn: Connection, quote: str, source_id: int) -> None:
        source_text = conn.execute(select(Source.c.text).where(Source.c.id == source_id)).scalar()
        if source_text and not quote_found(quote, source_text):
            short = quote if len(quote) <= 40 else quote[:40] + "…"
            raise InvalidInput(f"quote '{short}' is not found in the text of source #{source_id}")

    def _fts_add(self, conn: Connection, claim_id: int, key: str) -> None:
        if self.store.dialect == "sqlite":
            conn.exec_driver_sql(
                "INSERT INTO claim_fts (rowid, search_key) VALUES (?, ?)", (claim_id, key)
            )

    def get_claim(self, conn: Connection, ref: str | int) -> dict[str, Any]:
        claim_id = names.parse_claim_id(ref)
        row = conn.execute(select(Claim).where(Claim.c.id == claim_id)).mappings().first()
        if row is None:
            raise NotFound(f"claim #{claim_id}: no such claim")
        return dict(row)

    def list_claims(self, **filters: Any):
        """Claims with their standing; ``standing=S`` keeps only claims that stand so."""
        from claimdb.analysis import standing

        with self.store.read() as conn:
            return standing.claims(conn, **self.resolve_filters(conn, filters))

    def show_claim(self, ref: str | int, as_of: str | None = None):
        """(claim view with standing and chain, its links), now or as of a past time."""
        from claimdb.analysis import detail

        with self.store.read() as conn:
            claim = self.get_claim(conn, ref)
            return detail.claim_detail(conn, claim["id"], as_of)

    def resolve_filters(self, conn: Connection, filters: dict[str, Any]) -> dict[str, Any]:
        """Resolve speaker/target names to ids and check dates, for the query layer."""
        out = dict(filters)
        for role in ("speaker", "target"):
            if out.get(role):
                out[role] = names.resolve(conn, out[role], role)
        if out.get("since"):
            out["since"] = validate.iso_date(out["since"], "--since date")
        return out

    # -- links ------------------------------------------------------------------------

    @retried
    def link(self, a: str | int, b: str | int, relation: str, note: str | None = None) -> int:
        with self.store.write() as conn:
            return self._link(conn, a, b, relation, note)

    def _link(
        self,
        conn: Connection,
        a: str | int,
        b: str | int,
        relation: str,
        note: str | None,
        exists_ok: bool = False,
    ) -> int:
        validate.choice(relation, RELATIONS, "relation")
        first, second = self.get_claim(conn, a)["id"], self.get_claim(conn, b)["id"]
        if first == second:
            raise Conflict(f"claim #{first} cannot be linked to itself")
        lo, hi = sorted((first, second))
        live = self._live_link(conn, lo, hi)
        if live is not None:
            if live.relation == relation and exists_ok:
                return live.id
            if live.relation == relation:
                raise Conflict(f"claims #{lo} and #{hi} are already linked: {relation}")
            raise Conflict(
                f"claims #{lo} and #{hi} are already linked the other way "
                f"({live.relation}); unlink them first"
            )
        row = {
            "claim_a": lo,
            "claim_b": hi,
            "relation": relation,
            "note": validate.text(note, "note"),
            "created_at": now(),
            "created_by": self.actor,
        }
        link_id = conn.execute(insert(Link), row).inserted_primary_key[0]
        self.log(conn, "link", "link", link_id, after=row)
        return link_id

    def _live_link(self, conn: Connection, lo: int, hi: int):
        return conn.execute(
            select(Link.c.id, Link.c.relation).where(
                Link.c.claim_a == lo, Link.c.claim_b == hi, Link.c.removed_at.is_(None)
            )
        ).first()

    @retried
    def unlink(self, a: str | int, b: str | int) -> int:
        with self.store.write() as conn:
            first, second = self.get_claim(conn, a)["id"], self.get_claim(conn, b)["id"]
            lo, hi = sorted((first, second))
            live = self._live_link(conn, lo, hi)
            if live is None:
                raise NotFound(f"claims #{lo} and #{hi} are not linked")
            stamp = now()
            conn.execute(
                update(Link)
                .where(Link.c.id == live.id)
                .values(removed_at=stamp, removed_by=self.actor)
            )
            self.log(
                conn,
                "unlink",
                "link",
                live.id,
                before={"claim_a": lo, "claim_b": hi, "relation": live.relation},
                after={"removed_at": stamp, "removed_by": self.actor},
            )
            return live.id

    # -- ClaimReview --------------------------------------------------------------------

    def import_claimreview(
        self, raw: bytes, name: str, create_entities: bool = False, target: str | None = None
    ):
        """Import fact-checks (ClaimReview JSON-LD or Fact Check Tools JSON) as claims
        with verdicts, all or nothing; ``target``: of claims whose review names none."""
        from claimdb.io import claimreview_read, importer

        found, kinds = claimreview_read.records(claimreview_read.parse(raw, name), name, target)
        return importer.run(self, found, name, create_entities, kinds)

    def export_claimreview(self, out, filters: dict[str, Any], desk) -> int:
        """Write the chosen claims' reviews (a ``claimreview.Desk`` publishes the
        analyst's) to ``out``; returns how many. An empty selection is an error."""
        from claimdb.io import claimreview
        from claimdb.io.export_selection import Filters

        with self.store.read() as conn:
            chosen = Filters(**self.resolve_filters(conn, filters))
            return claimreview.export(conn, out, chosen, desk)

    # -- reports ----------------------------------------------------------------------

    def report(self, **filters: Any):
        """The report; also ``as_of``, ``min_grade`` and ``sort`` (see analysis.report.report)."""
        from claimdb.analysis import report as reports

        with self.store.read() as conn:
            return reports.report(conn, **self.resolve_filters(conn, filters))

    def speakers(self, **options: Any):
        from claimdb.analysis import report as reports

        with self.store.read() as conn:
            return reports.speakers(conn, **options)

    def counts(self) -> dict[str, int]:
        tables = {"entities": Entity, "aliases": Alias, "sources": Source, "claims": Claim}
        with self.store.read() as conn:
            out = {
                name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for name, t in tables.items()
            }
            out["links"] = conn.execute(
                select(func.count()).select_from(Link).where(Link.c.removed_at.is_(None))
            ).scalar_one()
            out["events"] = conn.execute(select(func.count()).select_from(Event)).scalar_one()
        return out


def _json(value: dict | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _claim_record(row: dict[str, Any], via_ids: Iterable[int]) -> dict[str, Any]:
    keep = {k: v for k, v in row.items() if k not in ("search_key",)}
    return keep | {"via": list(via_ids)}


__all__ = ["Claimdb", "content_key"]
