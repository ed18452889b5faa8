"""How the benchmarks run a briefer child process and read the machine: the console script to
run, wall time and the child's own peak RSS (GNU ``time -v`` or ``os.wait4``), this process's RSS,
and the CPU model."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path


def briefer_cmd() -> list[str]:
    """The installed console script next to this interpreter, else on PATH, else via python -c."""
    here = Path(sys.executable).parent / "briefer"
    if here.is_file() and os.access(here, os.X_OK):
        return [str(here)]
    found = shutil.which("briefer")
    if found:
        return [found]
    return [sys.executable, "-c", "from briefer.cli import main; main()"]


def gnu_time() -> str | None:
    """/usr/bin/time if it is GNU time (supports -v and -o)."""
    path = shutil.which("time", path="/usr/bin:/bin")
    if not path:
        return None
    try:
        probe = subprocess.run([path, "-v", "true"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return path if "Maximum resident set size" in probe.stderr else None


def run_measured(cmd: list[str], *, measure_rss: bool = False, work: Path) -> dict:
    """Run ``cmd``; wall time, stdout, stderr and (optionally) the child's own peak RSS in KiB.

    Peak RSS comes from GNU ``time -v`` when present (its fork of a tiny process gives the
    child a clean high-water mark), else from ``os.wait4`` on this very child. Either way it
    is per child, not the max over all children that ``RUSAGE_CHILDREN`` reports.
    """
    err_file = work / "stderr.txt"
    time_file = work / "time.txt"
    timer = gnu_time() if measure_rss else None
    full = [timer, "-v", "-o", str(time_file), *cmd] if timer else cmd
    with open(err_file, "w") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(full, stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL)
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
    proc.stdout.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    result = {
        "wall_s": wall,
        "rc": proc.returncode,
        "stdout": out.decode(errors="replace"),
        "stderr": err_file.read_text(errors="replace"),
    }
    if measure_rss:
        rss_kib, method = None, None
        if timer and time_file.is_file():
            for line in time_file.read_text().splitlines():
                if "Maximum resident set size" in line:
                    rss_kib, method = int(line.rsplit(":", 1)[1]), "GNU time -v"
        if rss_kib is None:
            # ru_maxrss is KiB on Linux, bytes on macOS.
            rss_kib = usage.ru_maxrss // (1024 if sys.platform == "darwin" else 1)
            method = "os.wait4 rusage"
        result["peak_rss_kib"], result["rss_method"] = rss_kib, method
    return result


def check(res: dict, what: str) -> None:
    if res["rc"] != 0:
        sys.stderr.write(res["stderr"][-4000:])
        sys.exit(f"bench: {what} failed with exit code {res['rc']}")


def self_rss_mib() -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"
