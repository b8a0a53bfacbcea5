"""import and export: claims in and out in bulk (JSONL, CSV, ClaimReview JSON-LD)."""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, BinaryIO

import typer

from claimdb.cli.common import db, render
from claimdb.cli.output import text_output
from claimdb.errors import InvalidInput


class ImportFmt(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    claimreview = "claimreview"


class ExportFmt(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    claimreview = "claimreview"


EXTENSIONS = {
    ".jsonl": ImportFmt.jsonl,
    ".ndjson": ImportFmt.jsonl,
    ".csv": ImportFmt.csv,
    ".json": ImportFmt.claimreview,
    ".jsonld": ImportFmt.claimreview,
}
Name = Annotated[str | None, typer.Option(help="Name, alias or #id.", show_default=False)]


def import_(
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE|-", help="A .jsonl, .csv or ClaimReview .json file, or - for stdin."
        ),
    ],
    fmt: Annotated[
        ImportFmt | None,
        typer.Option(
            "--format",
            "-f",
            help="jsonl, csv or claimreview (default: by extension, .json is claimreview; "
            "stdin: jsonl).",
        ),
    ] = None,
    create_entities: Annotated[
        bool, typer.Option("--create-entities", help="Create speakers and targets not yet known.")
    ] = False,
    target: Annotated[
        str | None,
        typer.Option(
            help="ClaimReview: the target of claims whose review names none (default: the "
            "claimant).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Bulk import, all or nothing; importing the same file again adds nothing.
    ClaimReview (JSON-LD or Google Fact Check Tools JSON) comes in as claims with verdicts."""
    from claimdb import progress

    fmt = fmt or _format_of(file)
    name = "<stdin>" if file == "-" else file
    if target is not None and fmt != ImportFmt.claimreview:
        raise InvalidInput("--target applies to --format claimreview only")
    handle = db()
    with _input(file) as (stream, size):
        show = sys.stderr.isatty()
        with progress.bar(f"importing {name}", size, show) as advance:
            summary = handle.import_stream(
                stream, name, fmt.value, create_entities, advance, target
            )
    render().message(f"imported {name}: {_describe(summary)}")


def _describe(summary) -> str:
    """'added 24 claims, 12 links; 3 records already present', or 'nothing new'."""
    added = ", ".join(_count(n, kind) for kind, n in summary.added.items() if n)
    known = sum(summary.existing.values())
    text = f"added {added}" if added else "nothing new"
    return text + (f"; {_count(known, 'record')} already present" if known else "")


def _count(n: int, word: str) -> str:
    plural = "entities" if word == "entity" else f"{word}s"
    return f"{n:,} {word if n == 1 else plural}"


def _format_of(file: str) -> ImportFmt:
    if file == "-":
        return ImportFmt.jsonl
    try:
        return EXTENSIONS[Path(file).suffix.lower()]
    except KeyError:
        raise InvalidInput(
            f"{file}: cannot tell the format from the extension; "
            "pass --format jsonl, csv or claimreview"
        ) from None


@contextmanager
def _input(file: str) -> Iterator[tuple[BinaryIO, int | None]]:
    if file == "-":
        yield typer.get_binary_stream("stdin"), None
        return
    try:
        stream = open(file, "rb")  # noqa: SIM115 - closed below
    except OSError as e:
        raise InvalidInput(f"{file}: cannot read: {e.strerror}") from None
    with stream:
        yield stream, os.fstat(stream.fileno()).st_size or None


def export(
    fmt: Annotated[ExportFmt, typer.Option("--format", "-f", help="Output format.")] = (
        ExportFmt.jsonl
    ),
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file (default: stdout).")
    ] = None,
    topic: Annotated[str | None, typer.Option(help="Claims on this topic.")] = None,
    speaker: Name = None,
    target: Name = None,
    since: Annotated[str | None, typer.Option(help="Claims said on or after YYYY-MM-DD.")] = None,
    bom: Annotated[
        bool, typer.Option("--bom", help="CSV: start with a UTF-8 byte order mark (Excel).")
    ] = False,
    review_url: Annotated[
        str | None, typer.Option(help="ClaimReview: the URL of the page publishing the reviews.")
    ] = None,
    review_author: Annotated[
        str | None, typer.Option(help="ClaimReview: the organisation publishing the reviews.")
    ] = None,
    review_author_url: Annotated[
        str | None,
        typer.Option(help="ClaimReview: that organisation's URL (default: the review URL's site)."),
    ] = None,
    all_: Annotated[
        bool,
        typer.Option(
            "--all", help="Every claim: what no filter means, said explicitly (not with filters)."
        ),
    ] = False,
    short: Annotated[
        bool,
        typer.Option(
            "--short",
            help="ClaimReview: claimReviewed at most 75 characters, cut at a word (the full "
            "text goes to itemReviewed.text).",
        ),
    ] = False,
) -> None:
    """Export claims: jsonl (lossless, re-importable), csv (spreadsheets), claimreview
    (schema.org JSON-LD; an empty selection is an error)."""
    if bom and fmt != ExportFmt.csv:
        raise InvalidInput("--bom applies to --format csv only")
    if fmt != ExportFmt.claimreview and (short or review_author_url):
        raise InvalidInput("--short and --review-author-url apply to --format claimreview only")
    if fmt == ExportFmt.claimreview and not (review_url and review_author):
        raise InvalidInput("--format claimreview needs --review-url and --review-author")
    filters = {"topic": topic, "speaker": speaker, "target": target, "since": since}
    if all_ and any(filters.values()):
        raise InvalidInput("--all exports every claim; leave it out to use filters")
    review = {}
    if review_url:
        review = {"url": review_url, "author": review_author, "author_url": review_author_url}
        review["short"] = short
    handle = db()
    with text_output(output, bom) as out:
        counts = handle.export(out, fmt.value, filters, **review)
    if output is not None:
        what = ", ".join(f"{n} {k}" for k, n in counts.items())
        render().message(f"exported {what} to {output}")


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
    app.command()(export)
