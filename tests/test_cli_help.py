"""--help of every command: flags shown without a value type; short options agree."""

from __future__ import annotations

import json

import click
import typer.main

from claimdb.cli import app
from tests.conftest import Cli


def _commands(command: click.Command, path: tuple[str, ...] = ()):
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, (*path, name))


def test_no_flag_is_shown_as_taking_a_value(cli: Cli):
    root = typer.main.get_command(app)
    seen = 0
    for path, command in _commands(root):
        text = cli(*path, "--help").stdout
        assert "<bool>" not in text, (path, text)
        flags = [p for p in command.params if getattr(p, "is_flag", False)]
        for flag in flags:
            assert flag.opts[0] in text, (path, flag.opts)
        seen += 1
    assert seen > 30
    assert "--matrix " in cli("speakers", "--help").stdout


def test_flags_still_work_as_flags(seeded: Cli):
    matrix = seeded("speakers", "--matrix", "-f", "json").stdout
    assert json.loads(matrix) != json.loads(seeded("speakers", "-f", "json").stdout)


def test_claim_list_has_the_n_shortcut_of_search_and_suggest(seeded: Cli):
    two = json.loads(seeded("claim", "list", "-n", "2", "-f", "json").stdout)
    assert len(two) == 2
    assert json.loads(seeded("claim", "list", "--limit", "2", "-f", "json").stdout) == two
    for command in (("claim", "list"), ("search",), ("suggest",)):
        assert "-n" in seeded(*command, "--help").stdout
