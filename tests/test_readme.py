"""The README: short, every command in its table, the real set-up commands, and a Python
example that runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from claimdb.cli import app
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _paths(command, prefix: tuple[str, ...] = ()):
    subcommands = getattr(command, "commands", None)
    if not subcommands:
        yield prefix
        return
    for name, sub in subcommands.items():
        yield from _paths(sub, (*prefix, name))


def _command_table() -> list[str]:
    """The README's command table: the lines from its header row to the first line that is
    not a table row (so a blank line inside the table cuts it short)."""
    lines = README.splitlines()
    start = lines.index("| command | what it does |")
    table = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        table.append(line)
    return table


def test_every_command_is_in_the_readme_command_table():
    paths = list(_paths(typer.main.get_command(app)))
    assert len(paths) >= 15
    table = "\n".join(_command_table())
    missing = [" ".join(p) for p in paths if f"`claimdb {' '.join(p)}" not in table]
    assert missing == []


def test_the_readme_is_short():
    assert len(README.splitlines()) <= 300


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    (test_command,) = re.findall(
        r"^(pip install '\.\[dev\]' && python -m pytest.*?)\s+#", README, re.M
    )
    assert test_command.strip() in ci.splitlines()
    assert ci.rstrip().splitlines()[-1] == test_command.strip()  # what CI ends with
    assert re.search(r"^pip install \. && claimdb demo", README, re.M)


def test_the_readme_links_point_to_files():
    targets = re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", README)
    assert targets
    assert [t for t in targets if not (ROOT / t).exists()] == []


def test_the_python_example_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
):
    (example,) = re.findall(r"^```python\n(.*?)^```$", README, re.M | re.S)
    assert "from claimdb import Claimdb" in example
    monkeypatch.chdir(tmp_path)
    exec(compile(example, "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert printed == (
        "[(1, 'Russian Ministry of Defence', 'contested')]\n"
        "[(2, 'Joint statement of seven states', 'contested')]\n"
    )
    assert (tmp_path / "example.db").exists()
