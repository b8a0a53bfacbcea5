"""``python -m bench.peak REPORT -- COMMAND...``: run COMMAND, then write its wall time,
exit code and peak resident memory (``getrusage(RUSAGE_CHILDREN).ru_maxrss``) to REPORT.

A child starts as a fork of its parent and keeps the parent's high-water mark even after
``exec``, so a big parent (the benchmark holds the generated data) would lift every
child's figure to its own. This wrapper is a small process with one child: the figure
is the command's own.
"""

import json
import resource
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    report, command = argv[0], argv[argv.index("--") + 1 :]
    start = time.perf_counter()
    code = subprocess.call(command)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    scale = 2**20 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    with open(report, "w") as out:
        json.dump({"seconds": seconds, "peak_mb": peak / scale, "returncode": code}, out)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
