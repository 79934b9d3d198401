"""One timed build in its own process: `python -m bench.child KIND CORPUS OUT.pdf [CHAPTER]`.

KIND: handbook (the book, storing its work in the build cache, as `handbook build`
does), floor, or preview (CHAPTER alone, into preview.pdf beside OUT.pdf, reusing that cache).

Prints {"pages", "seconds", "cpu_seconds"} as JSON: wall and CPU time of the build alone
(imports and, for the floor, regenerating the corpus's text are not counted; the CPU time of
the processes that record chapters is). On a shared machine CPU time is the steadier of the
two: other people's load stretches wall time. The book is built with one process per core, as
`handbook build` does; BENCH_JOBS=1 builds it in one process.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path


def cpu_time() -> float:
    """This process's CPU time and that of its children that have ended (chapter recorders)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def main(argv: list[str]) -> None:
    kind, corpus, output = argv[0], Path(argv[1]), Path(argv[2])
    if kind == "handbook":
        from handbook.pipeline import build

        start, cpu = time.perf_counter(), cpu_time()
        jobs = int(os.environ["BENCH_JOBS"]) if os.environ.get("BENCH_JOBS") else None
        pages = build(corpus, output, use_cache=True, jobs=jobs).pages
    elif kind == "preview":
        from handbook.pipeline import build_chapter
        import handbook.output.preview  # noqa: F401  (imports are not the build)

        start, cpu = time.perf_counter(), cpu_time()
        pages = build_chapter(
            corpus, output.with_name("preview.pdf"), argv[3], use_cache=True, book_output=output
        ).pages
    elif kind == "floor":
        from bench.corpus import make_chapter
        from bench.floor import build_floor

        count = len(list(corpus.glob("*.md")))
        chapters = [make_chapter(index) for index in range(1, count + 1)]
        start, cpu = time.perf_counter(), cpu_time()
        pages = build_floor(chapters, output)
    else:
        raise SystemExit(f"unknown build kind {kind!r}")
    print(
        json.dumps({"pages": pages, "seconds": time.perf_counter() - start, "cpu_seconds": cpu_time() - cpu})
    )


if __name__ == "__main__":
    main(sys.argv[1:])
