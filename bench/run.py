"""`python -m bench.run`: build generated handbooks of N chapters with handbook and with bare
platypus (the floor), print a table and write build/bench.json.

Each build runs in its own process; its peak memory is that process's ru_maxrss (read with
os.wait4, so one build's peak never hides another's). Times are medians over several runs.
Each run, in order: the floor; a cold build (its cache emptied first); a rebuild with nothing
changed; a rebuild after a one-line edit to the middle chapter; a preview of that chapter.
Environment: BENCH_FULL=1 adds N = 1000; BENCH_SIZES="10,50" and BENCH_RUNS=3 override;
BENCH_JOBS=1 builds the book in one process (default: one per core, as `handbook build`).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent
SIZES = (10, 50, 200)
FULL_SIZES = SIZES + (1000,)


@dataclass
class Measure:
    seconds: float  # the build itself (wall), median over runs
    cpu_seconds: float  # its CPU time, median: steadier than wall time on a shared machine
    process_seconds: float  # the whole process: interpreter, imports, build
    pages: int
    peak_rss_mb: float
    runs: int

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def runs_for(chapters: int) -> int:
    if os.environ.get("BENCH_RUNS"):
        return int(os.environ["BENCH_RUNS"])
    return 5 if chapters <= 10 else 3 if chapters <= 200 else 1


def one_build(kind: str, corpus: Path, output: Path, *extra: str) -> tuple[dict, float, float]:
    """(child's report, process wall seconds, peak RSS in MB) of one build in a new process."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.child", kind, str(corpus), str(output), *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    stdout, stderr = child.stdout.read(), child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"bench: the {kind} build of {corpus} failed:\n{stderr}")
    return json.loads(stdout.strip().splitlines()[-1]), wall, usage.ru_maxrss / 1024  # KiB on Linux


KINDS = ("floor", "handbook", "rebuild", "edit", "preview")


def measure(chapters: int, work: Path) -> dict[str, Measure]:
    corpus = work / f"corpus-{chapters}"
    write_corpus(corpus, chapters)
    middle = corpus / sorted(p.name for p in corpus.glob("*.md"))[(chapters - 1) // 2]
    original = middle.read_text(encoding="utf-8")
    output = work / f"handbook-{chapters}" / "handbook.pdf"
    # The build cache lives in the user's cache folder (cache.py): the bench's own, emptied for
    # a cold build (and never the user's).
    # (absolute: a relative XDG_CACHE_HOME is ignored, and the user's own cache would be used)
    user_cache = (work / "user-cache").resolve()
    os.environ["XDG_CACHE_HOME"] = str(user_cache)  # (the children inherit it)
    samples: dict[str, list] = {kind: [] for kind in KINDS}
    try:
        for run in range(runs_for(chapters)):
            shutil.rmtree(user_cache, ignore_errors=True)  # a cold build
            samples["floor"].append(one_build("floor", corpus, work / f"floor-{chapters}.pdf"))
            samples["handbook"].append(one_build("handbook", corpus, output))
            samples["rebuild"].append(one_build("handbook", corpus, output))
            middle.write_text(one_line_edit(original, run), encoding="utf-8")
            samples["edit"].append(one_build("handbook", corpus, output))
            samples["preview"].append(one_build("preview", corpus, output, str(middle)))
    finally:
        middle.write_text(original, encoding="utf-8")
    return {
        kind: Measure(
            seconds=statistics.median(r["seconds"] for r, _, _ in runs),
            cpu_seconds=statistics.median(r["cpu_seconds"] for r, _, _ in runs),
            process_seconds=statistics.median(w for _, w, _ in runs),
            pages=runs[0][0]["pages"],
            peak_rss_mb=max(m for _, _, m in runs),
            runs=len(runs),
        )
        for kind, runs in samples.items()
    }


def one_line_edit(text: str, run: int) -> str:
    """The chapter with one line of its body changed (differently each run: a new cache key)."""
    lines = text.split("\n")
    index = next(i for i in range(len(lines) // 2, len(lines)) if len(lines[i].split()) > 8)
    lines[index] += f" An edit, number {run + 1}."
    return "\n".join(lines)


def row(chapters: int, result: dict[str, Measure]) -> dict:
    hb, fl = result["handbook"], result["floor"]
    return {
        "chapters": chapters,
        "handbook": {**asdict(hb), "pages_per_second": round(hb.pages_per_second, 1)},
        "floor": {**asdict(fl), "pages_per_second": round(fl.pages_per_second, 1)},
        **{kind: asdict(result[kind]) for kind in ("rebuild", "edit", "preview")},
        "rebuild_ratio": round(result["rebuild"].seconds / hb.seconds, 3),
        "edit_ratio": round(result["edit"].seconds / hb.seconds, 3),
        "ratio": round(hb.seconds / fl.seconds, 2),
        "ratio_cpu": round(hb.cpu_seconds / fl.cpu_seconds, 2),
        # Until every feature sets its content, the two may differ in pages: compare per page too.
        "ratio_per_page": round((hb.seconds / hb.pages) / (fl.seconds / fl.pages), 2),
    }


HEADER = (
    f"{'N':>5} | {'pages':>5} {'wall s':>6} {'cpu s':>6} {'pages/s':>7} {'peak MB':>7} | "
    f"{'pages':>5} {'wall s':>6} {'cpu s':>6} {'pages/s':>7} {'peak MB':>7} | "
    f"{'wall':>5} {'cpu':>5} {'/page':>5} | {'same s':>6} {'edit s':>6} {'/cold':>5} | "
    f"{'prev s':>6} {'cpu s':>6} {'proc s':>6} {'MB':>4}"
)
TITLE = (
    f"{'':>5} | {'handbook, cold (empty cache)':<36} | {'floor (bare platypus, one pass)':<36} | "
    f"handbook/floor    | rebuild: none, 1 line | preview, 1 chapter"
)


def format_row(r: dict) -> str:
    def side(m: dict) -> str:
        return (
            f"{m['pages']:>5} {m['seconds']:>6.2f} {m['cpu_seconds']:>6.2f} "
            f"{m['pages_per_second']:>7.1f} {m['peak_rss_mb']:>7.0f}"
        )

    return (
        f"{r['chapters']:>5} | {side(r['handbook'])} | {side(r['floor'])} | "
        f"{r['ratio']:>5.2f} {r['ratio_cpu']:>5.2f} {r['ratio_per_page']:>5.2f} | "
        f"{r['rebuild']['seconds']:>6.2f} {r['edit']['seconds']:>6.2f} {r['edit_ratio']:>5.2f} | "
        f"{r['preview']['seconds']:>6.2f} {r['preview']['cpu_seconds']:>6.2f} "
        f"{r['preview']['process_seconds']:>6.2f} "
        f"{r['preview']['peak_rss_mb']:>4.0f}"
    )


def sizes() -> tuple[int, ...]:
    if os.environ.get("BENCH_SIZES"):
        return tuple(int(n) for n in os.environ["BENCH_SIZES"].split(","))
    return FULL_SIZES if os.environ.get("BENCH_FULL") == "1" else SIZES


def main(argv: list[str]) -> None:
    if argv and (argv[0] in ("-h", "--help") or argv[0].startswith("-") or len(argv) > 1):
        # (any option: the bench takes minutes, and a mistyped flag would start it)
        print(f"usage: python -m bench.run [OUT.json]\n\n{__doc__}")
        raise SystemExit(0 if argv[0] in ("-h", "--help") else 2)
    out = Path(argv[0]) if argv else ROOT / "build" / "bench.json"
    work = out.parent / "bench"
    load = os.getloadavg()
    print(
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {os.cpu_count()} CPUs; "
        "times are medians of the build alone, peak MB is the process's maximum RSS"
    )
    print(TITLE)
    print(HEADER, flush=True)
    rows = []
    for chapters in sizes():
        rows.append(row(chapters, measure(chapters, work)))
        print(format_row(rows[-1]), flush=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    report = {"load_average": load, "cpus": os.cpu_count(), "python": sys.version.split()[0], "rows": rows}
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
