"""The library API: every operation the CLI offers, on one database.

``Claimdb(path_or_url)``; each method is one operation. A method opens one transaction
(``store.write()`` or ``store.read()``) and hands its connection to the functions that
work inside a transaction (``claimdb.records``, ``claimdb.analysis``, ``claimdb.io``,
``claimdb.ingest.database``); a write appends to the event log in that same
transaction. Errors are the ``claimdb.errors`` family.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from claimdb.db.store import Store, retried
from claimdb.records import names  # every read resolves names; the writers load on use

if TYPE_CHECKING:
    from claimdb.analysis.overview import Matrix
    from claimdb.db.copy_database import CopySummary
    from claimdb.db.integrity import Outcome
    from claimdb.ingest.database import Item, NewSource, Written
    from claimdb.io.import_records import Summary
    from claimdb.models import ClaimView, Report
    from claimdb.records.merge import MergeResult
    from claimdb.records.passage import Passage
    from claimdb.records.search import SearchResult


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

    # -- reading ------------------------------------------------------------------------

    def report(self, **filters: Any):
        """The report; also ``as_of``, ``min_grade`` and ``sort`` (see analysis.report)."""
        from claimdb.analysis import report

        with self.store.read() as conn:
            return report.report(conn, **names.resolve_filters(conn, filters))

    def stream_report(self, **filters: Any) -> Report:
        """The whole report (every dispute, now, in dispute order) with its disputes read
        as they are iterated, in one read transaction; ``pairs``, the speaker summary,
        is filled when the last dispute has been read. Filters: topic, speaker, target,
        since, include_retracted."""
        from claimdb.models import Report

        with self.store.read() as conn:  # unknown names fail here, before any output
            resolved = names.resolve_filters(conn, filters)
        result = Report(disputes=[], pairs=[])

        def disputes() -> Iterator[Any]:
            from claimdb.analysis import report_stream

            with self.store.read() as conn:
                yield from report_stream.disputes(conn, result.pairs, **resolved)

        result.disputes = disputes()  # type: ignore[assignment]
        return result

    def speakers(self) -> list[dict[str, Any]]:
        """Every speaker, most claims first (see ``top_speakers``)."""
        return self.top_speakers(None)[0]

    def top_speakers(self, limit: int | None = 50) -> tuple[list[dict[str, Any]], int]:
        """The ``limit`` speakers with the most claims (all with None), with camp, claim
        count and whom they contradict or support; and how many speakers there are."""
        from claimdb.analysis import speakers

        with self.store.read() as conn:
            return speakers.speakers(conn, limit)

    def timeline(self, **filters: Any) -> list[dict[str, Any]]:
        """Claims in the order they were made, with standing and links (``timeline``)."""
        return list(self.stream_timeline(**filters))

    def stream_timeline(self, **filters: Any) -> Iterator[dict[str, Any]]:
        """``timeline`` as a generator, a batch at a time in one read transaction."""
        from claimdb.analysis import overview

        with self.store.read() as conn:
            yield from overview.timeline_stream(conn, **names.resolve_filters(conn, filters))

    def datasette(self, host: str = "127.0.0.1", port: int = 8001) -> int:
        """Serve this SQLite database in Datasette (the ``datasette`` extra) until it
        stops; returns Datasette's exit code."""
        from claimdb.io import datasette

        if self.store.path is None:
            from claimdb.errors import InvalidInput

            raise InvalidInput("datasette: Datasette opens SQLite files, not a database server")
        return datasette.serve(self.store.path, host, port)

    def matrix(self, by: str = "speaker", limit: int | None = None) -> Matrix:
        """Parties against parties (``by`` speaker or camp): links counted."""
        from claimdb.analysis import overview

        with self.store.read() as conn:
            return overview.matrix(conn, by, limit)

    def search(self, query: str, **options: Any) -> SearchResult:
        """Full-text search over text, quote and translation; fuzzy when nothing matches.
        Options: speaker, target, lang, since, include_retracted, limit."""
        from claimdb.records import search

        with self.store.read() as conn:
            return search.search_claims(conn, query, **options)

    def suggest(self, limit: int = 20, **options: Any) -> list:
        """Likely contradictions, supports and duplicates not yet linked or dismissed, best
        first. Options: kind, speaker, target, topic, since, min_score."""
        from claimdb.analysis import suggest

        with self.store.read() as conn:
            return suggest.suggest_links(conn, limit, **options)

    @retried
    def dismiss_suggestion(self, a: str | int, b: str | int, note: str | None = None) -> bool:
        """Record that two claims do not contradict, so they are not suggested again;
        ``False`` when that was recorded already."""
        from claimdb.records import claims, dismissals

        with self.store.write() as conn:
            first, second = claims.get(conn, a)["id"], claims.get(conn, b)["id"]
            return dismissals.dismiss(conn, self.actor, first, second, note)

    def event_log(self, since: str | None = None) -> list[dict[str, Any]]:
        """The event log, oldest first (``since`` a date or an ISO time)."""
        from claimdb.records import history

        with self.store.read() as conn:
            return history.event_log(conn, since)

    # -- in and out in bulk -------------------------------------------------------------

    @retried
    def load(self, paths: Iterable[str | Path]) -> Summary:
        """Load data set files (the seeds/ TOML format), all or nothing."""
        from claimdb.io import dataset

        with self.store.write() as conn:
            return dataset.load(conn, self.actor, paths)

    def import_records(
        self,
        records: Iterable[tuple[int | str, dict]],
        name: str,
        create_entities: bool = False,
        kinds: dict[str, str] | None = None,
    ) -> Summary:
        """Bulk import of (line, record) pairs (JSONL shape), all or nothing; ``kinds``:
        names → the kind of an entity created by that name."""
        from claimdb.io import importer

        with self.store.write() as conn:
            return importer.run(conn, self.actor, records, name, create_entities, kinds)

    def import_stream(
        self,
        stream: BinaryIO,
        name: str,
        fmt: str = "jsonl",
        create_entities: bool = False,
        advance: Callable[[int], None] | None = None,
        target: str | None = None,
    ) -> Summary:
        """Bulk import of a JSONL, CSV or ClaimReview byte stream called ``name`` (in
        messages); ``advance(n)`` is told the bytes read, for a progress bar; ``target``:
        of ClaimReview claims whose review names none."""
        from claimdb.io import claimreview_read, csv_format, import_records, jsonl

        if fmt == "claimreview":
            found, kinds = claimreview_read.read(stream.read(), name, target)
            return self.import_records(found, name, create_entities, kinds)
        lines = import_records.decoded_lines(stream, name, advance or (lambda n: None))
        reader = csv_format.records if fmt == "csv" else jsonl.records
        return self.import_records(reader(lines, name), name, create_entities)

    def export(self, out: TextIO, fmt: str, filters: dict[str, Any], **review: Any) -> dict:
        """Write the chosen claims as ``fmt`` (jsonl, csv, or claimreview with ``url``,
        ``author``, optional ``author_url`` and ``short``) to ``out``; returns what was
        written, counted by kind. An empty selection is an error for claimreview."""
        from claimdb.io import csv_format, jsonl
        from claimdb.io.export_selection import Selection

        with self.store.read() as conn:
            chosen = Selection(**names.resolve_filters(conn, filters))
            if fmt == "claimreview":
                from claimdb.io.claimreview import Desk, export

                return {"claim reviews": export(conn, out, chosen, Desk.of(review))}
            if fmt == "jsonl":
                return jsonl.export(conn, out, chosen)
            return {"claims": csv_format.export(conn, out, chosen)}

    # -- ingest -------------------------------------------------------------------------

    def ingest_plan(self, text: str, lang: str | None = None) -> list[Item]:
        """The claims proposed from ``text``, resolved against the database."""
        from claimdb.ingest import database as ingesting

        with self.store.read() as conn:
            return ingesting.plan(conn, text, lang)

    @retried
    def ingest_write(
        self, items: list[Item], text: str, source: NewSource | int, said_on: str | None = None
    ) -> Written:
        """Write the accepted proposals (and their source, new speakers) at once."""
        from claimdb.ingest import database as ingesting

        with self.store.write() as conn:
            return ingesting.write(conn, self.actor, items, text, source, said_on)


def __getattr__(name: str) -> Any:
    """``NewSource`` and ``auto_accept`` of ingest, imported only when asked for."""
    if name in ("NewSource", "auto_accept"):
        from claimdb.ingest import database

        return getattr(database, name)
    raise AttributeError(f"module 'claimdb.api' has no attribute {name!r}")


__all__ = ["Claimdb"]
