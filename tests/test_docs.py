"""The documentation: every command and option is documented, and the site builds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from claimdb.cli import reference
from tests.conftest import ROOT

DOCS = ROOT / "docs"
COMMANDS = list(reference.commands(reference.command_tree()))


def _written_docs() -> str:
    """The hand-written pages (the CLI reference is generated from the code)."""
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(DOCS.glob("*.md")))


def _ids(item):
    return " ".join(item[0])


def test_the_tree_is_walked_whole():
    paths = {" ".join(path) for path, _ in COMMANDS}
    assert {"init", "claim add", "entity merge", "source grade", "report", "timeline"} <= paths
    assert len(paths) >= 30


@pytest.mark.parametrize("item", COMMANDS, ids=_ids)
def test_every_command_and_option_is_documented(item):
    path, command = item
    name = " ".join(("claimdb", *path))
    page = reference.markdown()
    assert f"## `{name}`" in page
    assert (command.help or "").strip(), f"{name} has no help text"
    assert f"`{name}" in _written_docs(), f"{name} is on no page of docs/"
    for param in command.params:
        assert (param.help or "").strip(), f"{name}: {param.name} has no help text"
    for option in reference.options(command):
        for flag in (*option.opts, *option.secondary_opts):
            assert f"`{flag}`" in page.split(f"## `{name}`", 1)[1].split("\n## ", 1)[0], (
                f"{name} {flag} is missing from the CLI reference"
            )


def test_the_global_options_are_documented():
    page = reference.markdown()
    for option in reference.options(reference.command_tree()):
        assert (option.help or "").strip()
        for flag in option.opts:
            assert f"`{flag}`" in page


def test_every_page_is_in_the_nav():
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    pages = {p.name for p in DOCS.glob("*.md")} | {"cli.md", "api.md", "changelog.md"}
    assert [p for p in sorted(pages) if f": {p}" not in nav] == []


def test_the_docs_build_strictly(tmp_path: Path):
    site = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    cli = (site / "cli" / "index.html").read_text(encoding="utf-8")
    assert "claimdb claim add" in cli and "--create-entities" in cli
    api = (site / "api" / "index.html").read_text(encoding="utf-8")
    assert "add_claim" in api and "from claimdb import Claimdb" in api
    assert (site / "changelog" / "index.html").exists()
    assert not list(site.rglob("hooks.py"))
