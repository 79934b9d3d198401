"""What a build hands the next one about its chapters before they are laid out: each chapter
read and parsed (`chapter`, `bundle`), what the acronym step did to it (`scan`) and the step's
journal for previews (`acronyms`), and chapters found to print in the theme's fonts (`glyphs`).
The keys of each are made here (incremental/kinds.py lists what each depends on); the pipeline
(pipeline.py `prepare`) only hands these to the stages that use them."""

from __future__ import annotations

from dataclasses import replace

from handbook.errors import Diagnostics
from handbook.gc_settings import freeze, no_collections
from handbook.incremental import reads
from handbook.incremental.identity import ByIdentity
from handbook.incremental.keys import SourceKeys, digest
from handbook.incremental.store import BuildCache, is_entry_of
from handbook.model import Book, Chapter
from handbook.model.journal import AcronymJournal, ChapterScan
from handbook.sources import ChapterSource
from handbook.sources.files import split_front_matter

KEEP_BUNDLES = 4  # bundles kept (a few editions or languages of one folder)


class CheckedGlyphs:
    """Chapters whose every printed character an earlier build found in the theme's fonts (the
    glyph check, layout/glyphs.py): not checked again. Keyed by the enriched chapter (its repr:
    every printed string, code or not), the merged theme and the code fingerprint (installed
    font packages included). Only chapters found complete are noted: one with a missing
    character is checked, and warned about, on every build."""

    def __init__(self, cache: BuildCache, keys: SourceKeys, theme):
        self.cache = cache
        self.base = digest("glyphs", keys.code, repr(theme))
        self.found: list[str] = []  # stored by `store`, once the build has no errors

    def _key(self, chapter) -> str:
        return digest(self.base, chapter.identity())

    def has(self, chapter) -> bool:
        return self.cache.get("glyphs", self._key(chapter)) is True

    def add(self, chapter) -> None:
        self.found.append(self._key(chapter))

    def store(self) -> None:
        for key in self.found:
            self.cache.put("glyphs", key, True)


class ScanEntries:
    """The acronym step's chapter scans (enrich.acronyms.ScanStore): an entry holds the chapter
    as the step left it and what the step noted, keyed by everything the step reads: the
    chapter as the steps before it left it (a digest of its whole model, not of its text: what
    those steps read of other chapters, wiki-link targets, numbers, anchors, is written into it,
    so a step added later that reads another chapter is keyed by what it read without declaring
    it), the step's state when it reaches the chapter (a digest of what every chapter before it
    did: their first uses), and the settings (theme, options, answers, book.yaml, the code and
    the files around the chapters, the glossary among them). A chapter read with messages has
    no parse key and is not kept (a reused chapter must report what reading it again would)."""

    def __init__(self, reuse: "ChapterReuse", settings):
        self.reuse = reuse
        self.settings = settings  # () -> the settings as the step reads them
        self.base = ""

    def key(self, chapter: Chapter, state: str) -> str | None:
        parsed = self.reuse.keys_of.get(chapter)
        if parsed is None:  # read with messages: not kept
            return None
        if not self.base:  # (when the step starts: as the steps before it left the settings)
            self.base = digest("scan", self.reuse.keys.code, self.reuse.keys.around_chapters, self.settings())
        return digest(self.base, parsed, repr(chapter).encode("utf-8", "surrogatepass"), state)

    def get(self, key: str) -> ChapterScan | None:
        entry = self.reuse.cache.get("scan", key)
        return entry if isinstance(entry, ChapterScan) and isinstance(entry.chapter, Chapter) else None

    def put(self, key: str, scan: ChapterScan) -> None:
        self.reuse.cache.put("scan", key, scan)


class ChapterReuse:
    """Chapters an earlier build read and parsed from the same text, from the cache: an entry
    holds a chapter's front matter and body (the sources stage) and its parsed model (the
    parse stage), keyed by the file's text, its path, the other files of the source folder and
    the code. Only chapters read and parsed without a single message are stored: there is
    nothing to replay, so a reused chapter reports exactly what reading it again would.

    A book's build stores every such chapter of the book in one *bundle* (keyed like the
    chapters but for their text: each chapter in it is found by its own chapter key), read once
    by the next build or preview instead of one small file per chapter (at 1,000 chapters,
    opening, checking and unpickling 1,000 entries was half a preview); chapters parsed by a
    build that does not write one (a preview, an edit of a few chapters) get entries of their own."""

    def __init__(self, cache: BuildCache, keys: SourceKeys, parse_chapter):
        self.cache, self.keys = cache, keys
        self.parse_chapter = parse_chapter  # the parse stage (parse.book.parse_chapter)
        # By identity (a source or chapter compares by value, and the build may free one):
        # ChapterSource -> (key, Chapter or None, its language, the files it names)
        self.found: ByIdentity[tuple] = ByIdentity()
        self.keys_of: ByIdentity[str] = ByIdentity()  # Chapter -> its entry's key (stored or reused)
        self.bundle: dict | None = None  # chapter key -> (source, chapter, language, named), read once
        self.entries: dict[str, tuple] = {}  # this build's chapters with a key, for its bundle
        self.parsed_now: list[str] = []  # the keys of those parsed (not found) by this build

    def _bundle_key(self) -> str:
        return digest("bundle", self.keys.code, self.keys.around_chapters)

    def _from_bundle(self, key: str):
        if self.bundle is None:
            with (
                no_collections()
            ):  # out of the collector's sight at once (see split_one): else it walks it all now
                entry = self.cache.get("bundle", self._bundle_key())
                freeze()
            self.bundle = entry if isinstance(entry, dict) else {}
        return self.bundle.get(key)

    def store_parsed(self, whole_book: bool) -> None:
        """Keep the chapters parsed now. A book's build stores all its chapters as one entry,
        unless the one read lacks only a few of them (pickling every chapter again after each
        edit would cost an edit's rebuild 1 s at 1,000 chapters): those few, and a preview's,
        get entries of their own. A chapter in a bundle written now needs none (a cold build
        pickled each chapter twice)."""
        lacking = len(self.entries.keys() - (self.bundle or {}).keys())
        if whole_book and self.entries and (not self.bundle or lacking > max(8, len(self.entries) // 20)):
            self.cache.put("bundle", self._bundle_key(), self.entries)
            self.cache.prune("bundle", KEEP_BUNDLES)
            return
        for key in self.parsed_now:
            self.cache.put("chapter", key, self.entries[key])

    def split_one(self, text: str, path, diagnostics: Diagnostics):
        key = self.keys.chapter_text(path, text)
        entry = self._from_bundle(key) or self.cache.get("chapter", key)
        if is_entry_of(entry, ChapterSource, Chapter, str, tuple) and self._same_files(entry[3]):
            self.found[entry[0]] = (key, entry[1], entry[2], entry[3])
            # The chapter lives as long as the build: out of the collector's sight until the
            # book is parsed (prepare), or every collection walks the model read so far again
            # (0.8 s of a 1,000-chapter preview). An entry holds no garbage to collect.
            freeze()
            return entry[0]
        own = Diagnostics(severities=diagnostics.severities)  # book.yaml's `diagnostics:`
        source = split_front_matter(text, path, own)
        diagnostics.extend(own)
        self.found[source] = (key if not own.items else None, None, "", ())
        return source

    def _same_files(self, named: tuple) -> bool:
        """Whether the files a chapter named when it was parsed (images: (path, digest)) are
        the same now (a validated read: each is hashed once per build, only if named)."""
        return all(
            isinstance(item, tuple) and len(item) == 2 and self.keys.named_file(item[0]) == item[1]
            for item in named
        )

    def parse_one(self, source, sources, diagnostics: Diagnostics, written_in: str = "", flavour=None):
        key, chapter, parsed_in, named = self.found.get(source, (None, None, "", ()))
        # The language sets its question wordings; the flavour (issue 25) how the text reads.
        reading = written_in + (f"|{flavour.name}|{flavour.questions}" if flavour else "")
        if chapter is not None and parsed_in == reading:
            self.keys_of[chapter] = key
            self.entries[key] = (source, chapter, parsed_in, named)
            return chapter
        own = Diagnostics(severities=diagnostics.severities)  # book.yaml's `diagnostics:`
        with reads.recording() as read:  # the files it names (images), as the parser reads them
            chapter = self.parse_chapter(source, sources, own, written_in, flavour)
        diagnostics.extend(own)
        if chapter is not None:  # (hashed now: the book's key and the recordings' name them)
            named = tuple((str(path), self.keys.named_file(path)) for path in sorted(set(map(str, read))))
            # A chapter that embeds other notes is more than its own text: never reused.
            if key is not None and not own.items and not chapter.embeds:
                self.keys_of[chapter] = key
                self.entries[key] = (source, chapter, reading, named)
                self.parsed_now.append(key)  # stored by `store_parsed`
        return chapter

    # The acronym step's journal (model/journal.py): recorded by a book's build, with the keys
    # of the chapters it read, so a preview whose chapters before it are those starts there.

    def _chain(self, chapters: list[Chapter]) -> list[str | None]:
        """For each count n of chapters from the start, a digest of those n chapters' keys
        (None once a chapter has no entry: what it holds is not known)."""
        chain: list[str | None] = [""]
        for chapter in chapters:
            key, last = self.keys_of.get(chapter), chain[-1]
            chain.append(digest(last, key) if key is not None and last is not None else None)
        return chain

    def _journal_key(self, settings: str) -> str:
        return digest("acronyms", self.keys.code, self.keys.around_chapters, settings)

    def record_journal(self, book: Book, settings: str) -> None:
        self.cache.put(
            "acronyms", self._journal_key(settings), (self._chain(book.chapters), book.acronym_journal)
        )

    def recorded_journal(self, book: Book, settings: str) -> AcronymJournal | None:
        """The journal to resume the acronym step from at the last of `book.chapters`."""
        entry = self.cache.get("acronyms", self._journal_key(settings))
        before = len(book.chapters) - 1
        if not (is_entry_of(entry, list, AcronymJournal) and len(entry[0]) > before):
            return None
        chain, journal = entry
        if chain[before] is None or chain[before] != self._chain(book.chapters[:before])[-1]:
            return None
        return replace(journal, resume_at=before + 1)
