"""Database and data set commands: init, info, demo, load."""

from pathlib import Path
from typing import Annotated

import typer

from claimdb.cli.common import Fmt, FormatOpt, ReportFmt, db, render


def init() -> None:
    """Create or upgrade the database (idempotent)."""
    handle = db()
    render().message(f"database ready: {handle.display} (schema version {handle.schema_version})")


def info(fmt: FormatOpt = Fmt.table) -> None:
    """Which database, its schema version and counts (a password is never shown)."""
    render().record(db().info(), fmt.value, title="claimdb")


def seed_files() -> list[Path]:
    from importlib import resources

    seeds = resources.files("claimdb").joinpath("seeds")
    return sorted(Path(str(p)) for p in seeds.iterdir() if p.name.endswith(".toml"))


def load(
    files: Annotated[
        list[Path],
        typer.Argument(help="Data set files (the seeds/ TOML format).", show_default=False),
    ],
) -> None:
    """Load data set files, all or nothing (loading the same file again adds nothing)."""
    _say_summary(db().load(files))


def _say_summary(summary) -> None:
    plural = {"entity": "entities"}
    added = ", ".join(f"{n} {plural.get(k, k + 's')}" for k, n in summary.added.items())
    known = sum(summary.existing.values())
    render().message(
        f"loaded {len(summary.files)} file(s): added {added}"
        + (f"; {known} already present" if known else "")
    )


def demo(
    fmt: Annotated[
        ReportFmt, typer.Option("--format", "-f", help="Report format.")
    ] = ReportFmt.table,
) -> None:
    """Load the bundled seed data set (once) and print its contradiction report."""
    handle = db()
    _say_summary(handle.load(seed_files()))
    render().report(handle.report(), fmt.value)


def register(app: typer.Typer) -> None:
    for command in (init, info, demo, load):
        app.command()(command)
