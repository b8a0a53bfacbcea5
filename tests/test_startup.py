"""A data command imports only what it uses, and the schema's metadata is cached.

``claim list`` needs SQLAlchemy, the name resolver, the standing logic and the output; not
the fuzzy matcher (rapidfuzz), the link suggester's rules, the writers, import/export or
ingest. Times are measured in bench/, never here: here we check what is imported.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from claimdb.db import schema
from tests.conftest import SEED, Cli

NOT_FOR_A_LISTING = (
    "rapidfuzz",
    "claimdb.text.matching",
    "claimdb.analysis.contradiction",
    "claimdb.analysis.suggest",
    "claimdb.records.claims",
    "claimdb.records.search",
    "claimdb.ingest",
    "claimdb.io",
    "sqlmodel",
)


def imported(*argv: str, env: dict[str, str] | None = None) -> set[str]:
    """The modules ``claimdb ARGV`` imports (``python -X importtime``)."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "claimdb", *argv],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=True,
    )
    lines = [line for line in result.stderr.splitlines() if line.startswith("import time:")]
    return {line.rsplit("|", 1)[-1].strip() for line in lines}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("startup") / "demo.db"
    Cli(path)("load", str(SEED))
    return path


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_claim_list_imports_only_what_it_uses(demo: Path, fmt: str):
    found = imported("--db", str(demo), "claim", "list", "--limit", "1", "-f", fmt)
    assert "claimdb.analysis.standing" in found  # the check sees what is imported
    heavy = {m for m in found for h in NOT_FOR_A_LISTING if m == h or m.startswith(h + ".")}
    assert heavy == set()


def test_a_write_still_gets_its_modules(demo: Path, tmp_path: Path):
    """The lazy imports are imports on use, not imports lost."""
    copy = tmp_path / "copy.db"
    copy.write_bytes(demo.read_bytes())
    found = imported("--db", str(copy), "claim", "add", "x", "--speaker", "#1", "--target", "#1")
    assert "claimdb.records.claims" in found


def test_the_schema_metadata_is_cached_and_a_bad_cache_is_ignored(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    key = "test-key"
    fresh = schema._reflect(schema.schema_sql())
    assert schema._cached(key) is None
    schema._keep(key, fresh)
    (kept,) = (tmp_path / "claimdb").glob("schema-*.pickle")
    again = schema._cached(key)
    assert again is not None and again is not fresh  # read back from the file
    assert sorted(again.metadata.tables) == sorted(fresh.metadata.tables)
    claim, fresh_claim = again.metadata.tables["claim"], fresh.metadata.tables["claim"]
    assert [c.name for c in claim.c] == [c.name for c in fresh_claim.c]
    assert sorted(i.name for i in claim.indexes) == sorted(i.name for i in fresh_claim.indexes)
    assert (again.views, again.triggers, again.virtual) == (
        fresh.views,
        fresh.triggers,
        fresh.virtual,
    )
    kept.write_bytes(pickle.dumps("not a schema"))
    assert schema._cached(key) is None
    kept.write_bytes(b"\x80garbage")
    assert schema._cached(key) is None
    monkeypatch.setenv("CLAIMDB_NO_SCHEMA_CACHE", "1")
    schema._keep("other", fresh)
    assert schema._cached("other") is None
