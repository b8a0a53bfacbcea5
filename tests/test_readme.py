"""Every command is documented (README or docs/), and the set-up commands are the real ones."""

from __future__ import annotations

import re

import typer

from claimdb.cli import app
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
# the docs site (docs/*.md) documents commands too; README.md is being rewritten short
DOCUMENTED = README + "".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md"))


def _paths(command, prefix: tuple[str, ...] = ()):
    subcommands = getattr(command, "commands", None)
    if not subcommands:
        yield prefix
        return
    for name, sub in subcommands.items():
        yield from _paths(sub, (*prefix, name))


def test_every_command_is_in_the_readme():
    paths = list(_paths(typer.main.get_command(app)))
    assert len(paths) >= 15
    missing = [" ".join(p) for p in paths if f"claimdb {' '.join(p)}" not in DOCUMENTED]
    assert missing == []


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    (test_command,) = re.findall(
        r"^(pip install '\.\[dev\]' && python -m pytest.*?)\s+#", README, re.M
    )
    assert test_command.strip() in ci.splitlines()
    assert re.search(r"^pip install \. && claimdb demo", README, re.M)
