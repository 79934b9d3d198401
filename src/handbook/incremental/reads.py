"""Files a step reads besides the text it is given, recorded as it reads them.

Parsing a chapter reads its text and, through `parse.images.resolve_image`, every image it
names (to check it): a cached chapter is only as good as those files. The parser notes each
file it resolves here; the cache (incremental/chapters.py ChapterReuse) stores the files with the chapter and
checks their digests before reusing it. Nothing is recorded unless a recording is open, so a
parse outside the cache costs one lookup per image.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

_OPEN: ContextVar[list[Path] | None] = ContextVar("handbook_reads", default=None)


@contextmanager
def recording():
    """A list that collects the files noted while the block runs."""
    found: list[Path] = []
    token = _OPEN.set(found)
    try:
        yield found
    finally:
        _OPEN.reset(token)


def note(path: Path) -> None:
    """A file the running step has read (or checked) and whose bytes shape what it makes."""
    found = _OPEN.get()
    if found is not None:
        found.append(path)
