"""Listings stream: the API yields claims a batch at a time inside one read transaction,
and the CLI writes them as they come (JSON as one array, tables drawn in batches that
read as one table); listings of everything show a first page and say how many more.

Memory staying flat is measured in bench/ (peak resident memory at 200k claims); here we
prove the shape: a generator that has read one batch when the first claim arrives.
"""

from __future__ import annotations

import io
import json
from dataclasses import asdict
from inspect import isgenerator
from pathlib import Path

import pytest
from sqlalchemy import event

from bench import transfer
from bench.generate import BIG_TOPIC, Dataset, Size
from claimdb.api import Claimdb
from claimdb.render.report_formats import claim_dict, report, report_data
from claimdb.render.streaming import BATCH
from tests.conftest import Cli

MANY = Size("many", entities=120, claims=1_200, links=240, big=40)
LIVE = 1_197  # claims not retracted


@pytest.fixture
def many(cli: Cli, tmp_path: Path) -> Cli:
    source = tmp_path / "many.jsonl"
    transfer.write_jsonl(Dataset(MANY), source)
    cli("import", str(source))
    return cli


def _vias_read(db: Claimdb, operation) -> int:
    """How many times ``operation`` read claim vias (once per batch of claims)."""
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        if "claim_via" in statement and statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(db.store.engine, "before_cursor_execute", record)
    try:
        operation()
    finally:
        event.remove(db.store.engine, "before_cursor_execute", record)
    return len(seen)


@pytest.mark.parametrize("method", ["stream_claims", "stream_timeline"])
def test_the_api_yields_claims_one_batch_at_a_time(many: Cli, method: str):
    db = Claimdb(str(many.db))
    try:
        stream = getattr(db, method)()
        assert isgenerator(stream)
        assert _vias_read(db, lambda: next(stream)) == 1  # one batch read, not all of them
        rest = []
        live = db.count_claims()  # the generated data has a few retracted claims
        assert _vias_read(db, lambda: rest.extend(stream)) == -(-live // BATCH) - 1
        assert len(rest) + 1 == live > 2 * BATCH
    finally:
        db.close()


def test_a_stream_left_early_ends_its_read(many: Cli):
    """Closing the generator closes the transaction (a server-side cursor on PostgreSQL)."""
    db = Claimdb(str(many.db))
    try:
        stream = db.stream_claims()
        next(stream)
        stream.close()
        assert db.store.engine.pool.checkedout() == 0
    finally:
        db.close()


def test_claim_list_json_streams_the_same_array(many: Cli):
    db = Claimdb(str(many.db))
    try:
        whole = [claim_dict(v) for v in db.list_claims()]
    finally:
        db.close()
    out = many("claim", "list", "--limit", "0", "-f", "json").stdout
    assert out == json.dumps(whole, ensure_ascii=False, indent=2) + "\n"
    assert many("claim", "list", "--topic", "nothing-has-it", "-f", "json").stdout == "[]\n"


def test_a_long_table_is_drawn_in_batches_that_read_as_one(many: Cli):
    out = many("timeline", "--limit", "0", env={"COLUMNS": "140"}).stdout
    lines = out.splitlines()
    assert sum(line.startswith("┏") for line in lines) == 1  # one top border, one header
    assert not any(line.startswith("┌") for line in lines)  # no batch starts a new table
    assert sum(line.startswith("└") for line in lines) == 1 and lines[-1].startswith("└")
    assert out.count(" said_on ") == 1
    ids = {line.split("│")[2].strip() for line in lines if line.startswith("│")}
    assert len({i for i in ids if i.isdigit()}) == LIVE


def test_listings_of_everything_show_a_first_page_and_say_how_many_more(many: Cli):
    result = many("claim", "list", "-f", "csv")
    assert len(result.stdout.strip().splitlines()) == 1 + 100
    assert result.stderr.strip() == f"{LIVE - 100:,} more; --limit 0 lists all {LIVE:,}"
    result = many("timeline", "--limit", "7", "-f", "json")
    assert len(json.loads(result.stdout)) == 7
    assert result.stderr.strip() == f"{LIVE - 7:,} more; --limit 0 shows all {LIVE:,}"
    whole = many("timeline", "--limit", "0", "-f", "csv")
    assert len(whole.stdout.strip().splitlines()) == 1 + LIVE and not whole.stderr
    exact = many("claim", "list", "--limit", str(LIVE))
    assert not exact.stderr  # a page that holds every claim says nothing more


def test_a_page_filtered_by_standing_says_there_are_more(many: Cli):
    result = many("claim", "list", "--standing", "contested", "--limit", "3", "-f", "json")
    assert [c["standing"] for c in json.loads(result.stdout)] == ["contested"] * 3
    assert result.stderr.strip() == "more claims stand contested; --limit 0 lists them all"


@pytest.mark.parametrize(
    "options",
    [(), ("--topic", BIG_TOPIC), ("--include-retracted",), ("--speaker", "#3")],
    ids=["all", "topic", "retracted", "speaker"],
)
def test_the_whole_report_streams_the_same_json(many: Cli, options: tuple[str, ...], monkeypatch):
    """``report --limit 0 -f json`` is written dispute by dispute: the same bytes as the
    report built whole (disputes in order, numbered, and the same speaker summary)."""
    monkeypatch.setattr("claimdb.analysis.report.BATCH", 7)  # many batches of seed claims
    db = Claimdb(str(many.db))
    try:
        if options == ("--include-retracted",):
            kwargs = {"include_retracted": True}
        else:
            kwargs = {k.lstrip("-"): v for k, v in zip(options[::2], options[1::2], strict=True)}
        whole = db.report(**kwargs)
        streamed = db.stream_report(**kwargs)
        assert isgenerator(streamed.disputes)
    finally:
        db.close()
    out = many("report", "--limit", "0", "-f", "json", *options).stdout
    expected = {"disputes": report_data(whole), "summary": [asdict(p) for p in whole.pairs]}
    assert json.loads(out)["disputes"], "the case has disputes"
    assert out == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
    whole_csv = io.StringIO()
    report(whole, "csv", whole_csv)
    whole_table = io.StringIO()
    monkeypatch.setenv("COLUMNS", "80")
    report(whole, "table", whole_table)
    streamed_table = many("report", "--limit", "0", *options, env={"COLUMNS": "80"}).stdout
    assert streamed_table == whole_table.getvalue()
    streamed_csv = many("report", "--limit", "0", "-f", "csv", *options).stdout
    assert streamed_csv == whole_csv.getvalue().replace("\r\n", "\n")  # as CliRunner shows it


def test_speakers_lists_the_busiest_first_and_says_how_many_there_are(many: Cli):
    every = json.loads(many("speakers", "--limit", "0", "-f", "json").stdout)
    result = many("speakers", "--limit", "5", "-f", "json")
    assert json.loads(result.stdout) == every[:5]
    assert [s["claims"] for s in every] == sorted((s["claims"] for s in every), reverse=True)
    assert (
        result.stderr.strip() == f"top 5 of {len(every):,} speakers by claims; --limit 0 lists all"
    )
    default = many("speakers", "-f", "json")
    assert len(json.loads(default.stdout)) == min(50, len(every))


def test_a_long_table_keeps_user_text_inert(many: Cli):
    """The line-by-line drawer makes cells as every table does: markup and escapes shown."""
    many("claim", "add", "[bold]x[/bold] \x1b[31mred <U+202E>", "--speaker", "#1", "--target", "#2")
    many.sql("UPDATE claim SET said_on = '1999-01-01' WHERE text LIKE '[bold]%'")
    out = many("claim", "list", "--limit", "0", env={"COLUMNS": "200"}).stdout
    assert "[bold]x[/bold] \\x1b[31mred" in out and "\x1b" not in out
    assert out.count("\n┡") == 1 and out.rstrip().endswith("┘")


def test_a_long_stream_reads_the_camps_once_and_finds_the_same_ones(many: Cli):
    """Past its first batch a stream reads every entity's chain in one statement; the
    camps are those of the recursive query a page uses."""
    from claimdb.records import reads

    db = Claimdb(str(many.db))
    try:
        shown = {(v.speaker_id, v.camp) for v in db.stream_claims()}
        with db.store.read() as conn:
            camps = reads.camps(conn, {s for s, _ in shown})
        assert shown == {(s, camps[s][1]) for s, _ in shown}
        assert len({c for _, c in shown}) > 1
        with db.store.read() as conn:
            every = [i for (i,) in conn.exec_driver_sql("SELECT id FROM entity")]
            by_query = reads.ancestry(conn, every)  # the recursive query
        with db.store.read() as conn:
            reads.load_ancestry(conn)
            assert reads.ancestry(conn, every) == by_query
        assert max(len(chain) for chain in by_query.values()) > 2
        one_batch = _ancestry_queries(db, lambda: list(db.stream_claims(limit=BATCH)))
        assert _ancestry_queries(db, lambda: list(db.stream_claims())) == one_batch
    finally:
        db.close()


def _ancestry_queries(db: Claimdb, operation) -> int:
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        if "WITH RECURSIVE up" in statement:
            seen.append(statement)

    event.listen(db.store.engine, "before_cursor_execute", record)
    try:
        operation()
    finally:
        event.remove(db.store.engine, "before_cursor_execute", record)
    return len(seen)
