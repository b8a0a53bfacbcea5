"""claimdb on a PostgreSQL server: the schema, retries, concurrency, password masking.

Tests taking ``pg_url`` need ``$CLAIMDB_TEST_PG_URL`` (``.ci/run`` starts a server);
the others run everywhere.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import inspect, types

from claimdb.api import Claimdb
from claimdb.db import postgres as pg
from claimdb.db import store
from claimdb.db.schema import schema_sql
from claimdb.db.store import Store
from claimdb.errors import Conflict, DatabaseError
from claimdb.records import events
from tests.conftest import Cli, _pg_connect

SECRET = "hunter2-not-to-be-shown"
REFUSED = f"postgresql+psycopg://analyst:{SECRET}@127.0.0.1:1/claims"


# -- the schema: generated from the models and schema.sql, so it cannot drift ---------------


def _shape(engine) -> dict:
    """Tables, columns, keys, indexes, uniques and checks, in backend-neutral terms."""
    found = inspect(engine)
    out = {}
    for table in sorted(found.get_table_names()):
        if table.startswith(("claim_fts", "sqlite_")):
            continue
        pk = set(found.get_pk_constraint(table)["constrained_columns"])
        columns = {
            c["name"]: (
                "INTEGER" if isinstance(c["type"], types.Integer) else "TEXT",
                not c["nullable"] or c["name"] in pk,
                c["name"] in pk,
                None if c["name"] in pk else _literal(c.get("default")),
            )
            for c in found.get_columns(table)
        }
        fks = sorted(
            (tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]))
            for f in found.get_foreign_keys(table)
        )
        indexes = {
            i["name"]: (
                tuple(i["column_names"]),
                bool(i["unique"]),
                any(
                    k.endswith("_where") and v is not None for k, v in i["dialect_options"].items()
                ),
            )
            for i in found.get_indexes(table)
            if "duplicates_constraint" not in i and i["name"] != pg.FTS_INDEX
        }
        uniques = sorted(tuple(u["column_names"]) for u in found.get_unique_constraints(table))
        checks = sorted(
            tuple(sorted(set(re.findall(r"\w+", _bare(c["sqltext"]))) & set(columns)))
            for c in found.get_check_constraints(table)
        )
        out[table] = {
            "columns": columns,
            "fks": fks,
            "indexes": indexes,
            "uniques": uniques,
            "checks": checks,
        }
    return out | {"views": sorted(found.get_view_names())}


def _bare(expression: str) -> str:
    """A check's expression without string literals and casts (PostgreSQL adds ::text)."""
    return re.sub(r"'(?:[^']|'')*'|::\w+", " ", expression)


def _literal(default: str | None) -> str | None:
    return None if default is None else default.split("::", 1)[0]


def test_the_postgresql_ddl_is_derived_from_schema_sql():
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateIndex

    from claimdb.db.schema import schema

    found = schema()
    made = pg.metadata()
    assert sorted(made.tables) == sorted(found.metadata.tables)
    for name, table in found.metadata.tables.items():
        assert sorted(i.name for i in made.tables[name].indexes) == sorted(
            i.name for i in table.indexes
        )
    (pair,) = [i for i in made.tables["link"].indexes if i.name == "link_pair"]
    ddl = str(CreateIndex(pair).compile(dialect=postgresql.dialect()))
    assert "WHERE removed_at IS NULL" in ddl  # the partial index stays partial
    later = pg.later_ddl()
    assert later[: len(found.views)] == list(found.views.values())
    assert f"CREATE INDEX {pg.FTS_INDEX} ON claim USING gin ({pg.FTS_VECTOR})" in later


def test_a_schema_object_without_a_postgresql_form_is_refused(monkeypatch):
    from claimdb.db import schema as schema_module

    odd = (
        schema_module.schema_sql()
        + "\nCREATE TRIGGER t AFTER INSERT ON entity BEGIN SELECT 1; END;\n"
    )
    monkeypatch.setattr(schema_module, "schema_sql", lambda: odd)
    schema_module.schema.cache_clear()
    try:
        with pytest.raises(ValueError, match="no PostgreSQL form for: t"):
            pg.later_ddl()
    finally:
        schema_module.schema.cache_clear()


def test_postgresql_schema_matches_sqlite(pg_url: str, tmp_path: Path):
    lite, server = Store(str(tmp_path / "s.db")), Store(pg_url)
    try:
        expected, actual = _shape(lite.engine), _shape(server.engine)
        assert sorted(actual) == sorted(expected)
        for table in expected:
            assert actual[table] == expected[table], table
        names = inspect(server.engine).get_indexes("claim")
        (fts,) = [i for i in names if i["name"] == pg.FTS_INDEX]
        assert fts["dialect_options"]["postgresql_using"] == "gin"
        with server.read() as conn:
            collations = set(
                conn.exec_driver_sql(
                    "SELECT collation_name FROM information_schema.columns "
                    "WHERE table_schema = 'public' AND data_type = 'text'"
                ).scalars()
            )
        assert collations == {"C"}
    finally:
        lite.close()
        server.close()


def test_postgresql_enforces_the_link_invariants(pg_url: str):
    import psycopg

    Store(pg_url).close()
    t = "2015-10-02T00:00:00Z"
    link = (
        "INSERT INTO link (claim_a, claim_b, relation, created_at, created_by) "
        "VALUES (%s, %s, %s, %s, 'me')"
    )
    claim = (
        "INSERT INTO claim (id, speaker_id, target_id, text, search_key, created_at, "
        "updated_at) VALUES (%s, %s, 1, %s, 'x', %s, %s)"
    )
    with _pg_connect(pg_url) as conn:
        conn.execute(
            "INSERT INTO entity (id, name, key, created_at) VALUES (1, 'A', 'a', %s)", (t,)
        )
        for i in (1, 2):
            conn.execute(claim, (i, 1, "x", t, t))
        bad = [
            (link, (1, 1, "contradicts", t)),  # self-link
            (link, (2, 1, "contradicts", t)),  # the pair is stored in order
            (link, (1, 2, "agrees", t)),  # unknown relation
            (claim, (3, 99, "x", t, t)),  # foreign key
            (claim, (3, 1, "   ", t, t)),  # blank text
        ]
        for statement, values in bad:
            with pytest.raises(psycopg.IntegrityError):
                conn.execute(statement, values)
        conn.execute(link, (1, 2, "contradicts", t))
        with pytest.raises(psycopg.errors.UniqueViolation):  # one live link per pair
            conn.execute(link, (1, 2, "supports", t))
        conn.execute("UPDATE link SET removed_at = %s, removed_by = 'me'", (t,))
        conn.execute(link, (1, 2, "supports", t))  # a removed link frees the pair
        kind = conn.execute(
            "INSERT INTO entity (id, name, key, created_at) VALUES (2, 'B', 'b', %s) "
            "RETURNING kind",
            (t,),
        ).fetchone()
        assert kind == ("organisation",)  # the DEFAULT of schema.sql


# -- reads: one snapshot per read transaction, on both backends ------------------------------


def test_a_read_sees_one_snapshot_while_others_write(backend: str):
    from sqlalchemy import text

    reader, writer = Claimdb(backend), Claimdb(backend)
    count = text("SELECT count(*) FROM entity")
    try:
        reader.add_entity("ISIS")
        with reader.store.read() as conn:
            before = conn.execute(count).scalar()
            writer.add_entity("Russia", kind="state")
            during = conn.execute(count).scalar()
        assert before == during == 1
        assert reader.counts()["entities"] == 2
    finally:
        reader.close()
        writer.close()


# -- names sort the same on both backends -----------------------------------------------------


def test_entities_sort_by_code_point_on_every_backend(cli: Cli):
    names = ["beta", "Alpha", "Émile", "zed", "Zoe", "عربي", "_under", "ábc"]
    for name in names:
        cli("entity", "add", name)
    listed = [e["name"] for e in json.loads(cli("entity", "list", "-f", "json").stdout)]
    assert listed == sorted(names)


# -- passwords are never printed --------------------------------------------------------------


def _all_output(result) -> str:
    return result.stdout + result.stderr


def test_password_masked_when_the_server_is_unreachable(monkeypatch: pytest.MonkeyPatch):
    cli = Cli(REFUSED)
    for args in (("info",), ("init",), ("claim", "list")):
        line = cli.fails(*args)
        assert SECRET not in line and "analyst:***@127.0.0.1:1/claims" in line
    monkeypatch.setenv("CLAIMDB_DB", REFUSED)  # the URL from the environment
    from claimdb.cli import app

    for args in (["--help"], ["info", "--help"], ["copy", "--help"], ["info"]):
        out = cli.runner.invoke(app, args)
        assert SECRET not in _all_output(out), args
        assert out.exit_code == (1 if args == ["info"] else 0)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"mysql://u:{SECRET}@localhost/x", "unsupported database"),
        (f"postgresql+psycopg2://u:{SECRET}@localhost/x", "unsupported database"),
        (f"sqlite:///tmp/{SECRET}.db", "not a sqlite:// URL"),
        (f"postgresql+psycopg://u:{SECRET}@localhost:notaport/x", "not a database URL"),
    ],
)
def test_bad_urls_are_one_line_without_password(url: str, expected: str):
    line = Cli(url).fails("info")
    assert expected in line and SECRET not in line


def test_wrong_password_is_not_echoed(pg_url: str):
    from sqlalchemy.engine import make_url

    wrong = make_url(pg_url).set(password=SECRET).render_as_string(hide_password=False)
    line = Cli(wrong).fails("info")
    assert SECRET not in line and "***" in line


def test_postgresql_url_without_driver_means_psycopg(pg_url: str):
    plain = pg_url.replace("postgresql+psycopg://", "postgresql://", 1)
    info = json.loads(Cli(plain)("info", "-f", "json").stdout)
    assert info["backend"] == "postgresql" and info["claims"] == 0
    assert ":***@" in info["database"]


# -- retries: a transaction the server aborts is run again, whole -----------------------------


def _abort(conn, sqlstate: str) -> None:
    """Make the server abort the transaction with a real error of this SQLSTATE."""
    conn.exec_driver_sql(
        f"DO $$ BEGIN RAISE EXCEPTION 'simulated' USING ERRCODE = '{sqlstate}'; END $$"
    )


@pytest.mark.parametrize("sqlstate", sorted(pg.RETRYABLE))
def test_an_aborted_write_is_run_again_whole(
    pg_url: str, sqlstate: str, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(store, "RETRY_PAUSE", 0)
    db = Claimdb(pg_url, actor="tester")
    calls = []
    log = events.append

    def log_then_abort(conn, *args, **kwargs):
        log(conn, *args, **kwargs)
        calls.append(args[1])
        if len(calls) < 3:
            _abort(conn, sqlstate)

    monkeypatch.setattr(events, "append", log_then_abort)
    try:
        entity_id = db.add_entity("Sergei Lavrov", kind="person", aliases=["لافروف"])
        counts = db.counts()
    finally:
        db.close()
    assert calls == ["add", "add", "add"]
    assert counts["entities"] == 1 and counts["aliases"] == 1 and counts["events"] == 1
    assert entity_id >= 1


def test_retries_give_up_with_one_clear_line(pg_url: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(store, "RETRY_PAUSE", 0)
    db = Claimdb(pg_url)
    attempts = []

    def always_aborted():
        attempts.append(1)
        with db.store.write() as conn:
            _abort(conn, "40001")

    try:
        with pytest.raises(DatabaseError, match="serialization failure; try again") as caught:
            db.store.retrying(always_aborted)
    finally:
        db.close()
    assert len(attempts) == store.RETRY_ATTEMPTS
    assert "\n" not in str(caught.value) and "***" in str(caught.value)


def test_other_errors_are_not_retried(pg_url: str):
    db = Claimdb(pg_url)
    attempts = []

    def broken():
        attempts.append(1)
        with db.store.write() as conn:
            conn.exec_driver_sql("SELECT no_such_column FROM entity")

    try:
        with pytest.raises(DatabaseError, match="no_such_column"):
            db.store.retrying(broken)
    finally:
        db.close()
    assert attempts == [1]


# -- concurrency: six writers at once on one server -------------------------------------------


def _run_all(workers: list) -> list:
    """Start every worker at once (a barrier); return what each returned or raised."""
    barrier = threading.Barrier(len(workers))
    results: list = [None] * len(workers)

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = workers[i]()
        except Exception as e:  # collected and asserted on below
            results[i] = e

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(workers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def test_six_writers_on_one_server(pg_url: str):
    setup = Claimdb(pg_url)
    setup.add_entity("ISIS")
    setup.close()
    per_writer = 8

    def writer(n: int):
        def work() -> list[int]:
            db = Claimdb(pg_url, actor=f"writer{n}")
            try:
                speaker = db.add_entity(f"Speaker {n}", kind="person")
                ids = [
                    db.add_claim(f"claim {i} of writer {n}", f"#{speaker}", "ISIS")
                    for i in range(per_writer)
                ]
                for a, b in itertools.pairwise(ids):
                    db.link(a, b, "supports", note=f"writer {n}")
                return ids
            finally:
                db.close()

        return work

    results = _run_all([writer(n) for n in range(6)])
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors
    ids = [i for r in results for i in r]
    assert len(set(ids)) == 6 * per_writer
    db = Claimdb(pg_url)
    try:
        counts = db.counts()
    finally:
        db.close()
    assert counts["claims"] == 6 * per_writer and counts["entities"] == 7
    assert counts["links"] == 6 * (per_writer - 1)
    assert counts["events"] == 1 + 6 * (1 + per_writer + per_writer - 1)


def test_six_writers_adding_the_same_name_make_one_entity(pg_url: str):
    """Writers queue (the advisory lock), so check-then-insert is as safe as on SQLite."""
    Store(pg_url).close()

    def writer():
        db = Claimdb(pg_url)
        try:
            return db.add_entity("Jabhat al-Nusra", kind="armed_group", aliases=["جبهة النصرة"])
        finally:
            db.close()

    results = _run_all([writer] * 6)
    outcome = Counter(type(r).__name__ for r in results)
    assert outcome == {"int": 1, "Conflict": 5}, results
    assert all("exists already" in str(r) for r in results if isinstance(r, Conflict))


def test_six_writers_opening_a_new_database_create_the_schema_once(pg_url: str):
    def opener() -> int:
        opened = Store(pg_url)
        opened.close()
        return opened.version

    results = _run_all([opener] * 6)
    assert len(set(results)) == 1 and isinstance(results[0], int), results
    with _pg_connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM schema_version").fetchone() == (1,)


def test_an_older_postgresql_database_is_upgraded_in_place(pg_url: str):
    """A version-1 database (what tests/fixtures/schema_v1.sql lacks is dropped) is
    upgraded by the same migrations as on SQLite, keeping its rows."""
    from claimdb.db import migrations

    objects = r"CREATE\s+(?:UNIQUE\s+)?(INDEX|VIEW|TABLE)\s+(\w+)"
    v1 = (Path(__file__).parent / "fixtures" / "schema_v1.sql").read_text(encoding="utf-8")
    added = set(re.findall(objects, schema_sql())) - set(re.findall(objects, v1))
    db = Claimdb(pg_url)
    db.add_entity("Russia", kind="state")
    db.close()
    with _pg_connect(pg_url) as conn:
        for kind, name in sorted(added, key=lambda k: (k[0] != "VIEW", k[0])):  # views first
            conn.execute(f"DROP {kind} IF EXISTS {name}")  # a table's indexes go with it
        conn.execute("DELETE FROM schema_version")
        conn.execute("INSERT INTO schema_version VALUES (1, '2015-10-02T00:00:00Z')")
    opened = Store(pg_url)
    opened.close()
    assert opened.version == migrations.CURRENT
    with _pg_connect(pg_url) as conn:
        versions = [v for (v,) in conn.execute("SELECT version FROM schema_version ORDER BY 1")]
        names = conn.execute("SELECT name, kind FROM entities_readable").fetchall()
    assert versions == list(range(1, migrations.CURRENT + 1))
    assert names == [("Russia", "state")]
