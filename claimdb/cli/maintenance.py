"""Keeping a database sound and moving it: ``check``, ``backup`` and ``copy``."""

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from claimdb.cli.common import Fmt, FormatOpt, db, render


def check(fmt: FormatOpt = Fmt.table) -> None:
    """Integrity and invariants; prints each finding and exits 1 on any.

    SQLite's integrity_check and foreign_key_check; links stored once, in order, one live
    link per pair, no link to a missing claim; quotes found in their source's text;
    source texts match their sha256; search keys match the claim text; the full-text
    index in step with the claims; no parent cycles.
    """
    from claimdb.errors import CheckFailed

    outcome = db().check()
    r = render()
    rows = [asdict(f) for f in outcome.findings]
    if fmt.value != "table" or rows:
        r.listing(rows, ("check", "where", "problem"), fmt.value, title="Problems found")
    skipped = f"; skipped: {', '.join(outcome.skipped)}" if outcome.skipped else ""
    if outcome.findings:
        raise CheckFailed(f"check found {len(rows)} problem(s) in {db().display}{skipped}")
    r.message(
        f"check: no problems in {db().display} "
        f"({outcome.claims} claims, {len(outcome.ran)} checks){skipped}"
    )


def backup(
    path: Annotated[Path, typer.Argument(help="Where to write the copy (a new file).")],
) -> None:
    """A consistent copy of a SQLite database, safe while others write (online backup)."""
    written = db().backup(path)
    render().message(f"backup written: {written} ({written.stat().st_size:,} bytes)")


ORDER = ("entity", "alias", "membership", "source", "claim", "claim_via", "link", "event")
NAMES = {"entity": "entities", "alias": "aliases", "claim_via": "via entries"}


def copy_command(
    to: Annotated[
        str,
        typer.Option(
            "--to",
            metavar="PATH|URL",
            show_default=False,
            help="The destination: a new SQLite file, or an empty PostgreSQL database "
            "(postgresql+psycopg://user:password@host/database).",
        ),
    ],
) -> None:
    """Copy the whole database (ids, history, event log) to another, empty database."""
    summary = db().copy_to(to)
    tables = sorted(summary.rows, key=lambda t: ORDER.index(t) if t in ORDER else len(ORDER))
    counts = ", ".join(_rows(summary.rows[t], t) for t in tables if summary.rows[t])
    render().message(
        f"copied {summary.source} to {summary.destination}: {counts or 'nothing (empty)'}"
    )


def _rows(n: int, table: str) -> str:
    if n == 1:
        return f"1 {'via entry' if table == 'claim_via' else table}"
    return f"{n:,} {NAMES.get(table, table + 's')}"


def register(app: typer.Typer) -> None:
    app.command("check")(check)
    app.command("backup")(backup)
    app.command("copy")(copy_command)
