"""Timing and memory helpers, and the result row of the table."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass
class Row:
    """One line of the results table.

    ``unit`` is "ms" (lower is better), "rows/s" (higher is better) or "MB". ``ratio`` is
    claimdb over baseline for times and memory, and claimdb over baseline for throughput
    too (so a throughput ratio of 0.5 means half as fast). ``ok`` is None when the row has
    no goal or was not measured; ``note`` says why a row was not measured.
    """

    operation: str
    claimdb: float | None
    baseline: float | None
    unit: str
    goal: str
    ok: bool | None
    note: str = ""
    spread: tuple[float, float, float] | None = None  # paired ratios: (median, min, max)

    @property
    def measured(self) -> bool:
        return self.claimdb is not None

    @property
    def ratio(self) -> float | None:
        """The median of the paired ratios where A and B ran interleaved, else A / B."""
        if self.spread is not None:
            return self.spread[0]
        if self.claimdb is None or not self.baseline:
            return None
        return self.claimdb / self.baseline

    def as_dict(self) -> dict[str, object]:
        return {
            "operation": self.operation,
            "claimdb": self.claimdb,
            "baseline": self.baseline,
            "unit": self.unit,
            "ratio": None if self.ratio is None else round(self.ratio, 3),
            "ratio_min": None if self.spread is None else round(self.spread[1], 3),
            "ratio_max": None if self.spread is None else round(self.spread[2], 3),
            "goal": self.goal,
            "ok": self.ok,
            "note": self.note,
        }


def not_measured(operation: str, unit: str, goal: str, reason: str) -> Row:
    return Row(operation, None, None, unit, goal, None, f"not measured ({reason})")


def time_ms(func: Callable[[], object], repeat: int = 5, warmup: int = 1) -> float:
    """Best wall time of ``repeat`` calls of ``func()`` in milliseconds, after ``warmup``
    untimed calls. The best, not the median: on a shared machine the slower runs
    measure the neighbours (as ``timeit`` advises); claimdb and its baseline alike."""
    for _ in range(warmup):
        func()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, (time.perf_counter() - start) * 1000)
    return best


@dataclass(frozen=True)
class Paired:
    """A and B timed interleaved: the median of each, and of the per-pair ratios A/B."""

    ours_ms: float
    base_ms: float
    ratio: float
    ratio_min: float
    ratio_max: float

    @property
    def spread(self) -> tuple[float, float, float]:
        return (self.ratio, self.ratio_min, self.ratio_max)


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def _pairs(samples: list[tuple[float, float]]) -> Paired:
    ratios = [a / b for a, b in samples if b > 0]
    return Paired(
        _median([a for a, _ in samples]),
        _median([b for _, b in samples]),
        _median(ratios),
        min(ratios),
        max(ratios),
    )


def _clock(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return (time.perf_counter() - start) * 1000


def paired_ms(
    ours: Callable[[], object], base: Callable[[], object], repeat: int = 7, warmup: int = 1
) -> Paired:
    """Time ``ours`` and ``base`` interleaved (A B, then B A, alternately, so that neither
    always runs on the warmer cache), ``repeat`` pairs after ``warmup`` untimed pairs.

    A verdict read from the median of the per-pair ratios does not flip with the
    machine's load the way one read from two separate runs does: a busy spell slows
    both halves of the pairs it falls in.
    """
    for _ in range(warmup):
        ours()
        base()
    samples = []
    for k in range(repeat):
        if k % 2:
            b = _clock(base)
            a = _clock(ours)
        else:
            a = _clock(ours)
            b = _clock(base)
        samples.append((a, b))
    return _pairs(samples)


def paired_process_ms(
    ours: Sequence[str], base: Sequence[str], n: int, env: dict[str, str] | None = None
) -> Paired:
    """``paired_ms`` for two commands run as whole processes (start-up and output)."""

    def runner(argv: Sequence[str]) -> Callable[[], None]:
        def run() -> None:
            code, _, stderr, _ = _spawn(argv, env=env)
            if code != 0:
                raise RuntimeError(f"{' '.join(argv)} failed: {stderr.decode()[-500:]}")

        return run

    return paired_ms(runner(ours), runner(base), repeat=n)


@dataclass
class Run:
    """One child process: wall time, peak resident memory, exit code and output."""

    seconds: float
    peak_mb: float
    returncode: int
    stdout: bytes
    stderr: bytes


def run_child(
    argv: Sequence[str], env: dict[str, str] | None = None, stdin: str | None = None
) -> Run:
    """Run ``argv`` as a child process and measure its wall time and peak memory.

    The peak is ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` taken in a small wrapper
    process (bench/peak.py) whose only child is ``argv``: measured from here, a child
    would start from this process's own high-water mark (see there).
    """
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "peak.json")
        wrapped = [sys.executable, "-m", "bench.peak", report, "--", *argv]
        returncode, stdout, stderr, _ = _spawn(wrapped, env, stdin)
        if not os.path.exists(report):
            return Run(0.0, 0.0, returncode or 1, stdout, stderr)
        with open(report) as f:
            found = json.load(f)
    return Run(found["seconds"], found["peak_mb"], found["returncode"], stdout, stderr)


def _spawn(
    argv: Sequence[str], env: dict[str, str] | None = None, stdin: str | None = None
) -> tuple[int, bytes, bytes, float]:
    """(exit code, stdout, stderr, wall seconds) of ``argv`` run to its end."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        with open(stdin, "rb") if stdin else open(os.devnull, "rb") as source:
            start = time.perf_counter()
            code = subprocess.call(argv, stdout=out, stderr=err, stdin=source, env=env)
            seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        return code, out.read(), err.read(), seconds
