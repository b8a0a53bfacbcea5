"""The library API: every operation the CLI offers, on one database.

``Claimdb(path_or_url)``; each method is one operation. A method opens one transaction
(``store.write()`` or ``store.read()``) and hands its connection to the functions that
work inside a transaction (``claimdb.records``, ``claimdb.analysis``, ``claimdb.io``,
``claimdb.ingest.database``); a write appends to the event log in that same
transaction. Errors are the ``claimdb.errors`` family.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimdb.api_bulk import Bulk
from claimdb.api_reading import Reading
from claimdb.db.store import Store, retried
from claimdb.records import names  # every read resolves names; the writers load on use

if TYPE_CHECKING:
    from claimdb.db.copy_database import CopySummary
    from claimdb.db.integrity import Outcome
    from claimdb.models import ClaimView
    from claimdb.records.merge import MergeResult
    from claimdb.records.passage import Passage


def default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


class Claimdb(Reading, Bulk):
    """One claimdb database. ``Claimdb(path_or_url)``; methods are the operations.

    The reading operations (reports, timeline, search, suggest) are in
    ``claimdb.api_reading``, the bulk ones (load, import, export, ingest) in
    ``claimdb.api_bulk``; every one of them is a method of this class."""

    def __init__(self, db: str | None = None, actor: str | None = None) -> None:
        self.store = Store(db)
        self.actor = actor or default_actor()

    def close(self) -> None:
        self.store.close()

    # -- the database -------------------------------------------------------------------

    @property
    def display(self) -> str:
        """The database as shown to people: a path, or a URL without its password."""
        return self.store.display

    @property
    def schema_version(self) -> int:
        return self.store.version

    def info(self) -> dict[str, Any]:
        """Which database, its backend, schema version and counts (never a password)."""
        return {
            "database": self.display,
            "backend": self.store.dialect,
            "schema_version": self.schema_version,
            **self.counts(),
        }

    def counts(self) -> dict[str, int]:
        """Entities, aliases, sources, claims, live links and events."""
        from claimdb.records import reads

        with self.store.read() as conn:
            return reads.counts(conn)

    def check(self) -> Outcome:
        """``claimdb check``: integrity and invariants; each check in its own read."""
        from claimdb.db import integrity

        return integrity.check(self.store)

    def backup(self, path: Path) -> Path:
        """A consistent copy of a SQLite database (online backup), checked once written."""
        from claimdb.db import integrity

        written = self.store.backup(path)
        integrity.verify_copy(written)
        return written

    def copy_to(self, target: str) -> CopySummary:
        """Copy everything (ids, history, event log) to an empty database ``target``."""
        from claimdb.db.copy_database import copy_database

        return copy_database(self.store, target)

    # -- entities -----------------------------------------------------------------------

    @retried
    def add_entity(
        self,
        name: str,
        kind: str = "organisation",
        aliases: Sequence[str] = (),
        parent: str | None = None,
        members: Sequence[str] = (),
    ) -> int:
        from claimdb.records import entities

        with self.store.write() as conn:
            return entities.add(conn, self.actor, name, kind, aliases, parent, members)

    @retried
    def add_alias(self, name: str, alias: str) -> int:
        from claimdb.errors import Conflict
        from claimdb.records import entities, events

        with self.store.write() as conn:
            entity_id = names.resolve(conn, name)
            if not entities.add_alias(conn, entity_id, alias):
                raise Conflict(f"'{alias}' is already a name of entity #{entity_id}")
            events.append(conn, self.actor, "alias", "entity", entity_id, after={"alias": alias})
            return entity_id

    def resolve(self, name: str, role: str = "entity") -> int:
        with self.store.read() as conn:
            return names.resolve(conn, name, role)

    def find_entity(self, name: str, role: str = "entity") -> tuple[int, str]:
        """(id, name) of the entity called ``name``; NotFound says "did you mean ..."."""
        from claimdb.records import entities

        with self.store.read() as conn:
            entity_id = names.resolve(conn, name, role)
            return entity_id, entities.name_of(conn, entity_id)

    def list_entities(self) -> list[dict[str, Any]]:
        from claimdb.records import reads

        with self.store.read() as conn:
            return reads.entities(conn)

    def show_entity(self, name: str) -> dict[str, Any]:
        from claimdb.records import reads

        with self.store.read() as conn:
            return reads.entity(conn, names.resolve(conn, name))

    @retried
    def merge_entities(self, source: str, into: str) -> MergeResult:
        """Merge the entity named ``source`` into the one named ``into``."""
        from claimdb.records.merge import merge

        with self.store.write() as conn:
            return merge(conn, self.actor, source, into)

    # -- sources ------------------------------------------------------------------------

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
        from claimdb.records import sources

        with self.store.write() as conn:
            fields = (title, publisher, url, published, lang, text, reliability)
            return sources.add(conn, self.actor, *fields)

    def source_info(self, ref: str | int) -> tuple[int, str | None, str | None]:
        """(id, text, published date) of an existing source; NotFound if there is none."""
        from claimdb.records import sources

        with self.store.read() as conn:
            return sources.details(conn, ref)

    @retried
    def grade_sources(
        self, value: str, source: str | None = None, publisher: str | None = None
    ) -> list[dict[str, Any]]:
        """Set (or clear with 'none') the reliability A-F of one source or of every
        source of a publisher; one ``{id, title, before, after}`` per source."""
        from claimdb.analysis import grading

        with self.store.write() as conn:
            return grading.grade_sources(conn, self.actor, value, source, publisher)

    # -- claims -------------------------------------------------------------------------

    @retried
    def add_claim(
        self,
        text: str,
        speaker: str,
        target: str,
        *,
        source: str | int | None = None,
        via: Sequence[str] = (),
        create_entities: bool = False,
        **details: Any,
    ) -> int:
        """Add a claim of ``speaker`` (a name, alias or #id) about ``target``; its id.

        ``details``: said_on, act, lang, translation, quote, topic, location. ``via``: the
        names it was reported through, outermost first; ``create_entities``: add the
        entities not known yet. The same text, speaker and date twice is a Conflict.
        """
        from claimdb.records import claims

        with self.store.write() as conn:
            fields = dict(source=source, via=via, create_entities=create_entities, **details)
            return claims.add_named(conn, self.actor, text, speaker, target, **fields)

    @retried
    def edit_claim(self, ref: str | int, changes: Mapping[str, Any]) -> tuple[int, list[str]]:
        """Change fields of a claim (``None``: keep; ``""``: clear); (id, fields changed)."""
        from claimdb.records import claims

        with self.store.write() as conn:
            return claims.edit(conn, self.actor, ref, changes)

    @retried
    def retract_claim(self, ref: str | int, reason: str) -> int:
        """Mark a claim retracted (never deleted; its links are kept)."""
        from claimdb.records import claims

        with self.store.write() as conn:
            return claims.retract(conn, self.actor, ref, reason)

    @retried
    def grade_claim(self, ref: str | int, value: str) -> dict[str, Any]:
        """Set (or clear with 'none') a claim's credibility 1-6; id, before and after."""
        from claimdb.analysis import grading

        credibility = grading.parse_credibility(value)
        from claimdb.records import claims

        with self.store.write() as conn:
            return claims.set_credibility(conn, self.actor, ref, credibility)

    def list_claims(self, **filters: Any):
        """Claims with their standing; ``standing=S`` keeps only claims that stand so."""
        return list(self.stream_claims(**filters))

    def stream_claims(self, **filters: Any) -> Iterator[ClaimView]:
        """``list_claims`` as a generator: claims are read, given their standing and
        yielded a batch at a time while the read transaction stays open."""
        from claimdb.analysis import standing

        with self.store.read() as conn:
            yield from standing.claim_stream(conn, **names.resolve_filters(conn, filters))

    def count_claims(self, **filters: Any) -> int:
        """How many claims pass the filters of ``list_claims`` (no ``standing``)."""
        from claimdb.records import reads

        with self.store.read() as conn:
            return reads.count_claims(conn, **names.resolve_filters(conn, filters))

    def show_claim(self, ref: str | int, as_of: str | None = None):
        """(claim view with standing and chain, its links), now or as of a past time."""
        from claimdb.analysis import detail
        from claimdb.records import claims

        with self.store.read() as conn:
            return detail.claim_detail(conn, claims.get(conn, ref)["id"], as_of)

    def claim_history(self, ref: str | int) -> list[dict[str, Any]]:
        """Every version of a claim, oldest first, with its link and unlink events."""
        from claimdb.records import history

        with self.store.read() as conn:
            return history.claim_history(conn, ref)

    def passage(self, ref: str | int, context: int | None = 300) -> Passage:
        """A claim's quote in its source's text, with ``context`` characters around it."""
        from claimdb.records.passage import passage

        with self.store.read() as conn:
            return passage(conn, ref, context)

    # -- links --------------------------------------------------------------------------

    @retried
    def link(self, a: str | int, b: str | int, relation: str, note: str | None = None) -> int:
        from claimdb.records import links

        with self.store.write() as conn:
            return links.add(conn, self.actor, a, b, relation, note)

    @retried
    def unlink(self, a: str | int, b: str | int) -> int:
        from claimdb.records import links

        with self.store.write() as conn:
            return links.remove(conn, self.actor, a, b)


def __getattr__(name: str) -> Any:
    """``NewSource`` and ``auto_accept`` of ingest, imported only when asked for."""
    if name in ("NewSource", "auto_accept"):
        from claimdb.ingest import database

        return getattr(database, name)
    raise AttributeError(f"module 'claimdb.api' has no attribute {name!r}")


__all__ = ["Claimdb"]
