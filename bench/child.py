"""One timed build in its own process: `python -m bench.child handbook|floor CORPUS OUT.pdf`.

Prints {"pages": ..., "seconds": ...} as JSON; `seconds` is the build alone (imports and, for
the floor, regenerating the corpus's text are not counted).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> None:
    kind, corpus, output = argv[0], Path(argv[1]), Path(argv[2])
    if kind == "handbook":
        from handbook.pipeline import build

        start = time.perf_counter()
        pages = build(corpus, output).pages
    elif kind == "floor":
        from bench.corpus import make_chapter
        from bench.floor import build_floor

        count = len(list(corpus.glob("*.md")))
        chapters = [make_chapter(index) for index in range(1, count + 1)]
        start = time.perf_counter()
        pages = build_floor(chapters, output)
    else:
        raise SystemExit(f"unknown build kind {kind!r}")
    print(json.dumps({"pages": pages, "seconds": time.perf_counter() - start}))


if __name__ == "__main__":
    main(sys.argv[1:])
