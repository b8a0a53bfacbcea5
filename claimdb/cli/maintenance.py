"""Keeping a database sound: ``claimdb check`` and ``claimdb backup``."""

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
    from claimdb.db import integrity

    outcome = integrity.check(db())
    r = render()
    rows = [asdict(f) for f in outcome.findings]
    if fmt.value != "table" or rows:
        r.listing(rows, ("check", "where", "problem"), fmt.value, title="Problems found")
    skipped = f"; skipped: {', '.join(outcome.skipped)}" if outcome.skipped else ""
    if outcome.findings:
        raise integrity.CheckFailed(
            f"check found {len(rows)} problem(s) in {db().store.display}{skipped}"
        )
    r.message(
        f"check: no problems in {db().store.display} "
        f"({outcome.claims} claims, {len(outcome.ran)} checks){skipped}"
    )


def backup(
    path: Annotated[Path, typer.Argument(help="Where to write the copy (a new file).")],
) -> None:
    """A consistent copy of a SQLite database, safe while others write (online backup)."""
    from claimdb.db import integrity

    written = db().store.backup(path)
    integrity.verify_copy(written)
    render().message(f"backup written: {written} ({written.stat().st_size:,} bytes)")


def register(app: typer.Typer) -> None:
    app.command("check")(check)
    app.command("backup")(backup)
