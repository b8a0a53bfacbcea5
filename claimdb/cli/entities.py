"""entity add | list | show | alias | merge."""

from typing import Annotated

import typer

from claimdb.cli.common import Fmt, FormatOpt, db, render
from claimdb.cli.complete import entity_names

app = typer.Typer(
    help="Speakers, targets and camps: people, ministries, states, groups.", no_args_is_help=True
)


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Canonical name.")],
    kind: Annotated[
        str,
        typer.Option(
            help="person, ministry, government, state, organisation, "
            "coalition, armed_group, group, media or place."
        ),
    ] = "organisation",
    alias: Annotated[
        list[str] | None,
        typer.Option("--alias", "-a", help="Another name, in any script (repeatable)."),
    ] = None,
    parent: Annotated[
        str | None,
        typer.Option(help="Parent entity (defines the camp).", autocompletion=entity_names),
    ] = None,
    member: Annotated[
        list[str] | None,
        typer.Option(
            "--member",
            help="A member of this coalition (repeatable).",
            autocompletion=entity_names,
        ),
    ] = None,
) -> None:
    """Add an entity; prints its id."""
    entity_id = db().add_entity(name, kind, alias or [], parent, member or [])
    typer.echo(entity_id)


@app.command("list")
def list_(fmt: FormatOpt = Fmt.table) -> None:
    """Every entity with its kind, parent, aliases and claim count."""
    rows = db().list_entities()
    render().listing(
        rows,
        ("id", "name", "kind", "parent", "aliases", "claims"),
        fmt.value,
        title="Entities",
        wide=("aliases",),
    )


@app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="Name, alias or #id.", autocompletion=entity_names)],
    fmt: FormatOpt = Fmt.table,
) -> None:
    """One entity: aliases, camp, members, counts."""
    render().record(db().show_entity(name), fmt.value, title="Entity")


@app.command("alias")
def alias(
    name: Annotated[str, typer.Argument(help="Name, alias or #id.", autocompletion=entity_names)],
    new_alias: Annotated[str, typer.Argument(metavar="ALIAS", help="The other name.")],
) -> None:
    """Give an entity another name (any language or script)."""
    entity_id = db().add_alias(name, new_alias)
    render().message(f"entity #{entity_id} is also called '{new_alias}'")


@app.command("merge")
def merge(
    source: Annotated[str, typer.Argument(metavar="FROM", help="Entity to merge away.")],
    into: Annotated[str, typer.Argument(metavar="INTO", help="Entity that keeps everything.")],
) -> None:
    """Merge FROM into INTO: aliases, claims, parents and memberships move; FROM goes."""
    result = db().merge_entities(source, into)
    typer.echo(result.into_id)
    render().message(result.summary())


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="entity")
