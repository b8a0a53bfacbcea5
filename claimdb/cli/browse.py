"""``claimdb datasette``: browse and search the database in Datasette."""

from typing import Annotated

import typer

from claimdb.cli.common import db


def datasette(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8001,
) -> None:
    """Open the database in Datasette: facets, search, disputes, timeline (extra: datasette).

    Needs ``pip install 'claimdb[datasette]'``. Datasette runs until interrupted.
    """
    code = db().datasette(host, port)
    if code:
        raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    app.command("datasette")(datasette)
