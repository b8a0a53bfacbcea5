"""The reading operations of ``claimdb.Claimdb``: the report, speakers, the timeline,
the matrix, search, suggestions and dismissals, the event log, Datasette.

A mixin: ``Claimdb`` inherits these methods; each opens one transaction on
``self.store`` and hands its connection to the functions that work inside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from claimdb.db.store import Store, retried
from claimdb.records import names  # every read resolves names; the writers load on use

if TYPE_CHECKING:
    from claimdb.analysis.overview import Matrix
    from claimdb.models import Report
    from claimdb.records.search import SearchResult


class Reading:
    """Methods of ``Claimdb`` that read (and dismissing a suggestion)."""

    store: Store
    actor: str

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
