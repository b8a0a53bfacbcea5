"""The ``claimdb`` command line: thin Typer commands over ``claimdb.api``.

Start-up stays light: sqlalchemy, rapidfuzz and rich are imported inside the
commands, and no module here uses ``from __future__ import annotations`` (Typer would
compile and eval every parameter's annotation string at each start: ~25 ms).
"""

from typing import Annotated

import typer

from claimdb import __version__
from claimdb.cli import (
    analysis,
    browse,
    claims,
    data,
    entities,
    history,
    ingest,
    maintenance,
    reports,
    search,
    transfer,
)
from claimdb.cli.common import Bidi, Group, configure

app = typer.Typer(
    cls=Group,
    no_args_is_help=True,
    help="claimdb: who said what about whom, and who contradicts whom.",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimdb {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH|URL",
            show_default=False,
            help="SQLite file or postgresql+psycopg:// URL. Default: $CLAIMDB_DB, else a file "
            "in the user data directory.",
        ),
    ] = None,
    bidi: Annotated[
        Bidi,
        typer.Option(
            "--bidi",
            envvar="CLAIMDB_BIDI",
            help="Reorder right-to-left text in tables: auto (by terminal), on, off.",
        ),
    ] = Bidi.auto,
    by: Annotated[
        str | None,
        typer.Option(
            "--by", envvar="CLAIMDB_ACTOR", help="Who makes the change (default: the OS user)."
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    configure(db, bidi.value, by)


data.register(app)
entities.register(app)
claims.register(app)
reports.register(app)
history.register(app)
maintenance.register(app)
analysis.register(app)
transfer.register(app)
ingest.register(app)
search.register(app)
browse.register(app)


def main() -> None:
    app(prog_name="claimdb")
