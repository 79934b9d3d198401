"""A finished book from build/.cache, when nothing that shapes it has changed.

The entry is the PDF's bytes and its page record, keyed (`SourceKeys.book`) by every file of
the source folder, the merged theme, the options and the code fingerprint: a hit is the PDF a
cold build would write, byte for byte (builds are deterministic: `invariant=1`). Beside it, a
small hint that survives edits: where each anchor landed in the last book built from this
folder with these options, so a chapter preview can number its pages as the book does.
"""

from __future__ import annotations

from pathlib import Path

from handbook.cache import BuildCache, digest
from handbook.layout.pages import PageRecord
from handbook.output.pdf import RenderedPdf

KEEP_BOOKS = 6  # finished books kept (a few editions or themes of one folder)


def reused_book(cache: BuildCache, prepared, options) -> RenderedPdf | None:
    if prepared.keys is None:
        return None
    entry = cache.get("book", prepared.keys.book(prepared.theme, options, prepared.answers))
    if not (
        isinstance(entry, tuple)
        and len(entry) == 3
        and isinstance(entry[0], bytes)
        and isinstance(entry[1], PageRecord)
        and isinstance(entry[2], tuple)
    ):
        return None
    return RenderedPdf(entry[0], entry[1], entry[2])


def remember_book(cache: BuildCache, prepared, options, rendered: RenderedPdf) -> None:
    if prepared.keys is None:
        return
    cache.put(
        "book",
        prepared.keys.book(prepared.theme, options, prepared.answers),
        (rendered.data, rendered.record, tuple(rendered.passes)),
    )
    cache.put("folios", folio_key(prepared, options), dict(rendered.record.folios))
    cache.prune("book", KEEP_BOOKS)
    # Chapter entries of earlier edits: a few per chapter is plenty.
    cache.prune("chapter", max(64, 3 * len(prepared.book.chapters)))


def last_folios(cache: BuildCache, prepared, options) -> dict[str, str]:
    """anchor -> folio in the last book built from this folder with these options ({} if none)."""
    entry = cache.get("folios", folio_key(prepared, options))
    if isinstance(entry, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in entry.items()):
        return entry
    return {}


def folio_key(prepared, options) -> str:
    return digest(
        "folios",
        str(Path(prepared.book.source_dir).resolve()),
        repr(options),
        prepared.answers,
        repr(prepared.theme),
    )
