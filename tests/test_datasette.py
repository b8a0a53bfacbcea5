"""Datasette opens and searches a claimdb file: the full-text table is detected, the
search box finds words as written and folded, and ``claimdb datasette`` serves it."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from claimdb.io.datasette import metadata
from tests.conftest import Cli

datasette_utils = pytest.importorskip("datasette.utils")

pytestmark = pytest.mark.sqlite_only


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> dict | list:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read().decode("utf-8"))


def test_datasette_detects_the_full_text_table(seeded: Cli):
    conn = sqlite3.connect(seeded.db)
    try:
        assert datasette_utils.detect_fts(conn, "claim") == "claim_fts"
    finally:
        conn.close()


def test_metadata_names_the_views_facets_and_queries():
    meta = metadata("claims")["databases"]["claims"]
    assert meta["tables"]["claims_readable"]["facets"] == ["speaker", "camp", "act", "topic"]
    assert set(meta["queries"]) == {"disputes", "timeline"}


@pytest.fixture
def served(seeded: Cli, tmp_path: Path):
    """``claimdb datasette`` on a free port of 127.0.0.1; yields its base URL."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "claimdb", "--db", str(seeded.db), "datasette", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                _get(f"{base}/-/versions.json")
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"datasette exited: {server.stderr.read().decode()}")
                time.sleep(0.1)
        yield base, Path(seeded.db).stem
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stderr.close()


def _search(base: str, name: str, table: str, words: str) -> list[int]:
    query = urllib.parse.urlencode({"_search": words, "_shape": "array", "_col": "id"})
    return sorted(row["id"] for row in _get(f"{base}/{name}/{table}.json?{query}"))


def test_search_through_datasette_finds_the_claims(served, seeded: Cli):
    base, name = served
    raqqa = sorted(
        h["id"] for h in json.loads(seeded("search", "الرقة", "-f", "json", "--limit", "99").stdout)
    )
    as_written = _search(base, name, "claim", "الرقة")  # as the claims write it
    assert as_written and set(as_written) <= set(raqqa)
    assert _search(base, name, "claim", "الرقه") == raqqa  # folded: the search key
    assert _search(base, name, "claims_readable", "الرقة") == as_written
    assert _search(base, name, "claim", "qwxzv") == []  # not every row
    disputes = _get(f"{base}/{name}/disputes.json?_shape=array")
    assert disputes and {"speaker_a", "speaker_b"} <= set(disputes[0])
    timeline = _get(f"{base}/{name}/timeline.json?_shape=array&topic=&speaker=Russia")
    assert timeline and {row["camp"] for row in timeline} == {"Russia"}
