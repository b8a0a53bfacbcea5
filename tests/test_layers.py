"""The layers hold: the CLI calls the public API only, and no module reaches into
another's private names (``obj._name``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "claimdb"
# What the CLI may not import: it calls ``claimdb.Claimdb``, which opens the transaction
# and hands its connection to these. (Typing, parsing and output helpers are fine.)
BELOW_THE_API = ("claimdb.db", "claimdb.records", "claimdb.analysis", "claimdb.ingest.database")
# reading a file the user named: a text file, or the article of a saved web page
BELOW_THE_API_EXCEPT = ("claimdb.io.textfile", "claimdb.io.article")
# Shell completion reads names with plain sqlite3 on purpose: it runs at every <Tab>.
COMPLETION = PACKAGE / "cli" / "complete.py"


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found += [(node.lineno, node.module)]
            found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
    return found


def _below_the_api(module: str) -> bool:
    if module.startswith(BELOW_THE_API_EXCEPT):
        return False
    return module.startswith(BELOW_THE_API) or module.startswith("claimdb.io")


@pytest.mark.parametrize(
    "path",
    sorted(p for p in (PACKAGE / "cli").glob("*.py") if p != COMPLETION),
    ids=lambda p: p.name,
)
def test_the_cli_calls_only_the_api(path: Path):
    wrong = [f"{path.name}:{line} {m}" for line, m in _imports(path) if _below_the_api(m)]
    assert wrong == [], "the CLI calls claimdb.api.Claimdb, not the layers below it"


def test_the_api_is_the_package_entry_point():
    from claimdb import Claimdb
    from claimdb.api import Claimdb as Same

    assert Claimdb is Same


# Underscore names that are public API of a library, not a private name of ours.
LIBRARY_ATTRIBUTES = {"_mapping", "_asdict", "_fields", "_replace", "_make"}


def test_no_module_reaches_into_another_s_private_names():
    """``obj._name`` only on ``self``/``cls``; ``from m import _name`` nowhere: operations
    that others need are public functions of the module that owns them."""
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(PACKAGE.parent)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and _private(node.attr):
                owner = node.value.id if isinstance(node.value, ast.Name) else None
                if owner not in ("self", "cls") and node.attr not in LIBRARY_ATTRIBUTES:
                    wrong.append(f"{where}:{node.lineno} .{node.attr}")
            elif isinstance(node, ast.ImportFrom):
                wrong += [
                    f"{where}:{node.lineno} import {a.name}" for a in node.names if _private(a.name)
                ]
    assert wrong == []


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")
