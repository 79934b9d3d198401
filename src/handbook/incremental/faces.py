"""The `face` kind of entry: what reportlab works out from a TrueType file's tables (names,
metrics, each character's glyph and width), remembered across processes. Parsing them is pure
Python, 3-21 ms a face, and a preview reads seven or eight faces; read back from the cache it
is about a millisecond. layout/rlcompat.py (`remembering_faces`) decides what is kept and how
it is set on a face; this module keys it and stores it, only for a build that has a cache."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from handbook.incremental.memory import Memory, remembered_in
from handbook.incremental.store import BuildCache

KEEP_FACES = 64  # a theme's dozen faces and its fallbacks, for a few versions of the code


class FaceMemory(Memory):
    """A build cache's `face` entries, as rlcompat's faces ask for them by their identity (a
    digest of the file's bytes and what else reportlab's parse reads, rlcompat._face_identity)."""

    kind = "face"


@contextmanager
def faces_remembered(cache: BuildCache) -> Iterator[None]:
    """The faces read inside the `with` are remembered in `cache` (off when it is disabled:
    nothing read, nothing written)."""
    from handbook.layout.rlcompat import remembering_faces  # (reportlab: not for every import of pipeline)

    with remembered_in(cache, FaceMemory, remembering_faces, KEEP_FACES):
        yield
