"""``claimdb copy --to PATH|URL``: a whole database to another backend, losslessly.

Each test runs with ``backend`` as the other end: a SQLite file, and (when
``$CLAIMDB_TEST_PG_URL`` is set) a fresh PostgreSQL database.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from claimdb.api import Claimdb
from claimdb.text.normalize import tokens
from tests.conftest import SEED, Cli, drop_pg_database, dump, new_pg_database

VIEWS = (
    ("export", "--format", "jsonl"),
    ("claim", "list", "--include-retracted", "-f", "json"),
    ("entity", "list", "-f", "json"),
    ("report", "--format", "json"),
    ("speakers", "-f", "json"),
    ("log", "-f", "json"),
)


def views(cli: Cli) -> dict[tuple[str, ...], str]:
    """What a user sees of the database, command by command."""
    return {args: cli(*args).stdout for args in VIEWS}


def rows(db: Path | str) -> list[str]:
    """Every row of every table but schema_version and SQLite's FTS5 internals."""
    skip = ('"schema_version"', '"claim_fts', '"sqlite_')
    return [line for line in dump(db) if not any(s in line for s in skip)]


def at(target: str) -> Cli:
    return Cli(target if "://" in target else Path(target))


@pytest.fixture(scope="module")
def seeded_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed in a SQLite file, with some history: an unlink, a relink, a retraction,
    and an entity whose parent has a larger id than itself. Made once per module."""
    cli = Cli(tmp_path_factory.mktemp("seed") / "original.db")
    cli("load", str(SEED))
    cli("unlink", "5", "18")
    cli("support", "5", "18", "--note", "relinked the other way")
    cli("claim", "retract", "24", "--reason", "to see that a copy keeps it")
    world = cli("entity", "add", "World", "--kind", "group").stdout.strip()
    cli.sql(f"UPDATE entity SET parent_id = {world} WHERE id = 1")
    return cli.db


@pytest.fixture
def original(seeded_file: Path, tmp_path: Path) -> Cli:
    """A private copy of ``seeded_file`` (the files, not ``claimdb copy``)."""
    for suffix in ("", "-wal"):
        if Path(f"{seeded_file}{suffix}").exists():
            shutil.copyfile(f"{seeded_file}{suffix}", tmp_path / f"original.db{suffix}")
    return Cli(tmp_path / "original.db")


def test_seed_round_trips_through_the_backend(original: Cli, backend: str, tmp_path: Path):
    """SQLite → backend → SQLite: every view identical, every row identical."""
    before = views(original)
    out = original("copy", "--to", backend)
    assert "24 claims" in out.stderr and "27 entities" in out.stderr
    back = Cli(tmp_path / "back.db")
    at(backend)("copy", "--to", str(back.db))
    assert views(at(backend)) == before
    assert views(back) == before
    assert rows(back.db) == rows(original.db)


def test_ids_are_kept_and_new_rows_follow_them(original: Cli, backend: str):
    original("copy", "--to", backend)
    copy = at(backend)
    assert copy("claim", "add", "new", "--speaker", "Lavrov", "--target", "ISIS").stdout == "25\n"
    assert copy("entity", "add", "Someone new").stdout.strip() == "28"
    shown = json.loads(copy("claim", "show", "24", "-f", "json").stdout)
    assert shown["retracted"] is True and shown["id"] == 24
    chain = json.loads(copy("entity", "show", "Russia", "-f", "json").stdout)["chain"]
    assert chain == ["Russia", "World"]


def test_full_text_search_works_at_the_destination(original: Cli, backend: str, tmp_path: Path):
    """The destination's own index is built: GIN on PostgreSQL, FTS5 rebuilt on SQLite."""
    original("copy", "--to", backend)
    back = tmp_path / "back.db"
    at(backend)("copy", "--to", str(back))
    for query in ("داعش حصراً", "Raqqa", "الرقة", "Nusra", "absolute precision"):
        found = {}
        for db in (original.db, backend, back):
            handle = Claimdb(str(db))
            try:
                result = handle.search(query, include_retracted=True, limit=50)
                with handle.store.read() as conn:
                    keys = dict(conn.execute(text("SELECT id, search_key FROM claim")).all())
            finally:
                handle.close()
            assert not result.fuzzy, (query, db)
            found[str(db)] = sorted(h.claim.id for h in result.hits)
        wanted = set(tokens(query))
        every_word = sorted(i for i, key in keys.items() if wanted <= set(key.split()))
        assert every_word and all(ids == every_word for ids in found.values()), (query, found)


def test_destination_must_be_empty(original: Cli, backend: str):
    target = at(backend)
    target("entity", "add", "Somebody")
    before = dump(target.db)
    line = original.fails("copy", "--to", backend)
    assert "not empty" in line and "entity" in line
    assert dump(target.db) == before


def test_copy_onto_itself_is_refused(original: Cli):
    before = dump(original.db)
    assert "onto itself" in original.fails("copy", "--to", str(original.db))
    assert dump(original.db) == before


def test_a_failed_copy_writes_nothing(original: Cli, backend: str):
    """A row that breaks a constraint at the destination: all or nothing; a SQLite file
    that the copy created is removed again."""
    original.sql("UPDATE claim SET speaker_id = 999 WHERE id = 3")  # behind the FK check
    line = original.fails("copy", "--to", backend)
    assert "foreign key" in line.lower()
    if "://" in backend:
        assert not [r for r in rows(backend) if r.startswith("INSERT")]
    else:
        assert not Path(backend).exists() and not Path(f"{backend}-wal").exists()


def test_between_two_servers(original: Cli, pg_url: str):
    """PostgreSQL → PostgreSQL (another database on the server), e.g. to move a team."""
    original("copy", "--to", pg_url)
    other = new_pg_database()
    try:
        at(pg_url)("copy", "--to", other)
        assert views(at(other)) == views(original)
    finally:
        drop_pg_database(other)


def test_passwords_are_masked_in_what_copy_says(original: Cli, pg_url: str):
    from sqlalchemy.engine import make_url

    password = make_url(pg_url).password
    out = original("copy", "--to", pg_url)
    assert password and password not in out.stderr + out.stdout
    assert ":***@" in out.stderr
    line = original.fails("copy", "--to", pg_url)
    assert password not in line and ":***@" in line
