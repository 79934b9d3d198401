"""Helpers for the hostile-source tests (issue 12): an audit hook that records every file a
build opens, a canary a hostile folder's code would write, and a child process that runs
the `handbook` command under a memory cap and reports the memory and CPU time it used."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from robust_helpers import files_opened

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def opened():
    """A list of every path opened (builtins.open, os.open, io.open) during the test."""
    with files_opened() as paths:
        yield paths


def opened_under(paths: list[str], folder: Path) -> list[str]:
    """The opened paths that are, or lead through links to, files under `folder`."""
    real = os.path.realpath(folder)
    return [p for p in paths if os.path.realpath(p).startswith(real + os.sep) or os.path.realpath(p) == real]


@dataclass
class ChildRun:
    code: int
    stdout: str
    stderr: str
    max_rss_mb: float
    cpu_seconds: float

    @property
    def output(self) -> str:
        """stdout and stderr: `check` reports on stdout, `build` on stderr."""
        return self.stdout + self.stderr


# The command runs in a child under an address-space cap, so a bomb that got through would
# fail there (MemoryError) instead of taking the machine's memory, as issue 12 saw (23 GB).
_CHILD = r"""
import json, os, resource, sys
cap = int(os.environ["HANDBOOK_TEST_MEMORY_CAP"])
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
code = 0
try:
    from handbook.cli import main
    main(sys.argv[1:], prog_name="handbook")
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
finally:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    # ru_maxrss survives exec on Linux: a child forked from a large pytest worker would report
    # the worker's size. VmHWM is this program's own peak (a new address space at exec).
    try:
        with open("/proc/self/status") as status:
            peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        peak = usage.ru_maxrss
    sys.stderr.write("\n@@usage " + json.dumps({"rss_kb": peak,
                                              "cpu": usage.ru_utime + usage.ru_stime}) + "\n")
sys.exit(code)
"""


def run_child(*args: str, cwd: Path, memory_cap_mb: int = 2048, timeout: float = 300) -> ChildRun:
    """Run `handbook ARGS` in a child process; its exit code, output, peak memory, CPU time."""
    env = dict(
        os.environ, HANDBOOK_TEST_MEMORY_CAP=str(memory_cap_mb * 1024 * 1024), PYTHONPATH=str(ROOT / "src")
    )
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    stderr, _, usage_line = done.stderr.rpartition("\n@@usage ")
    usage = json.loads(usage_line)
    return ChildRun(done.returncode, done.stdout, stderr, usage["rss_kb"] / 1024, usage["cpu"])


# Audit events that start another program (issue 23: svglib ran fc-match to find a font).
PROGRAM_EVENTS = (
    "subprocess.Popen",
    "os.system",
    "os.exec",
    "os.posix_spawn",
    "os.spawn",
    "pty.spawn",
    "os.fork",
)


class _Programs(list):
    installed = False
    recording: list = []


def _program_audit(event, args):
    if _Programs.recording and event in PROGRAM_EVENTS:
        for recorder in _Programs.recording:
            recorder.append((event, repr(args)[:200]))


@pytest.fixture
def programs():
    """A list of every program started (subprocess, os.system, exec, spawn, fork) during the test."""
    if not _Programs.installed:
        sys.addaudithook(_program_audit)  # hooks cannot be removed; it does nothing unless recording
        _Programs.installed = True
    started: list = []
    _Programs.recording.append(started)
    try:
        yield started
    finally:
        _Programs.recording.remove(started)


def opened_outside(paths: list[str], *folders: Path) -> list[str]:
    """The opened paths that are not under any of `folders` (links followed) and are not part
    of Python or the installed packages (modules, fonts of the font packages, locale data).
    A bare name (no '/') is one opened relative to a folder descriptor the gate opened."""
    allowed = [os.path.realpath(folder) for folder in folders]
    installed = {sys.prefix, sys.base_prefix, sys.exec_prefix, str(ROOT / "src"), str(ROOT / "styles")}
    system = [os.path.realpath(p) for p in installed]
    outside = []
    for path in paths:
        if "/" not in path:
            continue
        real = os.path.realpath(path)
        if any(real == root or real.startswith(root + os.sep) for root in allowed + system):
            continue
        if real.startswith(("/dev/urandom", "/proc/self/fd", "/etc/localtime", "/usr/share/zoneinfo")):
            continue
        if os.path.basename(real) in ("reportlab_settings.py", ".reportlab_settings", ".reportlab_mods"):
            continue  # reportlab's own configuration, looked for when it is first imported
        outside.append(path)
    return outside
