"""What every process would otherwise work out again the same way, remembered across processes
in the build cache: a font face's tables (`face` entries, incremental/faces.py) and a loaded
theme (`theme` entries, incremental/themes.py). An entry is keyed by its kind, the code and
what identifies the thing; the module that works the thing out decides what is kept and
checks what it reads back; only a build that has a cache reads or writes one."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, ContextManager, Iterator

from handbook.incremental.keys import code_fingerprint, digest
from handbook.incremental.store import BuildCache


class Memory:
    """A build cache's entries of one kind (`kind`), asked for by what identifies each."""

    kind = ""

    def __init__(self, cache: BuildCache):
        self.cache = cache
        self.written = 0

    @classmethod
    def key(cls, identity: str) -> str:
        return digest(cls.kind, code_fingerprint(), identity)  # the code: reportlab's version too

    def get(self, identity: str):
        return self.cache.get(self.kind, self.key(identity))

    def put(self, identity: str, value) -> None:
        self.cache.put(self.kind, self.key(identity), value)
        self.written += 1


@contextmanager
def remembered_in(
    cache: BuildCache, memory: type[Memory], handing: Callable[[Memory | None], ContextManager], keep: int
) -> Iterator[None]:
    """Inside the `with`, `handing(memory)` has given the module that works things out a
    `memory` of `cache` (None, so nothing read or written, when the cache is disabled); the
    kind is pruned to its `keep` newest entries when something was written."""
    remembering = memory(cache) if cache.enabled else None
    with handing(remembering):
        yield
    if remembering is not None and remembering.written:  # (entries of older code are never read again)
        cache.prune(memory.kind, keep)
