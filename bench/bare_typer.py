"""The start-up baseline: a bare Typer app with one command and a --version option."""

from typing import Annotated

import typer

app = typer.Typer()


def _version(value: bool) -> None:
    if value:
        typer.echo("bare 0")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True)] = False,
) -> None:
    """A bare app."""


@app.command()
def hello(name: str = "world") -> None:
    """Say hello."""
    typer.echo(f"hello {name}")


if __name__ == "__main__":
    app()
