"""Killed at chosen disk writes: ``claimdb backup`` and the copy made before a schema
upgrade leave no broken or misleading file.

``strace`` stops the real ``claimdb`` executable with SIGKILL at the Nth call of a
chosen system call (``-e inject=pwrite64:signal=KILL:when=N``): at writes of the copy,
at its flushes, at the rename that publishes it. A first run counts the calls, so the
kill points spread over the whole operation whatever its size. After each kill:

- the database is untouched (backup) or all-or-nothing (upgrade), and ``check`` passes;
- the backup path is absent, or a complete copy that equals the source;
- no journal, -wal or half-written file sits under the backup's name;
- the next ``backup`` to the same path (or the next run, for the upgrade) works and
  removes the temporary the killed process left.
"""

from __future__ import annotations

import re
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from subprocess import PIPE

import pytest

from claimdb.db.migrations import CURRENT
from tests.conftest import Cli, dump
from tests.test_upgrade import make_v1, v1_rows

STRACE = shutil.which("strace")
CLAIMDB = Path(sys.executable).with_name("claimdb")
pytestmark = [
    pytest.mark.sqlite_only,
    pytest.mark.skipif(STRACE is None, reason="strace is needed to kill at chosen calls"),
]
TRACED = ("pwrite64", "fdatasync", "fsync", "link", "unlink")
KILLS_PER_CALL = {"pwrite64": 6, "fdatasync": 2, "fsync": 2, "link": 1, "unlink": 2}


def killed_runs(args: tuple[str, ...], cases: dict[tuple[str, int], Path]) -> None:
    """Run ``claimdb ARGS`` in each directory, killed at its (syscall, N); several at
    once (most of the time is strace stopping the process at each call, not CPU)."""
    running = []
    for (call, n), where in cases.items():
        command = [STRACE, "-f", "-qq", "-o", "/dev/null", "-e", f"trace={call}",
                   "-e", f"inject={call}:signal=KILL:when={n}", str(CLAIMDB), *args]  # fmt: skip
        out = subprocess.Popen(command, cwd=where, stdout=PIPE, stderr=PIPE, text=True)
        running.append(((call, n), out))
    for point, proc in running:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode in (-signal.SIGKILL, 128 + signal.SIGKILL), (point, out, err)


def calls(*args: str, cwd: Path) -> dict[str, int]:
    """How often a successful run makes each traced system call."""
    summary = cwd / "strace-count.txt"
    command = [
        STRACE,
        "-f",
        "--seccomp-bpf",
        "-c",
        "-o",
        str(summary),
        "-e",
        f"trace={','.join(TRACED)}",
    ]
    done = subprocess.run([*command, str(CLAIMDB), *args], cwd=cwd, capture_output=True)
    assert done.returncode == 0, done.stderr
    found = dict.fromkeys(TRACED, 0)
    for line in summary.read_text().splitlines():
        fields = line.split()
        if fields and fields[-1] in found:
            found[fields[-1]] = int(fields[3])
    summary.unlink()
    return found


def kill_points(counted: dict[str, int]) -> list[tuple[str, int]]:
    points = []
    for call, total in counted.items():
        wanted = min(KILLS_PER_CALL[call], total)
        points += sorted({(call, 1 + i * (total - 1) // max(wanted - 1, 1)) for i in range(wanted)})
    return points


def leftovers(directory: Path, name: str) -> list[str]:
    """Files beside ``name`` that are neither it nor the database: temporaries, journals."""
    return sorted(
        p.name
        for p in directory.iterdir()
        if p.name != name and (p.name.startswith((name, f".{name}")))
    )


# -- claimdb backup ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def backup_case(tmp_path_factory: pytest.TempPathFactory):
    """The seed in a SQLite file, and the calls a backup of it makes."""
    from tests.conftest import SEED

    where = tmp_path_factory.mktemp("kill-backup")
    Cli(where / "source.db")("load", str(SEED))
    counted = calls("--db", "source.db", "backup", "counted.db", cwd=where)
    (where / "counted.db").unlink()
    return where / "source.db", counted


def test_backup_killed_at_each_chosen_call(backup_case, tmp_path: Path):
    template, counted = backup_case
    assert counted["pwrite64"] > 10 and counted["link"] == 1, counted
    outcomes = {"absent": 0, "complete": 0}
    cases = {point: tmp_path / f"{point[0]}-{point[1]}" for point in kill_points(counted)}
    for where in cases.values():
        where.mkdir()
        shutil.copy(template, where / "source.db")
    before = dump(template)
    killed_runs(("--db", "source.db", "backup", "bk.db"), cases)
    for (call, n), where in cases.items():
        source = Cli(where / "source.db")
        assert dump(where / "source.db") == before
        assert source("check").exit_code == 0
        backup = where / "bk.db"
        assert not (where / "bk.db-journal").exists() and not (where / "bk.db-wal").exists()
        if backup.exists():  # published: then whole, and equal to the source
            outcomes["complete"] += 1
            assert dump(backup) == before, (call, n)
            assert Cli(backup)("check").exit_code == 0
            assert "exists already" in source.fails("backup", str(backup))
        else:
            outcomes["absent"] += 1
            source("backup", str(backup))
            assert dump(backup) == before
        assert leftovers(where, "bk.db") == [], (call, n)  # the killed run's temporary: gone
    assert outcomes["absent"] and outcomes["complete"], outcomes  # kills before and after
    print(f"\nbackup killed at {sum(outcomes.values())} chosen calls: {outcomes}, 0 broken")


def test_a_stale_temporary_from_a_killed_backup_is_removed(seeded: Cli, tmp_path: Path):
    stale = tmp_path / ".bk.db.999999999.tmp"  # no process has that id
    stale.write_bytes(b"\0" * 4096)
    stale.with_name(stale.name + "-journal").write_bytes(b"\0" * 512)
    running = tmp_path / ".bk.db.1.tmp"  # process 1 runs: its temporary is left alone
    running.write_bytes(b"in progress")
    seeded("backup", str(tmp_path / "bk.db"))
    assert not stale.exists() and not stale.with_name(stale.name + "-journal").exists()
    assert running.read_bytes() == b"in progress"
    assert dump(tmp_path / "bk.db") == dump(seeded.db)


# -- the copy before a schema upgrade ----------------------------------------------------------


@pytest.fixture(scope="module")
def upgrade_case(tmp_path_factory: pytest.TempPathFactory):
    where = tmp_path_factory.mktemp("kill-upgrade")
    make_v1(where / "template.db")
    shutil.copy(where / "template.db", where / "counted.db")
    counted = calls("--db", "counted.db", "info", cwd=where)
    return where / "template.db", counted


BAK = re.compile(r"claims\.db\.v1(\.\d+)?\.bak")


def test_upgrade_killed_at_each_chosen_call(upgrade_case, tmp_path: Path):
    template, counted = upgrade_case
    original = v1_rows(template)
    outcomes = {"still v1": 0, "upgraded": 0}
    cases = {point: tmp_path / f"{point[0]}-{point[1]}" for point in kill_points(counted)}
    for where in cases.values():
        where.mkdir()
        shutil.copy(template, where / "claims.db")
    killed_runs(("--db", "claims.db", "info"), cases)
    for (call, n), where in cases.items():
        names = sorted(p.name for p in where.iterdir() if not p.name.startswith("."))
        baks = [name for name in names if BAK.fullmatch(name)]
        database = {"claims.db", "claims.db-journal", "claims.db-wal", "claims.db-shm"}
        assert set(names) - set(baks) <= database, names  # a journal: SQLite's own undo
        state = "upgraded" if version_of(where / "claims.db") == CURRENT else "still v1"
        outcomes[state] += 1
        for bak in baks:  # any backup there is a whole copy of the version-1 database
            assert v1_rows(where / bak) == original, (call, n, bak)
            assert integrity(where / bak) == "ok"
        version = Cli(where / "claims.db")("info", "-f", "json")  # the next run
        assert f'"schema_version": {CURRENT}' in version.stdout
        assert v1_rows(where / "claims.db") == original  # every row kept
        assert Cli(where / "claims.db")("check").exit_code == 0
        after = sorted(p.name for p in where.iterdir() if BAK.fullmatch(p.name))
        assert after, "the upgrade made no backup"
        for bak in after:
            assert v1_rows(where / bak) == original and integrity(where / bak) == "ok"
        hidden = [p.name for p in where.iterdir() if p.name.startswith(".")]
        assert hidden == [], (call, n, hidden)
    assert outcomes["still v1"] and outcomes["upgraded"], outcomes
    print(f"\nupgrade killed at {sum(outcomes.values())} chosen calls: {outcomes}, 0 broken")


def version_of(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT max(version) FROM schema_version").fetchone()[0]
    finally:
        conn.close()


def integrity(path: Path) -> str:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
