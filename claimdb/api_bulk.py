"""The bulk operations of ``claimdb.Claimdb``: load data sets, import and export
claims, ingest articles.

A mixin: ``Claimdb`` inherits these methods; each opens one transaction on
``self.store`` and hands its connection to the functions that work inside it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from claimdb.db.store import Store, retried
from claimdb.records import names  # every read resolves names; the writers load on use

if TYPE_CHECKING:
    from claimdb.ingest.database import Item, NewSource, Written
    from claimdb.io.import_records import Summary


class Bulk:
    """Methods of ``Claimdb`` that move many records at once."""

    store: Store
    actor: str

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
