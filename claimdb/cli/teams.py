"""Working as a team: ``claimdb copy`` moves a whole database between backends."""

from typing import Annotated

import typer

from claimdb.cli.common import db, render

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
    from claimdb.db.copy_database import copy_database

    summary = copy_database(db().store, to)
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
    app.command("copy")(copy_command)
