"""What a build hands the next one about laid-out work: chapters laid out and recorded
(`layout`, with `text`: what stands for an enriched chapter's repr in their keys), and the
finished book (`book`) with the folios it found (`folios`). The keys of each are made here
(incremental/kinds.py lists what each depends on).

A finished book from the cache, when nothing that shapes it has changed:

The entry is the PDF's bytes and its page record, keyed (`SourceKeys.book`) by every file of
the source folder, the merged theme, the options and the code fingerprint: a hit is the PDF a
cold build would write, byte for byte (builds are deterministic: `invariant=1`). Beside it, a
small hint that survives edits: where each anchor landed in the last book built from this
folder with these options, so a chapter preview can number its pages as the book does.
"""

from __future__ import annotations

from pathlib import Path

from handbook.incremental.keys import digest
from handbook.incremental.passes import RenderedPdf
from handbook.incremental.store import BuildCache, is_entry_of
from handbook.incremental.tracked import ReadsCheck
from handbook.layout.fontseed import codes_used
from handbook.layout.pages import PageRecord
from handbook.layout.replay import ChapterRecording

KEEP_BOOKS = 6  # finished books kept (a few editions or themes of one folder)


class ChapterRecordings:
    """Chapters laid out alone and recorded (layout.replay), kept in build/.cache between builds.
    An entry is keyed by everything that shapes the recording: the enriched chapter (its model
    after enrichment: numbers and first uses of acronyms come from the chapters before it),
    the seeded font codes, the theme, the options, the answers mode, the book's settings and
    glossary, every file of the source folder but the chapters' text (images, book.yaml) and
    the code. Without a cache (`--no-cache`, a library call) nothing is found or kept, and the
    chapters are recorded and replayed all the same: the bytes do not depend on the cache."""

    def __init__(self, cache: BuildCache | None, prepared, options):
        keys = prepared.keys
        self.cache = cache if cache is not None and cache.enabled and keys is not None else None
        self.stored = 0
        self.base = ""
        self.folios_before: dict[str, str] = {}  # where the last build put anchors: a guess
        self.reads: ReadsCheck | None = None
        if self.cache is None:
            return
        self.reads = ReadsCheck(prepared.book)
        self.folios_before = last_folios(self.cache, prepared, options)
        book = prepared.book
        self.base = digest(
            "recording",
            keys.code,
            keys.around_chapters,
            keys.named_files(),  # the images the chapters name (a recording embeds them)
            repr(prepared.theme),
            repr(options),
            prepared.answers,
            repr(book.settings),
            repr(book.glossary),
        )

    def chapter_text(self, chapter) -> str | None:
        """What stands for the chapter's repr, when a digest of what made it is known
        (`Chapter.made_from`): that digest, with what the seed and the recording read from the
        repr: its characters beyond ASCII (the font seed's, and whether it is shaped text:
        replay.live_for_text). Kept in the cache; None: the repr it is."""
        if self.cache is None or not chapter.made_from:
            return None
        key = digest("text", chapter.made_from)
        known = self.cache.get("text", key)
        if isinstance(known, str):
            return known
        text = repr(chapter)
        beyond_ascii = "".join(sorted(char for char in set(text) if char > "\x7f"))
        stands_for = "\n".join([chapter.made_from, beyond_ascii])
        self.cache.put("text", key, stands_for)
        return stands_for

    def key(self, chapter_text: str, seed) -> str | None:
        """The entry of a chapter (its enriched model's repr) laid out with `seed`'s font codes:
        its first pass's recording (one that prints page numbers: a measuring one). Of the seed,
        only the codes of the characters the chapter's text holds (fontseed.codes_used): one
        new character in another chapter re-records only chapters whose codes it moved."""
        if self.cache is None:
            return None
        if self.reads is not None:  # (a recording that read other chapters may print their characters)
            self.reads.seed = seed
        return digest(self.base, codes_used(seed, chapter_text), chapter_text)

    @staticmethod
    def key_asking(key: str, asked: tuple) -> str:
        """The entry of the chapter of `key` drawn with the page numbers `asked` ((anchor,
        folio), as its text asks for them): all it reads of the pages before and after it."""
        return digest(key, "asked", asked)

    def get(self, key: str) -> ChapterRecording | None:
        """The stored recording of `key`, if what it read of other chapters reads the same now."""
        entry = self.cache.get("layout", key) if self.cache is not None else None
        if not isinstance(entry, ChapterRecording) or self.reads is None or not self.reads.hold(entry.reads):
            return None
        return entry

    def put(self, key: str, recording: ChapterRecording) -> None:
        if self.cache is not None:
            self.cache.put("layout", key, recording)
            self.stored += 1


def reused_book(cache: BuildCache, prepared, options) -> RenderedPdf | None:
    if prepared.keys is None:
        return None
    entry = cache.get("book", prepared.keys.book(prepared.theme, options, prepared.answers))
    if not is_entry_of(entry, bytes, PageRecord, tuple, tuple, tuple):
        return None
    return RenderedPdf(*entry)  # (unsettled, unset: warned again)


def remember_book(cache: BuildCache, prepared, options, rendered: RenderedPdf) -> None:
    if prepared.keys is None:
        return
    cache.put(
        "book",
        prepared.keys.book(prepared.theme, options, prepared.answers),
        (
            rendered.data,
            rendered.record,
            tuple(rendered.passes),
            tuple(rendered.unsettled),
            tuple(rendered.unset),
        ),
    )
    cache.put("folios", folio_key(prepared, options), dict(rendered.record.folios))
    cache.prune("book", KEEP_BOOKS)
    # Chapter entries of earlier edits: a few per chapter is plenty.
    for kind in ("chapter", "layout", "glyphs", "scan", "text"):
        cache.prune(kind, max(64, 3 * len(prepared.book.chapters)))


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
