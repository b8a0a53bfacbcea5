"""Concurrency, crashes and backups on real SQLite files with real processes.

- six processes add 300 claims each at the same moment: four through the service API,
  one through the real Typer app (300 'claim add' commands), one the real ``claimdb``
  executable loading a 300-claim data set: no "database is locked", 1,800 claims, clean
  ``check``;
- ``claimdb import`` of 50,000 generated claims (and ``claimdb load`` of a 5,000-claim
  data set) killed with SIGKILL part-way: the database passes ``check`` and holds none
  of it; SIGINT part-way: rolled back, one line, exit 130;
- ``claimdb backup`` while another process writes: each copy is consistent.

The timings are printed (``pytest -s``) for the README, never asserted.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SEED, Cli, dump, query

pytestmark = pytest.mark.sqlite_only

WRITERS = Path(__file__).parent / "fixtures" / "writers.py"
CLAIMDB = Path(sys.executable).with_name("claimdb")
PER_WRITER = 300


def count(db: Path | str, sql: str = "SELECT count(*) FROM claim") -> int:
    return query(db, sql)[0][0]


def prepare(cli: Cli) -> None:
    cli("entity", "add", "Writer speaker", "--kind", "group")
    cli("entity", "add", "Writer target", "--kind", "group")


def dataset(path: Path, claims: int, prefix: str, entities: bool = False) -> Path:
    """A data set file (the seeds/ TOML format) of ``claims`` claims."""
    parts = ['[dataset]\nname = "generated"\n']
    speakers = ["Writer speaker", "Writer target"]
    if entities:
        speakers = [f"g{i}" for i in range(20)]
        parts += [f'[[entity]]\nkey = "g{i}"\nname = "Generated {i}"\n' for i in range(20)]
    for i in range(claims):
        parts.append(
            f'[[claim]]\nkey = "{prefix}{i}"\nspeaker = "{speakers[i % len(speakers)]}"\n'
            f'target = "{speakers[(i + 1) % len(speakers)]}"\nsaid_on = "2015-10-02"\n'
            f'text = "{prefix} claim {i} about strikes near Raqqa"\ntopic = "t{i % 7}"\n'
        )
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


@pytest.mark.every_backend  # on PostgreSQL too: writers queue there as well
def test_six_writers_at_once(cli: Cli, tmp_path: Path):
    prepare(cli)
    go = tmp_path / "go"
    commands = [
        [sys.executable, str(WRITERS), "service", str(cli.db), f"svc{i}", str(PER_WRITER), str(go)]
        for i in range(4)
    ]
    commands.append(
        [sys.executable, str(WRITERS), "cli", str(cli.db), "cli", str(PER_WRITER), str(go)]
    )
    data = dataset(tmp_path / "batch.toml", PER_WRITER, "load")
    procs = [
        subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for c in commands
    ]
    time.sleep(1.0)  # let the five Python writers import and reach the start line
    start = time.perf_counter()
    go.touch()
    procs.append(
        subprocess.Popen(
            [str(CLAIMDB), "--db", str(cli.db), "--by", "loader", "load", str(data)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    )
    outputs = [p.communicate(timeout=120) for p in procs]
    elapsed = time.perf_counter() - start

    for p, (_, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err
        assert "locked" not in err.lower() and "Traceback" not in err
    assert [int(out) for out, _ in outputs[:5]] == [PER_WRITER] * 5
    assert count(cli.db) == 6 * PER_WRITER
    by_actor = dict(
        query(
            cli.db,
            "SELECT actor, count(*) FROM event WHERE op = 'add' AND record = 'claim' "
            "GROUP BY actor",
        )
    )
    assert by_actor == {name: PER_WRITER for name in ("svc0", "svc1", "svc2", "svc3", "cli")} | {
        "loader": PER_WRITER
    }
    assert cli("check").exit_code == 0
    print(f"\n6 writers x {PER_WRITER} claims: {elapsed:.1f} s, {1800 / elapsed:.0f} claims/s")


# -- crashes ------------------------------------------------------------------------------------

BIG = {"import": 50_000, "load": 5_000}  # claims in the large file of each command


def jsonl(path: Path, claims: int) -> Path:
    """An import file (JSONL) of 20 entities and ``claims`` claims."""
    lines = [
        json.dumps({"type": "entity", "name": f"Generated {i}", "kind": "group"}) for i in range(20)
    ]
    lines += [
        json.dumps(
            {
                "type": "claim",
                "speaker": f"Generated {i % 20}",
                "target": f"Generated {(i + 1) % 20}",
                "said_on": "2015-10-02",
                "text": f"big claim {i} about strikes near Raqqa",
                "topic": f"t{i % 7}",
            }
        )
        for i in range(claims)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def big_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    where = tmp_path_factory.mktemp("big")
    return {
        "import": jsonl(where / "big.jsonl", BIG["import"]),
        "load": dataset(where / "big.toml", BIG["load"], "big", entities=True),
    }


def writer_holds_lock(db: Path) -> bool:
    """True while another connection is inside a write transaction."""
    conn = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as e:
        assert "locked" in str(e) or "busy" in str(e)
        return True
    finally:
        conn.close()


def start_and_wait(db: Path, command: str, data: Path, into: float) -> subprocess.Popen:
    """Start ``claimdb COMMAND FILE``; wait until it writes, then ``into`` seconds more."""
    proc = subprocess.Popen(
        [str(CLAIMDB), "--db", str(db), command, str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not writer_holds_lock(db):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, f"{command} never started writing"
        time.sleep(0.01)
    time.sleep(into)
    assert proc.poll() is None, f"{command} finished before it could be interrupted"
    assert writer_holds_lock(db)
    return proc


@pytest.mark.parametrize(("command", "into"), [("import", 0.05), ("import", 0.5), ("load", 0.5)])
def test_sigkill_part_way_leaves_none_of_it(
    seeded: Cli, big_files: dict[str, Path], command: str, into: float
):
    before, claims = dump(seeded.db), count(seeded.db)
    proc = start_and_wait(seeded.db, command, big_files[command], into)
    wal = seeded.db.with_name(seeded.db.name + "-wal")
    written = wal.stat().st_size if wal.exists() else 0  # uncommitted pages spilled so far
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    assert count(seeded.db) in (claims, claims + BIG[command])  # none or all: here, none
    assert dump(seeded.db) == before
    started = time.perf_counter()
    assert seeded("check").exit_code == 0
    print(
        f"\n{command} of {BIG[command]:,} claims killed {into} s into its transaction "
        f"(WAL {written:,} bytes): none of it kept, check clean in "
        f"{time.perf_counter() - started:.2f} s"
    )
    seeded("load", str(SEED))  # and the database goes on working


@pytest.mark.parametrize("command", ["import", "load"])
def test_sigint_part_way_rolls_back_with_one_line(
    seeded: Cli, big_files: dict[str, Path], command: str
):
    before = dump(seeded.db)
    proc = start_and_wait(seeded.db, command, big_files[command], 0.3)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert err.strip().splitlines() == ["error: interrupted; nothing was written"]
    assert "Traceback" not in out + err
    assert dump(seeded.db) == before
    assert seeded("check").exit_code == 0


# -- backup while writing -------------------------------------------------------------------------


def test_backup_while_another_process_writes(cli: Cli, tmp_path: Path):
    prepare(cli)
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, str(WRITERS), "until", str(cli.db), "writer", str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while count(cli.db) < 20:
            assert writer.poll() is None and time.monotonic() < deadline, writer.communicate()
            time.sleep(0.02)
        copies = []
        for n in range(3):
            copy = tmp_path / f"copy{n}.db"
            result = cli("backup", str(copy))
            assert "backup written" in result.stderr
            copies.append(copy)
            time.sleep(0.2)
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    total = int(out)

    seen = []
    for copy in copies:
        claims = count(copy)
        events = count(copy, "SELECT count(*) FROM event WHERE op = 'add' AND record = 'claim'")
        assert claims == events  # a consistent snapshot: every claim with its event
        assert json.loads(Cli(copy)("claim", "list", "-f", "json").stdout)[-1]["text"]
        assert Cli(copy)("check").exit_code == 0
        seen.append(claims)
    assert seen == sorted(seen) and seen[0] >= 20 and seen[-1] < total  # taken while writing
    assert count(cli.db) == total


def test_backup_refuses_to_overwrite(seeded: Cli, tmp_path: Path):
    target = tmp_path / "exists.db"
    target.write_text("keep me")
    line = seeded.fails("backup", str(target))
    assert "exists already" in line and target.read_text() == "keep me"


# -- claimdb check: each invariant, broken behind claimdb's back -----------------------------------

SABOTAGE = {
    "search keys": ["UPDATE claim SET search_key = 'tampered' WHERE id = 5"],
    "full-text index": [
        "INSERT INTO claim_fts (claim_fts, rowid, search_key) "
        "SELECT 'delete', id, search_key FROM claim WHERE id = 5"
    ],
    "full-text index twice": [  # its trigger gone: the next edit would not reach it
        "DROP TRIGGER claim_fts_update"
    ],
    "quotes": ["UPDATE claim SET quote = 'words nobody said' WHERE id = 5"],
    "source texts": ["UPDATE source SET sha256 = 'tampered'"],
    "links": [
        "PRAGMA ignore_check_constraints = ON",
        "UPDATE link SET claim_a = 18, claim_b = 5 WHERE claim_a = 5 AND claim_b = 18",
    ],
    "links twice": [
        "DROP INDEX link_pair",
        "INSERT INTO link (claim_a, claim_b, relation, created_at, created_by) "
        "VALUES (5, 18, 'contradicts', '2026-01-01', 'x')",
    ],
    "foreign keys": [
        "PRAGMA foreign_keys = OFF",
        "INSERT INTO link (claim_a, claim_b, relation, created_at, created_by) "
        "VALUES (5, 999, 'contradicts', '2026-01-01', 'x')",
    ],
    "parents": [
        "UPDATE entity SET parent_id = (SELECT id FROM entity WHERE name = 'Igor Konashenkov') "
        "WHERE name = 'Russia'"
    ],
}


@pytest.mark.parametrize("broken", SABOTAGE)
def test_check_finds_each_broken_invariant(seeded: Cli, broken: str):
    assert seeded("check").exit_code == 0
    conn = sqlite3.connect(seeded.db, isolation_level=None)
    for statement in SABOTAGE[broken]:
        conn.execute(statement)
    conn.close()

    result = seeded("check", "-f", "json", ok=False)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: check found"), result.stderr
    found = json.loads(result.stdout)
    assert {f["check"] for f in found} >= {broken.removesuffix(" twice")}, found
    table = seeded("check", ok=False).stdout
    assert "Problems found" in table and broken.removesuffix(" twice") in table


def test_check_on_a_clean_database(seeded: Cli):
    result = seeded("check", "-f", "json")
    assert json.loads(result.stdout) == []
    assert "no problems" in result.stderr and "8 checks" in result.stderr


def test_check_on_a_damaged_file_is_one_line(seeded: Cli):
    data = bytearray(seeded.db.read_bytes())
    for page in range(2, len(data) // 4096):  # every page but the first: garbage
        data[page * 4096 + 100 : page * 4096 + 200] = b"\xff" * 100
    seeded.db.write_bytes(bytes(data))
    result = seeded("check", ok=False)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
