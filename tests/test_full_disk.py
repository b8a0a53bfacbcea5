"""A full disk and output that cannot be written: one line, and the truth about what
was saved. Real processes: stdout to /dev/full, a closed pipe, a database created on a
1 MiB tmpfs (when this user may mount one) and under a file-size limit (RLIMIT_FSIZE).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Cli, dump, query

CLAIMDB = Path(sys.executable).with_name("claimdb")
pytestmark = pytest.mark.sqlite_only


def run(*args: str, stdout=subprocess.PIPE, limit: int | None = None):
    def limited() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [str(CLAIMDB), *args], stdout=stdout, stderr=subprocess.PIPE, text=True,
        preexec_fn=limited, timeout=60,
    )  # fmt: skip


def one_line(done: subprocess.CompletedProcess) -> str:
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    return lines[0]


ADD = ("claim", "add", "--speaker", "Russia", "--target", "ISIS", "a claim saved in full")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_claim_added_with_stdout_on_a_full_disk_says_it_was_saved(seeded: Cli):
    claims = query(seeded.db, "SELECT count(*) FROM claim")[0][0]
    with open("/dev/full", "w") as full:
        done = run("--db", str(seeded.db), *ADD, stdout=full)
    assert done.returncode == 1
    line = one_line(done)
    assert line == (
        "error: the change was saved, but the output could not be written: No space left on device"
    )
    assert query(seeded.db, "SELECT count(*) FROM claim")[0][0] == claims + 1


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize(
    "command", [("claim", "list"), ("claim", "list", "-f", "json"), ("report", "-f", "markdown")]
)
def test_a_read_with_stdout_on_a_full_disk_is_one_line(seeded: Cli, command):
    with open("/dev/full", "w") as full:
        done = run("--db", str(seeded.db), *command, stdout=full)
    assert done.returncode == 1
    assert one_line(done) == "error: the output could not be written: No space left on device"


def test_a_reader_that_stops_early_is_not_an_error(seeded: Cli):
    read, write = os.pipe()
    os.close(read)  # nobody reads: the first write gets EPIPE
    try:
        done = run("--db", str(seeded.db), "claim", "list", "-f", "json", stdout=write)
    finally:
        os.close(write)
    assert done.returncode == 141 and done.stderr == ""


def test_a_reader_that_stops_early_after_a_change_is_told_it_was_saved(seeded: Cli):
    read, write = os.pipe()
    os.close(read)
    try:
        done = run("--db", str(seeded.db), *ADD, stdout=write)
    finally:
        os.close(write)
    assert done.returncode == 1
    assert one_line(done).startswith("error: the change was saved, but ")


# -- creating a database on a full disk -----------------------------------------------------


def test_creating_a_database_past_the_file_size_limit(tmp_path: Path):
    db = tmp_path / "new.db"
    done = run("--db", str(db), "init", limit=40_000)
    assert done.returncode == 1
    line = one_line(done)
    assert "nothing was written" in line and "unexpected" not in line, line
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no 0-byte file, no -wal/-shm
    assert run("--db", str(db), "init").returncode == 0  # and it works once there is room


def fill(path: Path) -> None:
    """Write zeros to ``path`` until the disk is full."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        for size in (4096, 512, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError:
                pass
    finally:
        os.close(fd)


@pytest.fixture
def full_disk(tmp_path: Path):
    """A 1 MiB tmpfs, filled to the last byte (root only; skipped elsewhere)."""
    where = tmp_path / "full"
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(where)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        fill(where / "filler")
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=True)


def test_creating_a_database_on_a_full_disk(full_disk: Path):
    done = run("--db", str(full_disk / "claims.db"), "init")
    assert done.returncode == 1
    line = one_line(done)
    assert line == f"error: {full_disk / 'claims.db'}: the disk is full; nothing was written"
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler"]


def test_a_write_on_a_full_disk_keeps_the_database(seeded: Cli, full_disk: Path):
    db = full_disk / "claims.db"
    (full_disk / "filler").unlink()
    seeded("backup", str(db))
    before = dump(db)
    fill(full_disk / "filler")
    text = " ".join(["a long claim that cannot fit"] * 400)
    done = run("--db", str(db), "claim", "add", "--speaker", "Russia", "--target", "ISIS", text)
    assert done.returncode == 1
    assert "nothing was written" in one_line(done)
    (full_disk / "filler").unlink()
    assert dump(db) == before
    assert Cli(db)("check").exit_code == 0
